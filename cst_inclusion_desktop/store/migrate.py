"""Bring a database's schema to the version this app knows, guarded.

A database made by a newer app is refused untouched; an existing database is backed up
(through the callback the caller gives) before any migration runs. The revision is read with a
plain query and the known revisions from the migration files' headers, so Alembic (about a
tenth of a second to import) is loaded only when a migration actually runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.store.revisions import MIGRATIONS_DIR, head_revision, known_revisions

if TYPE_CHECKING:
    from alembic.config import Config

# The revisions live in revisions.py (no SQLAlchemy there); named here too, as before.
__all__ = [
    "MIGRATIONS_DIR",
    "current_revision",
    "ensure_schema",
    "head_revision",
    "known_revisions",
    "migration_config",
]
log = logging.getLogger(__name__)


def migration_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def current_revision(database: Database) -> str | None:
    """The schema revision stamped in the database (None for a new, empty file)."""
    with database.engine.connect() as connection:
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError):  # no version table: new, or not ours
            return None
    return str(row[0]) if row is not None else None


def ensure_schema(database: Database, backup: Callable[[str], Path | None] | None = None) -> bool:
    """Upgrade to head if needed; return True when a migration ran.

    ``backup`` receives a label ("pre-migration") and must copy the database before we touch it.
    """
    head = head_revision()
    current = current_revision(database)
    if current == head:
        return False
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            f"{database.description} was made by a newer version of CST Inclusion Desktop "
            f"(schema {current}); this version knows schema {head}. Install the newer version. "
            "The database was not changed."
        )
    if current is None and _has_foreign_tables(database):
        raise DatabaseError(
            f"{database.description} is not a CST Inclusion Desktop database "
            "(it has tables but no schema version). It was not changed."
        )
    if database.read_only:
        raise DatabaseError(
            f"{database.description} needs upgrading (schema {current} to {head}) but is open "
            "read-only; open it from a writable location."
        )
    if current is not None and backup is not None:
        backup("pre-migration")
    log.info("Migrating %s from %s to %s", database.description, current, head)
    from alembic import command

    config = migration_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True


def _has_foreign_tables(database: Database) -> bool:
    names = set(inspect(database.engine).get_table_names())
    return bool(names - {"alembic_version"})
