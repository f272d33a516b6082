"""Calls to the server's user functions (``user_functions.py``), with their refusals in words.

The password is turned into a SCRAM-SHA-256 verifier here, by libpq on this machine, so only
the verifier travels to the server; the password is never logged or kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.store.server.access import INSUFFICIENT_PRIVILEGE, signed_in

# The functions' own refusals: a bad role or URN, an unknown or existing login.
_EXPLAINED = {"22023", "42710"}


@dataclass(frozen=True)
class LoginRow:
    login: str
    role: str
    can_sign_in: bool
    schools: list[str]


def _call(session: Session, sql: str, values: dict[str, Any]) -> Any:
    try:
        with session.begin_nested():
            return session.execute(text(sql), values).scalar()
    except DBAPIError as error:
        state = getattr(error.orig, "sqlstate", None)
        if state in _EXPLAINED:
            first = str(error.orig).splitlines()[0].replace(" - expected", " — expected")
            raise InclusionError(first) from error
        if state == INSUFFICIENT_PRIVILEGE:
            session.rollback()
            who = signed_in(session)
            raise InclusionError(
                f"you ({who.login}, {who.role_words}) may not manage users: only the database "
                "owner and trust leads may"
            ) from error
        raise


def scram_verifier(session: Session, login: str, password: str) -> str:
    connection: Any = session.connection().connection.driver_connection
    verifier: bytes = connection.pgconn.encrypt_password(
        password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
    )
    return verifier.decode("ascii")


def add_login(session: Session, login: str, role: str, password: str | None) -> None:
    verifier = scram_verifier(session, login, password) if password else None
    _call(
        session,
        "SELECT cst_add_user(:login, :role, :verifier)",
        {"login": login, "role": role, "verifier": verifier},
    )


def grant_school(session: Session, login: str, urn: str) -> bool:
    return bool(_call(session, "SELECT cst_grant_school(:l, :u)", {"l": login, "u": urn}))


def revoke_school(session: Session, login: str, urn: str) -> bool:
    return bool(_call(session, "SELECT cst_revoke_school(:l, :u)", {"l": login, "u": urn}))


def disable_login(session: Session, login: str) -> None:
    _call(session, "SELECT cst_disable_user(:l)", {"l": login})


def list_logins(session: Session) -> list[LoginRow]:
    try:
        with session.begin_nested():
            rows = session.execute(text("SELECT * FROM cst_users()")).all()
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        session.rollback()
        who = signed_in(session)
        raise InclusionError(
            f"you ({who.login}, {who.role_words}) may not list users: only the database "
            "owner and trust leads may"
        ) from error
    return [
        LoginRow(str(login), str(role or ""), bool(can), schools.split(",") if schools else [])
        for login, role, can, schools in rows
    ]
