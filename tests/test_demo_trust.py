"""The demo trust must look like a real trust to a board: measured on a generated trust.

Six terms of history with reviews in each, 10–15% of open actions overdue, reds concentrated in
a few schools and principles and falling over the terms, nothing piled on today's date, and an
audit log whose status history matches the rows (so "as it stood" reports show real change).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest
from cst_inclusion_desktop.domain.terms import term_before, term_containing
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.demo import generate_demo
from cst_inclusion_desktop.services.safety.opening import open_context

TODAY = date(2026, 11, 20)
SCHOOLS = 12
ACTIONS = 3000
OPEN = ("planned", "in_progress", "on_hold")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CST_INCLUSION_HOME", str(folder / "home"))
        path = folder / "demo.db"
        services = Services(
            open_context(load_settings(overrides={"database": str(path)}), create=True)
        )
        services.context.today_override = TODAY
        services.trust.create("Demo Learning Trust")
        generate_demo(services.context, SCHOOLS, ACTIONS, seed=5)
        assert services.check.run().ok
        services.close()
    yield path


@pytest.fixture
def db(demo_db: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(demo_db)
    yield connection
    connection.close()


def status_history(db: sqlite3.Connection) -> dict[str, list[tuple[str, str, str]]]:
    """Each action's (day, status before, status after) from the audit log, oldest first."""
    events: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for entity_id, at, before, after in db.execute(
        "SELECT entity_id, at, before_json, after_json FROM audit_event "
        "WHERE entity = 'action' ORDER BY seq"
    ):
        events[entity_id].append(
            (at[:10], json.loads(before)["status"], json.loads(after)["status"])
        )
    return events


def six_terms() -> list[tuple[date, date]]:
    terms = [term_containing(TODAY)]
    while len(terms) < 6:
        terms.append(term_before(terms[-1].start))
    return [(term.start, term.end) for term in reversed(terms)]


def test_between_ten_and_fifteen_per_cent_of_open_actions_are_overdue(
    db: sqlite3.Connection,
) -> None:
    open_count, overdue = db.execute(
        f"SELECT count(*), sum(due_date < ?) FROM action WHERE status IN {OPEN}",
        (TODAY.isoformat(),),
    ).fetchone()
    assert 0.10 <= overdue / open_count <= 0.15, (overdue, open_count)


