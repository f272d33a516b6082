"""Copying every row of a SQLite trust into a server database, parents before children.

Rows are read and written in batches through the shared table definitions, so types convert
the same way the app reads them (UTC instants, dates, bytes) and evidence bytes are never all
in memory at once. The caller holds the target transaction: it commits only after the counts
match and the audit chain verifies.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.store.models import Base

# Every table the app's models define (criteria links, school keys and report anchors too),
# parents first so every foreign key finds its row. The coverage tallies are no model: the
# server's own triggers keep them as the links arrive.
TABLE_ORDER = tuple(table.name for table in Base.metadata.sorted_tables)
BATCH = 500
# Rows the migrations put in every new database (0008's toolkit and criteria): the trust's own
# copy replaces them, so a trust that edited its criteria keeps its edits and its links' ids.
SEEDED = ("inspection_criterion", "criteria_toolkit")


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def copy_rows(
    source: Session, target: Session, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy each table's rows; returns how many rows each table received."""
    copied: dict[str, int] = {}
    for name in SEEDED:
        target.execute(_table(name).delete())
    for name in TABLE_ORDER:
        table = _table(name)
        key = list(table.primary_key.columns)
        rows = source.execute(select(table).order_by(*key).execution_options(yield_per=BATCH))
        count = 0
        for batch in rows.partitions():
            target.execute(insert(table), [dict(row._mapping) for row in batch])
            count += len(batch)
            if progress is not None:
                progress(name, count)
        copied[name] = count
    return copied


def row_counts(session: Session) -> dict[str, int]:
    return {
        name: int(session.execute(select(func.count()).select_from(_table(name))).scalar_one())
        for name in TABLE_ORDER
    }


def refresh_statistics(database: Database) -> None:
    """``VACUUM (ANALYZE)`` the copied tables, after the copy commits (VACUUM cannot run in a
    transaction). Without fresh statistics the planner guesses at empty tables' sizes until
    autovacuum catches up, and without the visibility map the list's page of ids cannot be an
    index-only read (docs/benchmark.md); ~3 s on the reference trust."""
    names = ", ".join(TABLE_ORDER)
    with database.engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        autocommit.exec_driver_sql(f"VACUUM (ANALYZE) {names}")
