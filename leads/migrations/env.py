"""Alembic environment: migrations always run on the connection `migrate()` passes."""

from alembic import context
from sqlalchemy import text

MIGRATION_LOCK = 72_431_005  # any constant shared by all workers

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
