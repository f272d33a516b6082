"""coverage counts: the inspection coverage's tallies by criterion, school and period

Revision ID: 0013
Revises: 0007
Create Date: 2026-12-01 23:55:00

The Trust overview's coverage joined every one of the reference trust's 410,000 criterion links
to its action or evidence item (3 s). On SQLite this adds ``coverage_count``: for each kind,
period, criterion and school, how many live links there are (``open`` actions under period
``''``; ``done_month``/``done_day`` completed actions under their completed month and day;
``evidence_all`` under ``''`` and ``evidence_month``/``evidence_day`` evidence under its date's
month and day). Triggers on the
two link tables and on ``action`` and ``evidence`` keep it in step, so every write path (the
services, pack merge, import, undo, plain SQL) keeps it right. The coverage adds up the whole
months of its 12-month window and the days of the two part months at its ends: about 15,000
rows instead of every link.

Deleting an action or evidence item first deletes its links (a ``BEFORE DELETE`` trigger), so
the links' own triggers still see the item they subtract. PostgreSQL gets the same table and
the same trigger bodies as plpgsql trigger functions (``POSTGRES_TRIGGERS``): the tallying ones
run as the owner (SECURITY DEFINER), since no app login may write the table, and row-level
security lets each login read only the tallies of the schools it sees (store/server). A later
migration that rebuilds ``action``, ``evidence`` or a link table on SQLite (batch mode) drops
these triggers with it: it must create them again (``TRIGGERS``) and refill the table (``FILL``).

Existing data: no row changes; the table is filled from the current links. Downgrading drops
the table and its triggers.
"""

from __future__ import annotations

from collections.abc import Callable

from alembic import op

revision = "0013"
down_revision = "0007"
branch_labels = None
depends_on = None

OPEN = "('planned', 'in_progress', 'on_hold')"
"""The open statuses as they stand at this revision (domain/enums.py Status.is_open)."""

_UPSERT = " ON CONFLICT (kind, criterion_id, school_id, month) DO UPDATE SET n = n + excluded.n;"


def _insert(kind: str, rest: str) -> str:
    return (
        f"INSERT INTO coverage_count (kind, period, criterion_id, school_id, n) SELECT '{kind}', "
        + rest
        + " ON CONFLICT (kind, period, criterion_id, school_id) DO UPDATE SET n = n + excluded.n;"
    )


def _sqlite_month(column: str) -> str:
    return f"substr({column}, 1, 7)"  # SQLite keeps a date as its ISO text


def _sqlite_day(column: str) -> str:
    return column


def _postgres_month(column: str) -> str:
    return f"to_char({column}, 'YYYY-MM')"  # a real date there: the same text as SQLite's


def _postgres_day(column: str) -> str:
    return f"to_char({column}, 'YYYY-MM-DD')"


DateText = Callable[[str], str]


def _evidence_rows(
    sign: str, criterion: str, item: str, where: str, month: DateText, day: DateText
) -> str:
    """Add ``sign`` for each live evidence link selected by ``where``, by month and by day."""
    live = f"FROM {where} AND NOT {item}.archived"
    return " ".join(
        _insert(kind, f"{period}, {criterion}, {item}.school_id, {sign} {live}")
        for kind, period in (
            ("evidence_all", "''"),
            ("evidence_month", month(f"{item}.date")),
            ("evidence_day", day(f"{item}.date")),
        )
    )


def _action_rows(
    sign: str, criterion: str, item: str, where: str, month: DateText, day: DateText
) -> str:
    """Add ``sign`` for each link of a live open or completed action selected by ``where``."""
    live = f"FROM {where} AND NOT {item}.archived"
    done = f"{live} AND {item}.status = 'completed' AND {item}.completed_date IS NOT NULL"
    completed = f"{item}.completed_date"
    return " ".join(
        [
            _insert(
                "open",
                f"'', {criterion}, {item}.school_id, {sign} {live} AND {item}.status IN {OPEN}",
            ),
            _insert(
                "done_month",
                f"{month(completed)}, {criterion}, {item}.school_id, {sign} {done}",
            ),
            _insert("done_day", f"{day(completed)}, {criterion}, {item}.school_id, {sign} {done}"),
        ]
    )


