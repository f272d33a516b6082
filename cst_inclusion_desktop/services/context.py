"""The open database plus who is working: what every service needs.

``services.safety.opening.open_context`` makes one: the one way in for the CLI and the GUI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.services.safety.audit import AuditTrail
from cst_inclusion_desktop.store.database import Database

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


@dataclass
class AppContext:
    database: Database
    settings: Settings
    today_override: date | None = field(default=None)
    # On a server: the login that signed in, which is who the audit log and the records name.
    server_login: str | None = field(default=None)
    audit_operation: Operation | None = field(default=None)
    """While set (``audited_as``), every event written is recorded as this operation."""

    @property
    def actor(self) -> str:
        return self.server_login or self.settings.actor

    def today(self) -> date:
        return self.today_override or date.today()

    @contextmanager
    def write(self) -> Iterator[tuple[Session, AuditTrail]]:
        """One transaction with its audit trail; both commit together or not at all."""
        with self.database.write() as session:
            trail = AuditTrail(session, self.actor, self.today_override, self.audit_operation)
            yield session, trail
            trail.flush()

    @contextmanager
    def audited_as(self, operation: Operation) -> Iterator[None]:
        """Writes inside are audited as ``operation`` (Undo and Redo: their own events)."""
        self.audit_operation = operation
        try:
            yield
        finally:
            self.audit_operation = None

    def read(self) -> AbstractContextManager[Session]:
        """A read-only snapshot; nothing done in it is committed."""
        return self.database.read()

    def close(self) -> None:
        self.database.dispose()
        path = self.database.path
        if path is not None and not self.database.read_only and path.is_file():
            # Its own writes are closed: the next open need not read the file end to end.
            from cst_inclusion_desktop.services.safety import health_memory

            health_memory.remember_healthy(path)
