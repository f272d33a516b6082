"""The open database plus who is working: what every service needs.

``open_context`` is the one way in for the CLI and the GUI: it opens the database named by the
settings, refuses a newer schema untouched, and migrates an older one after a backup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import DatabaseError, NotFoundError
from cst_inclusion_desktop.services.safety.audit import AuditTrail
from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.store.migrate import ensure_schema

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


@dataclass
class AppContext:
    database: Database
    settings: Settings
    today_override: date | None = field(default=None)

    @property
    def actor(self) -> str:
        return self.settings.actor

    def today(self) -> date:
        return self.today_override or date.today()

    @contextmanager
    def write(self) -> Iterator[tuple[Session, AuditTrail]]:
        """One transaction with its audit trail; both commit together or not at all."""
        with self.database.write() as session:
            trail = AuditTrail(session, self.actor)
            yield session, trail
            trail.flush()

    def read(self) -> AbstractContextManager[Session]:
        """A read-only snapshot; nothing done in it is committed."""
        return self.database.read()

    def close(self) -> None:
        self.database.dispose()


def open_context(
    settings: Settings, *, create: bool = False, migrate: bool = True, daily_backup: bool = True
) -> AppContext:
    """Open the configured database; ``create`` allows a new empty file to be made.

    ``daily_backup=False`` leaves the day's backup (seconds on a large trust) to the caller: the
    GUI makes it in the background once its window is on screen (``ui/safety/start_up_backup.py``).
    """
    path = settings.database_path
    existed = "://" not in settings.database and path.is_file()
    if "://" in settings.database:
        database = Database(settings.database)
    else:
        if not path.exists() and not create:
            raise NotFoundError(
                "database", str(path), "an existing database: run `cst-inclusion init` first"
            )
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(f"cannot create folder {path.parent}: {error}") from error
        database = Database.open_file(path)
    context = AppContext(database=database, settings=settings)
    if migrate:
        from cst_inclusion_desktop.services.safety.backup import backup_before, start_up_backup

        try:
            ensure_schema(database, lambda label: backup_before(context, label))
        except SQLAlchemyError as error:  # damaged, unreadable, locked: explained, not raw
            database.dispose()
            from cst_inclusion_desktop.services.safety.recovery import opening_failure

            raise opening_failure(settings, error) from error
        except Exception:
            database.dispose()
            raise
        if daily_backup and existed and not database.read_only:
            start_up_backup(context)  # at most once a day; never blocks opening
    return context


def database_exists(settings: Settings) -> bool:
    return "://" in settings.database or Path(settings.database_path).exists()
