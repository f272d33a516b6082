"""Engine set-up and transactions.

The database URL is the single switch between the embedded SQLite file and a server. SQLite
pragmas are set in the engine's ``connect`` event; write transactions start with
``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of failing half-way.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cst_inclusion_desktop.domain.errors import DatabaseError, ReadOnlyError

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: Path, *, read_only: bool = False, immutable: bool = False) -> str:
    if read_only:
        extra = "&immutable=1" if immutable else ""
        return f"sqlite:///file:{path.as_posix()}?mode=ro{extra}&uri=true"
    return f"sqlite:///{path.as_posix()}"


def needs_immutable(path: Path) -> bool:
    """True for a WAL database in a folder we cannot write (read-only media).

    SQLite reads a WAL database read-only only if its -shm file exists or can be created; when
    neither holds, ``immutable=1`` lets it read the file as it is (no one can write there).
    """
    try:
        connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        return "unable to open" in str(error) and not os.access(path.parent, os.W_OK)
    except sqlite3.Error:
        return False
    return False


def roll_back_interrupted_write(path: Path) -> bool:
    """Let SQLite put back the last committed state after a crash mid-write; True if it did.

    A rollback-journal database (a restored backup, until it is first opened) killed during a
    write keeps a "hot" ``-journal``. A read-only connection cannot roll it back ("attempt to
    write a readonly database"), so the file would look unreadable although it only needs
    SQLite's own crash recovery: a plain read on a read-write connection does that (it writes
    back the pages the journal kept, then deletes the journal) and nothing else.
    """
    journal = Path(f"{path}-journal")
    try:
        if journal.stat().st_size == 0:
            return False
    except OSError:
        return False
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return False
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        log.warning("Could not roll back the interrupted write to %s: %s", path, error)
        return False
    rolled_back = not journal.exists()
    if rolled_back:
        log.warning("Rolled back a write to %s that a crash had interrupted", path)
    return rolled_back


def is_network_path(path: Path) -> bool:
    """True for UNC paths and mapped network drives, where SQLite must not be shared."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt" and len(text) >= 2 and text[1] == ":":
        try:
            import ctypes

            drive_remote = 4
            drive_type: int = ctypes.windll.kernel32.GetDriveTypeW(text[:3])  # type: ignore[attr-defined,unused-ignore]
            return drive_type == drive_remote
        except (AttributeError, OSError):
            return False
    return False


class Database:
    """One open database: an engine plus read and write session factories."""

    def __init__(
        self,
        url: str,
        *,
        path: Path | None = None,
        read_only: bool = False,
        connect_args: dict[str, str] | None = None,
    ) -> None:
        self.url = url
        self.path = path
        self.read_only = read_only
        self.journal_mode = ""
        options: dict[str, Any] = {"future": True, "hide_parameters": True}
        if url.startswith("postgresql"):
            # libpq's own sources give the password (PGPASSWORD, the pgpass file, a service
            # file); TLS options come from the config (sslmode, sslrootcert).
            options["connect_args"] = {
                "application_name": "cst-inclusion",
                # No server-side prepared statements: a prepared query is planned once for any
                # values, and that generic plan cannot use the index of open actions (0014),
                # whose statuses must be seen to match, nor judge one status's share; the
                # list's and overview's queries plan in well under a millisecond each time.
                "prepare_threshold": None,
                **(connect_args or {}),
            }
            options["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **options)
        if self.engine.dialect.name == "sqlite":
            _configure_sqlite(self)
        elif self.engine.dialect.name == "postgresql":
            event.listen(self.engine, "connect", _iso_dates)
        self._write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)

    @classmethod
    def open_file(cls, path: Path, *, read_only: bool | None = None) -> Database:
        path = path.expanduser().resolve()
        if read_only is None:
            read_only = path.exists() and not _is_writable(path)
        if is_network_path(path):
            log.warning("Database %s is on a network drive: do not open it from several PCs", path)
        immutable = read_only and path.exists() and needs_immutable(path)
        url = sqlite_url(path, read_only=read_only, immutable=immutable)
        return cls(url, path=path, read_only=read_only)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_server(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def description(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: commits if the block succeeds, rolls back everything if not."""
        if self.read_only:
            raise ReadOnlyError(
                f"{self.description} is open read-only (the file or its folder cannot be "
                "written); nothing was changed"
            )
        try:
            with self._write_sessions.begin() as session:
                yield session
        except OperationalError as error:
            raise translate_operational_error(error, self.description) from error
        except DBAPIError as error:
            if self.is_server:
                from cst_inclusion_desktop.store.server.access import translate_server_error

                refused = translate_server_error(self, error)
                if refused is not None:
                    raise refused from error
            raise

    def dispose(self) -> None:
        self.engine.dispose()


def translate_operational_error(error: OperationalError, where: str) -> DatabaseError:
    text = str(error.orig) if error.orig is not None else str(error)
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"{where} is busy: another copy of the app is writing to it. Try again in a moment; "
            "nothing was changed"
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyError(f"{where} cannot be written ({text}); nothing was changed")
    if "disk is full" in text or "full" in text:
        return DatabaseError(f"{where}: the disk is full; the last saved state is intact")
    return DatabaseError(f"{where}: {text}")


def _is_writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _lower(value: str | bytes | int | float | None) -> str | bytes | int | float | None:
    return value.lower() if isinstance(value, str) else value


def _iso_dates(dbapi_connection: Any, _record: Any) -> None:
    """Dates as ISO text whatever the server's or the database's DateStyle (a UK server may
    be set to ``SQL, DMY``): the driver and the reports' reads (store/history.py, which
    casts days to text in the database) rely on it. Once per new connection."""
    dbapi_connection.execute("SET DateStyle = ISO")
    dbapi_connection.commit()


def _configure_sqlite(database: Database) -> None:
    engine = database.engine

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how each transaction starts.
        dbapi_connection.isolation_level = None
        # SQLite's own lower() folds ASCII only: search (``ilike`` is lower() LIKE lower())
        # must fold Ø and Ŵ as the FTS index and PostgreSQL do, so every letter is folded.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not database.read_only:
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
            database.journal_mode = str(mode[0]) if mode else ""
            if database.journal_mode.lower() != "wal":
                log.warning("SQLite refused WAL (journal_mode=%s)", database.journal_mode)
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")
