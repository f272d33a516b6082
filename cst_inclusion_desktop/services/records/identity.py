"""Who is signed in: the server login, its role and its schools (None on a SQLite file)."""

from __future__ import annotations

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
