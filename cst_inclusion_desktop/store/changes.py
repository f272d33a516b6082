"""Hearing that someone else changed the record, without polling its tables.

On PostgreSQL every audit event raises ``NOTIFY cst_inclusion_changes, 'entity:id'`` (the trigger
migration 0011 adds), and a listener holds its own connection with ``LISTEN``: the GUI watches
that connection's socket and drains it when it becomes readable. On SQLite there is no
notification between processes; the file's and its write-ahead log's size and time move
whenever a connection commits, which is cheap enough to look at every two seconds.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Protocol

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.domain.records import RecordChange
from cst_inclusion_desktop.store.database import Database

CHANNEL = "cst_inclusion_changes"
# SQLite cannot say what changed, only that something did.
ANY_CHANGE = RecordChange("", "")


class ChangeListener(Protocol):
    def fileno(self) -> int | None:
        """The socket to watch for readability, or None: call ``drain`` on a timer."""

    def drain(self) -> list[RecordChange]:
        """Changes heard since the last call (never blocks); DatabaseError if the link is lost."""

    def close(self) -> None: ...


def listen(database: Database) -> ChangeListener:
    if database.is_sqlite:
        assert database.path is not None, "a SQLite database here is always a file"
        return FileChangeListener(str(database.path))
    return ServerChangeListener(database)


class ServerChangeListener:
    """``LISTEN`` on a connection of its own, made like every other (same login, TLS and
    password source), and thrown away on close so no pooled connection keeps listening."""

    def __init__(self, database: Database) -> None:
        self.description = database.description
        import psycopg

        try:
            # The pool hands back the driver's own error, not SQLAlchemy's, when it cannot connect.
            self._raw = database.engine.raw_connection()
        except (SQLAlchemyError, psycopg.Error, OSError) as error:
            raise self._lost(error) from error
        driver: Any = self._raw.driver_connection
        driver.rollback()
        driver.autocommit = True
        driver.execute(f"LISTEN {CHANNEL}")
        self._pgconn = driver.pgconn

    def fileno(self) -> int | None:
        return int(self._pgconn.socket)

    def drain(self) -> list[RecordChange]:
        import psycopg

        heard: list[RecordChange] = []
        try:
            self._pgconn.consume_input()
            while (note := self._pgconn.notifies()) is not None:
                entity, _, entity_id = note.extra.decode("utf-8", "replace").partition(":")
                heard.append(RecordChange(entity, entity_id))
        except (psycopg.Error, OSError) as error:
            raise self._lost(error) from error
        if self._pgconn.status != psycopg.pq.ConnStatus.OK:
            raise self._lost(None)
        return heard

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a link already gone must not fail
            self._raw.invalidate()

    def _lost(self, error: BaseException | None) -> DatabaseError:
        reason = ""
        if isinstance(error, DBAPIError) and error.orig is not None:
            error = error.orig
        if error is not None:
            reason = f": {str(error).strip().splitlines()[0] if str(error).strip() else ''}"
        return DatabaseError(f"connection to {self.description} lost{reason}")


class FileChangeListener:
    """The file's (and its write-ahead log's) size and modification time: they move when any
    connection (another window, another process) commits. No connection is held open, so a
    restore or a switch can replace the file at any time."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._seen = self._stamp()

    def fileno(self) -> int | None:
        return None

    def drain(self) -> list[RecordChange]:
        stamp = self._stamp()
        if stamp == self._seen:
            return []
        self._seen = stamp
        return [ANY_CHANGE]

    def close(self) -> None:
        pass

    def _stamp(self) -> tuple[tuple[int, int], ...]:
        stamps = []
        for name in (self._path, f"{self._path}-wal"):
            try:
                found = os.stat(name)
            except OSError:
                stamps.append((0, 0))
                continue
            stamps.append((found.st_mtime_ns, found.st_size))
        return tuple(stamps)
