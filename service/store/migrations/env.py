"""Alembic environment: migrations run on the connection ``Database.migrate`` hands over."""

from __future__ import annotations

from alembic import context

from service.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through service.store.Database.migrate()")
# render_as_batch: SQLite alters tables by copying them; Alembic does that for us.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
