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
from cst_inclusion_desktop.store.sqlite_files import (
    BUSY_TIMEOUT_MS,
    is_network_path,
    needs_immutable,
    roll_back_interrupted_write,
    sqlite_url,
)

# The plain-sqlite3 helpers live in sqlite_files.py (no SQLAlchemy); named here too, as before.
__all__ = [
    "BUSY_TIMEOUT_MS",
    "Database",
    "is_network_path",
    "needs_immutable",
    "roll_back_interrupted_write",
    "sqlite_url",
    "translate_operational_error",
]

log = logging.getLogger(__name__)


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
