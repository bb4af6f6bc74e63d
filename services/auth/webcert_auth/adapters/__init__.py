"""Database tables, repositories and outside systems (the identity provider) of the auth service."""
