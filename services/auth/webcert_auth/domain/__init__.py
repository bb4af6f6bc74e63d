"""Plain Python rules of the auth service: no Flask, SQLAlchemy or kombu here."""
