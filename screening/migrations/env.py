"""Alembic environment: runs on the connection the app hands over."""

from __future__ import annotations

from alembic import context

from screening.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through `screening db upgrade`, which supplies the app's database.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
