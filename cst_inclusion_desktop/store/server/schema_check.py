"""The opening check of a server database (SQLite's file checks do not apply there).

An app login never migrates: the database must be at this app's schema revision, set up
(the grants table, forced row-level security on every school table), and reachable. Anything
else is refused in one line saying what IT should run.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.store.migrate import current_revision, head_revision, known_revisions
from cst_inclusion_desktop.store.server.policies import SCHOOL_TABLES

_FORCED = text(
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'public' AND c.relrowsecurity AND c.relforcerowsecurity"
)


def connection_failure(database: Database, error: OperationalError) -> DatabaseError:
    """ "Cannot reach or sign in to the server", with libpq's own first line of reason."""
    reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    return DatabaseError(f"cannot connect to {database.description}: {reason}")


def check_server_schema(database: Database) -> None:
    try:
        revision = current_revision(database)
        with database.engine.connect() as connection:
            forced = set(connection.execute(_FORCED).scalars())
    except OperationalError as error:
        raise connection_failure(database, error) from error
    except SQLAlchemyError as error:
        raise DatabaseError(f"{database.description}: {type(error).__name__}") from error
    head = head_revision()
    setup = "cst-inclusion server setup --admin-url OWNER_URL"
    if revision is None:
        raise DatabaseError(f"{database.description} is not set up yet: IT runs `{setup}`")
    if revision not in known_revisions():
        raise DatabaseError(
            f"{database.description} was upgraded by a newer CST Inclusion Desktop (schema "
            f"{revision}; this version knows {head}): install the newer version"
        )
    if revision != head:
        raise DatabaseError(
            f"{database.description} is at schema {revision}, this app needs {head}: IT runs "
            "`cst-inclusion server upgrade --admin-url OWNER_URL`"
        )
    missing = sorted(set(SCHOOL_TABLES) - forced)
    if missing:
        raise DatabaseError(
            f"{database.description}: row-level security is not in force on "
            f"{', '.join(missing)}: IT runs `cst-inclusion server upgrade --admin-url OWNER_URL`"
        )
