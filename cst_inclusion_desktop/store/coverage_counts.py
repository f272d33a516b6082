"""The inspection coverage's tallies (``coverage_count``, migration 0013; SQLite and PostgreSQL).

For each criterion and school the live links are counted by kind and period (``open`` actions
under ``''``; completed actions and evidence by month and by day), kept in step by triggers. A
12-month window adds up its whole months and the days of its two part months, so the coverage
reads about 15,000 tally rows instead of every link. Callers ask ``available`` and otherwise
count by joining the links.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    column,
    func,
    literal,
    select,
    table,
    union_all,
)
from sqlalchemy.orm import Session

COUNT_TABLE = "coverage_count"
# The table as SQLAlchemy Core sees it (``coverage_recount`` reads it too).
COUNTS = table(
    COUNT_TABLE,
    column("kind"),
    column("criterion_id"),
    column("school_id"),
    column("period"),
    column("n"),
)

Tallies = dict[tuple[str, str], list[int]]
"""(criterion id, school id) → [open actions, completed actions, evidence, evidence ever]."""


def available(session: Session) -> bool:
    """True on SQLite and PostgreSQL, where migration 0013 always makes the table (the app opens
    a database only at the newest revision, its schema checked), so no catalogue lookup is
    needed. On a server, row-level security shows each login the tallies of its schools."""
    return session.get_bind().dialect.name in {"sqlite", "postgresql"}


def month_key(day: date) -> str:
    """A month's period: "2026-12", as the triggers' ``substr(date, 1, 7)`` gives it."""
    return day.isoformat()[:7]


def read_tallies(session: Session, start: date, day: date) -> Tallies:
    """Every cell's four counts for the window ``start``..``day``."""
    found: Tallies = {}
    for statement in tally_statements(start, day):  # a fixed number, whatever the trust's size
        rows: list[Any] = list(session.execute(statement))
        for index, sign, criterion, school, count in rows:
            values = found.setdefault((criterion, school), [0, 0, 0, 0])
            values[int(index)] += int(sign) * int(count or 0)
    return found


def tally_statements(start: date, day: date) -> tuple[CompoundSelect[Any], CompoundSelect[Any]]:
    """The actions' and the evidence's reads for the window ``start``..``day`` (at least two
    months long); each row is (count index, sign, criterion id, school id, tally).

    In the window: the whole months strictly between its first and last month, plus the days
    of those two part months. Evidence of any date up to ``day``: all of it less the days after.
    Each read is one range of the table's key, so a short one.
    """
    period = COUNTS.c.period
    first_month, last_month = month_key(start), month_key(day)
    after_first = (start.replace(day=28) + timedelta(days=4)).replace(day=1).isoformat()
    last_begins = day.replace(day=1).isoformat()
    window = {
        "month": [period > first_month, period < last_month],
        "first days": [period >= start.isoformat(), period < after_first],
        "last days": [period >= last_begins, period <= day.isoformat()],
    }
    actions = [_sums("open", 0, 1, period == "")] + [
        _sums("done_month" if part == "month" else "done_day", 1, 1, *terms)
        for part, terms in window.items()
    ]
    evidence = [
        _sums("evidence_all", 3, 1, period == ""),
        _sums("evidence_day", 3, -1, period > day.isoformat()),
    ] + [
        _sums("evidence_month" if part == "month" else "evidence_day", 2, 1, *terms)
        for part, terms in window.items()
    ]
    return union_all(*actions), union_all(*evidence)


def _sums(
    kind: str, index: int, sign: int, *terms: ColumnElement[bool]
) -> Select[tuple[int, int, str, str, int]]:
    """The tallies of ``kind`` in one range of the key, by criterion and school, labelled with
    the cell's count they go to (``index``) and whether they add or subtract (``sign``)."""
    criterion_id, school_id = COUNTS.c.criterion_id, COUNTS.c.school_id
    return (
        select(
            literal(index).label("count_index"),
            literal(sign).label("sign"),
            criterion_id,
            school_id,
            func.sum(COUNTS.c.n),
        )
        .where(COUNTS.c.kind == kind, *terms)
        .group_by(criterion_id, school_id)
    )
