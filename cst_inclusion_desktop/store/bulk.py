"""Settings for one large bulk write (the demo trust), kept here because they are SQLite's own.

SQLite's default page cache (2 MB) is far smaller than the indexes a 100,000-action build
touches, so pages are written to the WAL again and again; a larger cache for the length of the
write halves the build's time. The connection's own setting is restored afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

BULK_CACHE_KIB = 256 * 1024


@contextmanager
def large_cache(session: Session) -> Iterator[None]:
    """Give this session's connection a large page cache while the block runs (SQLite only)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")
