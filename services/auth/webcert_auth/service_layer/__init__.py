"""Handlers (one per command) and the unit of work of the auth service."""
