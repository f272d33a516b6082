"""Who is signed in: the server login, its role and its schools (None on a SQLite file)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.engine import make_url

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.records import Identity
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.store.server import access
from cst_inclusion_desktop.store.server.policies import VIEWER


class IdentityService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def who(self) -> Identity | None:
        if not self.context.database.is_server:
            return None
        with self.context.read() as session:
            signed_in = access.signed_in(session)
        return Identity(
            login=signed_in.login,
            role_words=signed_in.role_words,
            schools=signed_in.schools,
            read_only=signed_in.roles == (VIEWER,),
        )


def with_login(settings: Settings, login: str) -> Settings:
    """The same server and database, signed in as ``login`` (no password in the URL)."""
    url = make_url(settings.database).set(username=login, password=None)
    return replace(settings, database=url.render_as_string(hide_password=False))


def url_login(settings: Settings) -> str:
    """The login the server URL names, or ""."""
    return make_url(settings.database).username or ""


def server_place(settings: Settings) -> tuple[str, str]:
    """The server's host and the database name, as a sign-in dialog shows them."""
    url = make_url(settings.database)
    return url.host or "local", url.database or ""
