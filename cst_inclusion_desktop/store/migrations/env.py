"""Alembic environment: always run in code with a connection handed in by store/migrate.py."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from cst_inclusion_desktop.store.models import Base

connection = context.config.attributes["connection"]
is_sqlite = connection.dialect.name == "sqlite"

if is_sqlite:
    # Batch migrations copy tables; foreign keys must be off while they do (checked after).
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=is_sqlite,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
if is_sqlite:
    problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    connection.exec_driver_sql("PRAGMA foreign_keys = ON")
    if problems:
        raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")
