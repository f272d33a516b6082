"""Bring a database's schema to the version this app knows, guarded.

A database made by a newer app is refused untouched; an existing database is backed up
(through the callback the caller gives) before any migration runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.store.database import Database

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def migration_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(migration_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(migration_config())
    return {revision.revision for revision in script.walk_revisions()}


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


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
    config = migration_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True


def _has_foreign_tables(database: Database) -> bool:
    names = set(inspect(database.engine).get_table_names())
    return bool(names - {"alembic_version"})