def _triggers(month: DateText, day: DateText) -> dict[str, tuple[str, str]]:
    """Each trigger's name, event and body, with the database's way to write a date as text."""

    def evidence(sign: str, criterion: str, item: str, where: str) -> str:
        return _evidence_rows(sign, criterion, item, where, month, day)

    def action(sign: str, criterion: str, item: str, where: str) -> str:
        return _action_rows(sign, criterion, item, where, month, day)

    return _trigger_bodies(evidence, action)


Rows = Callable[[str, str, str, str], str]


def _trigger_bodies(evidence_rows: Rows, action_rows: Rows) -> dict[str, tuple[str, str]]:
    return {
        "coverage_evidence_link_insert": (
            "AFTER INSERT ON evidence_criterion",
            evidence_rows("1", "new.criterion_id", "e", "evidence e WHERE e.id = new.evidence_id"),
        ),
        "coverage_evidence_link_delete": (
            "AFTER DELETE ON evidence_criterion",
            evidence_rows("-1", "old.criterion_id", "e", "evidence e WHERE e.id = old.evidence_id"),
        ),
        "coverage_evidence_link_update": (
            "AFTER UPDATE OF evidence_id, criterion_id ON evidence_criterion",
            evidence_rows("-1", "old.criterion_id", "e", "evidence e WHERE e.id = old.evidence_id")
            + " "
            + evidence_rows(
                "1", "new.criterion_id", "e", "evidence e WHERE e.id = new.evidence_id"
            ),
        ),
        "coverage_evidence_update": (
            "AFTER UPDATE OF school_id, date, archived ON evidence",
            evidence_rows(
                "-1", "l.criterion_id", "old", "evidence_criterion l WHERE l.evidence_id = old.id"
            )
            + " "
            + evidence_rows(
                "1", "l.criterion_id", "new", "evidence_criterion l WHERE l.evidence_id = new.id"
            ),
        ),
        "coverage_evidence_delete": (
            "BEFORE DELETE ON evidence",
            "DELETE FROM evidence_criterion WHERE evidence_id = old.id;",
        ),
        "coverage_action_link_insert": (
            "AFTER INSERT ON action_criterion",
            action_rows("1", "new.criterion_id", "a", "action a WHERE a.id = new.action_id"),
        ),
        "coverage_action_link_delete": (
            "AFTER DELETE ON action_criterion",
            action_rows("-1", "old.criterion_id", "a", "action a WHERE a.id = old.action_id"),
        ),
        "coverage_action_link_update": (
            "AFTER UPDATE OF action_id, criterion_id ON action_criterion",
            action_rows("-1", "old.criterion_id", "a", "action a WHERE a.id = old.action_id")
            + " "
            + action_rows("1", "new.criterion_id", "a", "action a WHERE a.id = new.action_id"),
        ),
        "coverage_action_update": (
            "AFTER UPDATE OF school_id, status, completed_date, archived ON action",
            action_rows(
                "-1", "l.criterion_id", "old", "action_criterion l WHERE l.action_id = old.id"
            )
            + " "
            + action_rows(
                "1", "l.criterion_id", "new", "action_criterion l WHERE l.action_id = new.id"
            ),
        ),
        "coverage_action_delete": (
            "BEFORE DELETE ON action",
            "DELETE FROM action_criterion WHERE action_id = old.id;",
        ),
    }


TRIGGERS = _triggers(_sqlite_month, _sqlite_day)
POSTGRES_TRIGGERS = _triggers(_postgres_month, _postgres_day)


