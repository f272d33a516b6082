"""Setting up and upgrading a server database, as its owner.

``apply_rules`` runs the same Alembic migrations as SQLite, then (re)applies the roles, grants,
policies, the audit trigger and the user functions in one transaction. It compares a
fingerprint of the catalogue before and after, so a second run can say truthfully that it
changed nothing.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError

from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.store.migrate import current_revision, ensure_schema, known_revisions
from cst_inclusion_desktop.store.server import policies
from cst_inclusion_desktop.store.server.access import INSUFFICIENT_PRIVILEGE
from cst_inclusion_desktop.store.server.user_functions import function_statements

log = logging.getLogger(__name__)

FINGERPRINT_QUERIES = (
    "SELECT tablename, policyname, roles::text, cmd, qual, with_check FROM pg_policies "
    "WHERE schemaname = 'public' ORDER BY 1, 2",
    "SELECT relname, relrowsecurity, relforcerowsecurity, relacl::text FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
    "AND c.relkind IN ('r', 'p') ORDER BY 1",
    "SELECT rolname FROM pg_roles WHERE rolname IN ('senco', 'trust_lead', 'viewer') ORDER BY 1",
    "SELECT proname, prosrc, proacl::text, prosecdef FROM pg_proc p JOIN pg_namespace n "
    "ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND proname LIKE 'cst%' ORDER BY 1",
    "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
    "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
    "SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'",
    "SELECT version_num FROM alembic_version",
)


@dataclass(frozen=True)
class SetupOutcome:
    changed: bool
    revision: str
    owner: str


def require_server(database: Database, what: str) -> None:
    if not database.is_server:
        raise DatabaseError(
            f"{what} needs a PostgreSQL URL (postgresql+psycopg://OWNER@HOST:PORT/DBNAME), "
            f"not {database.description}"
        )


def fingerprint(connection: Connection) -> str:
    digest = hashlib.sha256()
    for query in FINGERPRINT_QUERIES:
        try:
            with connection.begin_nested():
                rows = connection.exec_driver_sql(query).all()
        except DBAPIError:
            rows = []  # not there yet (alembic_version before the first set-up)
        digest.update(repr(rows).encode())
    return digest.hexdigest()


def apply_rules(database: Database) -> SetupOutcome:
    """Migrate to the head revision and apply every access rule, as the owner; idempotent.

    A database holding tables that are not this app's (no schema version) is refused: set-up
    is for an empty database or one it made itself. Nothing is half-applied: the rules go in
    one transaction, and a refusal by the server is explained in one line.
    """
    require_server(database, "server set-up")
    try:
        return _apply_rules(database)
    except OperationalError as error:
        from cst_inclusion_desktop.store.server.schema_check import connection_failure

        raise connection_failure(database, error) from error
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        reason = str(error.orig).strip().splitlines()[0]
        raise DatabaseError(
            f"{database.description}: the server refused set-up ({reason}). Run it as the "
            "database's owner, a role with CREATEROLE (see docs/it-guide.md). Nothing was "
            "changed."
        ) from error


def _apply_rules(database: Database) -> SetupOutcome:
    current = current_revision(database)
    if current is None and set(inspect(database.engine).get_table_names()):
        raise DatabaseError(
            f"{database.description} already holds tables that are not CST Inclusion Desktop's; "
            "set-up needs an empty database. Nothing was changed."
        )
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            f"{database.description} was set up by a newer CST Inclusion Desktop (schema "
            f"{current}); install the newer version. Nothing was changed."
        )
    with database.engine.connect() as connection:
        before = fingerprint(connection)
        connection.rollback()
    ensure_schema(database)
    with database.engine.begin() as connection:
        owner = str(connection.exec_driver_sql("SELECT current_user").scalar_one())
        quoted = connection.exec_driver_sql("SELECT quote_ident(current_user)").scalar_one()
        statements = [
            *policies.role_statements(),
            policies.GRANTS_TABLE,
            *policies.grant_statements(),
            *policies.policy_statements(str(quoted)),
            *policies.AUDIT_TRIGGER,
            *function_statements(),
        ]
        for statement in statements:
            connection.exec_driver_sql(statement.replace("%", "%%"))
        _search_indexes(connection)
    with database.engine.connect() as connection:
        after = fingerprint(connection)
        connection.rollback()
    revision = current_revision(database) or ""
    log.info("Server rules applied (changed: %s)", before != after)
    return SetupOutcome(changed=before != after, revision=revision, owner=owner)


def _search_indexes(connection: Connection) -> None:
    """pg_trgm GIN indexes behind case-insensitive search; skipped where the extension
    cannot be created (search then scans, with the same results)."""
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for statement in policies.SEARCH_INDEXES:
                connection.exec_driver_sql(statement)
    except DBAPIError as error:
        log.warning("No trigram search indexes (%s): search will scan", type(error).__name__)


def is_empty(database: Database) -> bool:
    """True when the server database holds no trust, school or action yet."""
    with database.engine.connect() as connection:
        for table in ("trust", "school", "action", "audit_event"):
            if connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar():
                return False
    return True
