"""Clients for the services behind the gateway."""
