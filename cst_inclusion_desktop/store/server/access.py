"""Who is signed in to the server, and a refusal in plain words.

The database decides (row-level security, grants); this module only explains: a refused write
(SQLSTATE 42501) becomes one line naming the login, its role and its schools, and the audit
trail learns the login and takes the one lock that keeps the hash chain a single chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.errors import AccessRefusedError, InclusionError
from cst_inclusion_desktop.store.server.policies import APP_ROLES, AUDIT_LOCK, ROLE_WORDS, SENCO

if TYPE_CHECKING:
    from cst_inclusion_desktop.store.database import Database

INSUFFICIENT_PRIVILEGE = "42501"
_WHO = text(
    "SELECT session_user::text, "
    + ", ".join(f"pg_has_role(session_user, '{role}', 'MEMBER')" for role in APP_ROLES)
)
_MY_SCHOOLS = text(
    "SELECT s.urn FROM user_school g JOIN school s ON s.id = g.school_id "
    "WHERE g.login = session_user ORDER BY s.urn"
)


@dataclass(frozen=True)
class SignedIn:
    """The login on a server connection, its app roles and the URNs granted to it."""

    login: str
    roles: tuple[str, ...]
    schools: tuple[str, ...]

    @property
    def role_words(self) -> str:
        return ", ".join(ROLE_WORDS[role] for role in self.roles) or "no app role"

    @property
    def limited_to_schools(self) -> bool:
        return self.roles == (SENCO,)

    @property
    def schools_text(self) -> str:
        return ", ".join(self.schools) if self.schools else "none"


def is_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def login(session: Session) -> str | None:
    """The server login of this session (who the audit log names), None on SQLite."""
    if not is_server(session):
        return None
    return str(session.execute(text("SELECT session_user::text")).scalar_one())


def signed_in(session: Session) -> SignedIn:
    row = session.execute(_WHO).one()
    roles = tuple(role for role, member in zip(APP_ROLES, row[1:], strict=True) if member)
    try:
        schools = tuple(str(urn) for urn in session.execute(_MY_SCHOOLS).scalars())
    except SQLAlchemyError:
        schools = ()  # set-up not applied (no grants table): no school grants
    return SignedIn(str(row[0]), roles, schools)


def serialise_audit(session: Session) -> None:
    """Hold the audit lock to commit, so concurrent writers append one after another."""
    if is_server(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})


def school_refusal(session: Session, key: str) -> AccessRefusedError | None:
    """Why a SENCO cannot use a school they cannot see (None where that is not the reason)."""
    if not is_server(session):
        return None
    who = signed_in(session)
    if not who.limited_to_schools:
        return None
    return AccessRefusedError(
        f"school {key}: you ({who.login}) may change only the schools granted to you: "
        f"{who.schools_text}"
    )


def translate_server_error(database: Database, error: DBAPIError) -> InclusionError | None:
    """A refusal by the server's rules, in one line; None for any other error."""
    if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
        return None
    table = getattr(getattr(error.orig, "diag", None), "table_name", None) or _table_in(error)
    try:
        with database.read() as session:
            who = signed_in(session)
    except SQLAlchemyError:
        return AccessRefusedError("the server refused this change; nothing was changed")
    where = f"{table}: " if table else ""
    if who.limited_to_schools and table in {"action", "evidence", "review", "blob", None}:
        return AccessRefusedError(
            f"{where}you ({who.login}) may change only the schools granted to you: "
            f"{who.schools_text}; nothing was changed"
        )
    return AccessRefusedError(
        f"{where}you ({who.login}, {who.role_words}) may not make this change; nothing was changed"
    )


def _table_in(error: DBAPIError) -> str | None:
    message = str(error.orig)
    for marker in ('for table "', "for table "):
        if marker in message:
            return message.split(marker, 1)[1].split('"', 1)[0].split()[0]
    return None
