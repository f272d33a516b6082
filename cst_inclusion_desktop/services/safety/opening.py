"""Opening the configured database: the one way in for the CLI and the GUI.

It refuses a newer schema untouched, migrates an older one after a backup, explains a damaged
or locked file in plain words, and makes the day's backup. Kept apart from ``context.py`` so
that the backup and recovery modules can use the context without an import cycle.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import DatabaseError, NotFoundError
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.safety.backup import backup_before, start_up_backup
from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.store.migrate import ensure_schema


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
