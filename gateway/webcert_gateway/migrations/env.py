"""Alembic environment for the gateway's database; run through webcert_common.db.run_migrations."""
from alembic import context

import webcert_gateway.pu_state  # noqa: F401 - adds pu_state to the metadata
from webcert_gateway.security_events import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the gateway's migrations with webcert_common.db.run_migrations(engine, dir)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