def test_reds_are_concentrated_in_a_few_schools_and_principles(db: sqlite3.Connection) -> None:
    by_school = [
        count
        for (count,) in db.execute(
            f"SELECT count(*) FROM action WHERE status IN {OPEN} AND rag = 'red' "
            "GROUP BY school_id ORDER BY 1 DESC"
        )
    ]
    by_principle = [
        count
        for (count,) in db.execute(
            f"SELECT count(*) FROM action WHERE status IN {OPEN} AND rag = 'red' "
            "GROUP BY principle_id ORDER BY 1 DESC"
        )
    ]
    reds = sum(by_school)
    assert reds > 0
    # Spread evenly, a sixth of the schools would hold a sixth of the reds, and the worst
    # principle a fifth.
    assert sum(by_school[: SCHOOLS // 6]) >= 0.3 * reds, by_school
    assert by_principle[0] >= 0.3 * reds, by_principle


def test_nothing_piles_up_on_todays_date(db: sqlite3.Connection) -> None:
    columns = [
        ("review", "date"),
        ("evidence", "date"),
        ("action", "start_date"),
        ("action", "due_date"),
        ("action", "completed_date"),
        ("action", "substr(created_at, 1, 10)"),
    ]
    window_start = (TODAY - timedelta(days=60)).isoformat()
    for table, column in columns:
        per_day = dict(
            db.execute(
                f"SELECT {column}, count(*) FROM {table} WHERE {column} >= ? GROUP BY 1",
                (window_start,),
            ).fetchall()
        )
        earlier = [count for day, count in per_day.items() if day < TODAY.isoformat()]
        typical = sum(earlier) / 60
        assert per_day.get(TODAY.isoformat(), 0) <= 3 * typical + 3, (table, column, per_day)
    # What has not happened yet is not dated in the future either.
    for table, column in [("review", "date"), ("evidence", "date"), ("action", "completed_date")]:
        (later,) = db.execute(
            f"SELECT count(*) FROM {table} WHERE {column} > ?", (TODAY.isoformat(),)
        ).fetchone()
        assert later == 0, (table, column)


def test_reviews_are_spread_across_six_terms(db: sqlite3.Connection) -> None:
    (total,) = db.execute("SELECT count(*) FROM review").fetchone()
    for start, end in six_terms():
        (count,) = db.execute(
            "SELECT count(*) FROM review WHERE date BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        ).fetchone()
        assert count >= 0.05 * total, (start, count, total)


def test_future_work_is_planned_not_started(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT status, evidence_count, last_review_date FROM action WHERE start_date > ?",
        (TODAY.isoformat(),),
    ).fetchall()
    assert rows, "some work should be planned for later"
    assert {row[0] for row in rows} == {"planned"}
    assert all(row[1] == 0 and row[2] is None for row in rows)


def test_the_audit_log_holds_each_actions_status_history(db: sqlite3.Connection) -> None:
    events = status_history(db)
    days = [
        day
        for (day,) in db.execute(
            "SELECT substr(at, 1, 10) FROM audit_event WHERE entity = 'action' ORDER BY seq"
        )
    ]
    assert days == sorted(days), "events are appended in date order"
    assert days[0] < six_terms()[0][0].isoformat() and days[-1] <= TODAY.isoformat()
    rows = db.execute("SELECT id, status, start_date, completed_date FROM action").fetchall()
    for action_id, status, start, completed in rows:
        history = events.get(action_id, [])
        if not history:
            assert status == "planned"
            continue
        assert history[0][1] == "planned" and history[0][0] >= start
        assert all(earlier[2] == later[1] for earlier, later in itertools.pairwise(history))
        assert history[-1][2] == status
        if status == "completed":
            assert history[-1][0] == completed


def test_rows_agree_with_their_reviews(db: sqlite3.Connection) -> None:
    latest = {
        action_id: (day, rag)
        for action_id, day, rag in db.execute(
            "SELECT action_id, date, rag FROM review ORDER BY action_id, date"
        )
    }
    for action_id, rag, last_review, overridden in db.execute(
        "SELECT id, rag, last_review_date, rag_overridden FROM action"
    ):
        assert not overridden
        if action_id in latest:
            assert (last_review, rag) == latest[action_id]
        else:
            assert (last_review, rag) == (None, None)  # never reviewed: not yet rated


def test_some_actions_were_typed_in_after_they_started(db: sqlite3.Connection) -> None:
    late = db.execute(
        "SELECT count(*) FROM action WHERE julianday(substr(created_at, 1, 10)) "
        "- julianday(start_date) >= 20"
    ).fetchone()[0]
    assert 0.01 * ACTIONS <= late <= 0.06 * ACTIONS


def stood(db: sqlite3.Connection, day: date) -> Counter[str]:
    """Open, red and overdue actions as they stood at the end of ``day`` (the agreed rule)."""
    events = status_history(db)
    rags: dict[str, str] = {}
    for action_id, rag in db.execute(
        "SELECT action_id, rag FROM review WHERE date <= ? ORDER BY action_id, date",
        (day.isoformat(),),
    ):
        rags[action_id] = rag
    counts: Counter[str] = Counter()
    for action_id, status, due in db.execute(
        "SELECT id, status, due_date FROM action WHERE start_date <= ?",
        (day.isoformat(),),
    ):
        history = events.get(action_id, [])
        past = [event for event in history if event[0] <= day.isoformat()]
        status_then = past[-1][2] if past else history[0][1] if history else status
        if status_then in OPEN:
            counts["open"] += 1
            counts["red"] += rags.get(action_id) == "red"
            counts["overdue"] += due < day.isoformat()
    return counts


def test_as_it_stood_the_trust_shows_progress(db: sqlite3.Connection) -> None:
    ends = [min(end, TODAY) for _, end in six_terms()]
    figures = [stood(db, end) for end in ends]
    red_share = [counts["red"] / counts["open"] for counts in figures]
    # Reds fall term on term from the first full year: a board sees progress, not a flat line.
    assert red_share[-1] < 0.75 * max(red_share[1:3]), red_share
    assert figures[-1]["red"] < max(counts["red"] for counts in figures[1:3])
    for counts in figures[1:]:
        assert 0.05 <= counts["overdue"] / counts["open"] <= 0.2, figures


def test_the_board_paper_trend_shows_the_demo_history(demo_db: Path) -> None:
    services = Services(open_context(load_settings(overrides={"database": str(demo_db)})))
    services.context.today_override = TODAY
    try:
        paper = services.report.board_paper(BoardPaperRequest(verify_evidence=False))
    finally:
        services.close()
    points = paper.trends.points
    assert len(points) == 6
    assert all(point.reviews > 0 for point in points)
    assert points[-1].red < max(point.red for point in points[1:3])
    headline = paper.headline.current
    assert 0.10 <= headline.overdue / headline.open <= 0.18, headline
