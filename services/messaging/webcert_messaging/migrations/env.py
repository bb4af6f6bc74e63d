"""Alembic environment for the messaging service: the connection comes from
``webcert_common.db.run_migrations`` (config.attributes["connection"])."""
from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the messaging migrations through webcert_common.db.run_migrations")

context.configure(connection=connection, target_metadata=None, version_table="alembic_version_messaging")
with context.begin_transaction():
    context.run_migrations()
