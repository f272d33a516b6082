"""Opening the configured database: the one way in for the CLI and the GUI.

Nothing writes to a file before it is known to be a healthy database of this app: the file is
first looked at through a read-only connection (header, ``quick_check``, schema version, and
its objects against what the app's migrations create), and only then opened read-write, which
switches on WAL. A damaged, foreign, too-new or altered file is refused with its bytes
unchanged. An older schema is migrated after a backup, and the day's backup is made. Kept apart
from ``context.py`` so that the backup and recovery modules can use the context without an
import cycle.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import DatabaseError, NotFoundError
from cst_inclusion_desktop.paths import create_private_file, make_private_folder
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.safety.backup import backup_before, start_up_backup
from cst_inclusion_desktop.services.safety.leftovers import remove_leftovers
from cst_inclusion_desktop.services.safety.recovery import check_healthy, opening_failure
from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.store.migrate import ensure_schema
from cst_inclusion_desktop.store.server import access
from cst_inclusion_desktop.store.server.schema_check import check_server_schema, connection_failure


def open_context(
    settings: Settings,
    *,
    create: bool = False,
    migrate: bool = True,
    daily_backup: bool = True,
    read_only: bool | None = None,
    allow_foreign: bool = False,
    password: str | None = None,
) -> AppContext:
    """Open the configured database; ``create`` allows a new empty file to be made.

    ``daily_backup=False`` leaves the day's backup (seconds on a large trust) to the caller: the
    GUI makes it in the background once its window is on screen (``ui/safety/start_up_backup.py``).
    ``allow_foreign`` is for the commands that report or remove foreign objects. ``password``
    is what the GUI's sign-in dialog was given for a server (kept in memory only, never stored).
    """
    remove_leftovers(settings)
    path = settings.database_path
    existed = "://" not in settings.database and path.is_file()
    if "://" in settings.database:
        return _open_server(settings, migrate=migrate, password=password)
    else:
        if not path.exists() and not create:
            raise NotFoundError(
                "database", str(path), "an existing database: run `cst-inclusion init` first"
            )
        if not (create and _new_or_empty(path)):
            check_healthy(settings, allow_foreign=allow_foreign)
        database = Database.open_file(path, read_only=read_only)
    context = AppContext(database=database, settings=settings)
    if migrate:
        try:
            ensure_schema(database, lambda label: backup_before(context, label))
        except SQLAlchemyError as error:  # damaged, unreadable, locked: explained, not raw
            database.dispose()
            raise opening_failure(settings, error) from error
        except Exception:
            database.dispose()
            raise
        if daily_backup and existed and not database.read_only:
            start_up_backup(context)  # at most once a day; never blocks opening
    return context


def _open_server(settings: Settings, *, migrate: bool, password: str | None = None) -> AppContext:
    """A server database: its revision and rules checked (an app login never migrates; IT
    runs `server upgrade`), no file checks and no file backups (the server has pg_dump)."""
    connect_args = settings.server_connect_args
    if password is not None:
        connect_args = {**connect_args, "password": password}
    database = Database(settings.database, connect_args=connect_args)
    try:
        if migrate:
            check_server_schema(database)
        with database.read() as session:
            login = access.login(session)
    except OperationalError as error:
        database.dispose()
        raise connection_failure(database, error) from error
    except Exception:
        database.dispose()
        raise
    return AppContext(database=database, settings=settings, server_login=login)


def _new_or_empty(path: Path) -> bool:
    """Make a new database file private to the user; True if there is no database in it yet."""
    try:
        make_private_folder(path.parent)
        if create_private_file(path):
            return True
        return path.is_file() and path.stat().st_size == 0
    except OSError as error:
        raise DatabaseError(f"cannot create {path}: {error.strerror}") from error


def database_exists(settings: Settings) -> bool:
    return "://" in settings.database or Path(settings.database_path).exists()
