"""Logins and their school grants (server mode only; the owner or a trust lead runs these)."""

from __future__ import annotations

import re

from cst_inclusion_desktop.domain.errors import InclusionError, ValidationError
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.store.server import users
from cst_inclusion_desktop.store.server.policies import APP_ROLES
from cst_inclusion_desktop.store.server.users import LoginRow

# PostgreSQL folds unquoted names to lower case: logins are kept lower case so that `psql -U`
# and the app mean the same person.
LOGIN_PATTERN = re.compile(r"[a-z_][a-z0-9_.@-]{0,62}")
URN_PATTERN = re.compile(r"\d{6}")


class UserService:
    def __init__(self, context: AppContext) -> None:
        if not context.database.is_server:
            raise InclusionError(
                f"users need server mode: {context.database.description} is a SQLite file "
                "(give --db postgresql+psycopg://LOGIN@HOST:PORT/DBNAME)"
            )
        self.context = context

    def add(self, login: str, role: str, schools: list[str], password: str | None) -> None:
        login = check_login(login)
        if role not in APP_ROLES:
            raise ValidationError("--role", role, "senco, trust_lead or viewer")
        for urn in schools:
            check_urn(urn)
        with self.context.database.write() as session:
            users.add_login(session, login, role, password)
            for urn in schools:
                users.grant_school(session, login, urn)

    def grant(self, login: str, urn: str) -> bool:
        with self.context.database.write() as session:
            return users.grant_school(session, check_login(login), check_urn(urn))

    def revoke(self, login: str, urn: str) -> bool:
        with self.context.database.write() as session:
            return users.revoke_school(session, check_login(login), check_urn(urn))

    def disable(self, login: str) -> None:
        with self.context.database.write() as session:
            users.disable_login(session, check_login(login))

    def list(self) -> list[LoginRow]:
        with self.context.database.read() as session:
            return users.list_logins(session)


def check_login(login: str) -> str:
    if not LOGIN_PATTERN.fullmatch(login) or login.startswith("pg_"):
        raise ValidationError(
            "LOGIN",
            login,
            "a login of lower-case letters, digits and _ . @ - (up to 63, not starting pg_)",
        )
    return login


def check_urn(urn: str) -> str:
    if not URN_PATTERN.fullmatch(urn):
        raise ValidationError("--school", urn, "a six-digit URN")
    return urn