def _fill(month: DateText, day: DateText) -> list[str]:
    """Statements that fill the empty table from the links, as the triggers would keep it."""
    return [
        "INSERT INTO coverage_count (kind, period, criterion_id, school_id, n) "
        f"SELECT '{kind}', {period}, l.criterion_id, i.school_id, count(*) "
        f"FROM {links} l JOIN {item} i ON i.id = l.{item}_id WHERE NOT i.archived {terms} "
        "GROUP BY 2, 3, 4"  # by period, criterion and school (a constant cannot be grouped by)
        for kind, period, links, item, terms in (
            ("evidence_all", "''", "evidence_criterion", "evidence", ""),
            ("evidence_month", month("i.date"), "evidence_criterion", "evidence", ""),
            ("evidence_day", day("i.date"), "evidence_criterion", "evidence", ""),
            ("open", "''", "action_criterion", "action", f"AND i.status IN {OPEN}"),
            (
                "done_month",
                month("i.completed_date"),
                "action_criterion",
                "action",
                "AND i.status = 'completed' AND i.completed_date IS NOT NULL",
            ),
            (
                "done_day",
                day("i.completed_date"),
                "action_criterion",
                "action",
                "AND i.status = 'completed' AND i.completed_date IS NOT NULL",
            ),
        )
    ]


FILL = _fill(_sqlite_month, _sqlite_day)
POSTGRES_FILL = _fill(_postgres_month, _postgres_day)
# The two delete triggers only remove links (as the person deleting, under their rules); the
# others write the tallies, which no app login may write itself.
_UNPRIVILEGED = ("coverage_evidence_delete", "coverage_action_delete")


def postgres_trigger_statements() -> list[str]:
    """Each trigger as a plpgsql function and its row trigger (made again if present)."""
    statements: list[str] = []
    for name, (event, body) in POSTGRES_TRIGGERS.items():
        definer = "" if name in _UNPRIVILEGED else " SECURITY DEFINER SET search_path = public"
        result = "OLD" if event.startswith("BEFORE DELETE") else "NULL"
        # In plpgsql a bare "n" could be a variable as well as the column: name the table.
        body = body.replace("SET n = n +", "SET n = coverage_count.n +")
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql{definer} "
            f"AS $$ BEGIN {body} RETURN {result}; END $$",
            f"REVOKE ALL ON FUNCTION {name}() FROM PUBLIC",
            f"CREATE OR REPLACE TRIGGER {name} {event} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return statements


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(
            "CREATE TABLE coverage_count ("
            'kind VARCHAR(16) NOT NULL, period VARCHAR(10) COLLATE "C" NOT NULL, '
            "criterion_id VARCHAR(36) NOT NULL, school_id VARCHAR(36) NOT NULL, "
            "n INTEGER NOT NULL, PRIMARY KEY (kind, period, criterion_id, school_id))"
        )
        for statement in POSTGRES_FILL + postgres_trigger_statements():
            bind.exec_driver_sql(statement)
        return
    if bind.dialect.name != "sqlite":
        return
    bind.exec_driver_sql(
        "CREATE TABLE coverage_count ("
        "kind VARCHAR(16) NOT NULL, period VARCHAR(10) NOT NULL, "
        "criterion_id VARCHAR(36) NOT NULL, school_id VARCHAR(36) NOT NULL, n INTEGER NOT NULL, "
        "PRIMARY KEY (kind, period, criterion_id, school_id)) WITHOUT ROWID"
    )
    for statement in FILL:
        bind.exec_driver_sql(statement)
    for name, (event, body) in TRIGGERS.items():
        bind.exec_driver_sql(f"CREATE TRIGGER {name} {event} BEGIN {body} END")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for name, (event, _body) in POSTGRES_TRIGGERS.items():
            table = event.rsplit(" ON ", 1)[1]
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")
        bind.exec_driver_sql("DROP TABLE IF EXISTS coverage_count")
    if bind.dialect.name == "sqlite":
        for name in TRIGGERS:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        bind.exec_driver_sql("DROP TABLE IF EXISTS coverage_count")
