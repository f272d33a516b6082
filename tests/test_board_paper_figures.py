"""The board paper's figures on a generated demo trust, pinned against a straightforward
computation: each action followed one by one through its raw audit events and reviews (read
with plain ``sqlite3``) by the rules of ``domain/definitions.py``.

The report service is set-based and tuned for 100,000 actions; this test proves that every
figure it gives (this term, past terms as they stood, a meeting's date, six-term trends) is the
one the definitions give.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest
from cst_inclusion_desktop.domain.definitions import mark, rag_as_of, status_as_of
from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.demo import generate_demo
from cst_inclusion_desktop.services.reporting.figures import to_figures
from cst_inclusion_desktop.services.safety.opening import open_context

TODAY = date(2026, 11, 20)
REQUESTS = {
    "this term": BoardPaperRequest(),
    "last term": BoardPaperRequest(period_from=date(2026, 4, 1), period_to=date(2026, 8, 31)),
    "two years back": BoardPaperRequest(period_from=date(2024, 9, 1), period_to=date(2024, 12, 31)),
    "since a meeting": BoardPaperRequest(compare_since=date(2026, 10, 14)),
    "two principles": BoardPaperRequest(
        period_from=date(2026, 1, 1), period_to=date(2026, 3, 31), principle_numbers=(2, 5)
    ),
}
COUNT_KEYS = (
    "open", "red", "amber", "green", "not_rated", "overdue", "not_reviewed_this_term",
    "green_overdue",
)  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, Path]]:
    folder = tmp_path_factory.mktemp("figures")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CST_INCLUSION_HOME", str(folder / "home"))
        patch.setenv("CST_INCLUSION_USER", "Test User")
        path = folder / "demo.db"
        services = Services(
            open_context(load_settings(overrides={"database": str(path)}), create=True)
        )
        services.context.today_override = TODAY
        services.trust.create("Demo Learning Trust")
        generate_demo(services.context, 6, 1500, seed=3)
        yield services, path
        services.close()


@dataclass
class Raw:
    """One live action straight from its row, with its status changes and reviews."""

    id: str
    urn: str
    principle: int
    area: str | None
    title: str
    status: Status
    rag: Rag | None
    hand_set: bool
    begun: str
    due: str | None
    completed: str | None
    changes: list[tuple[str, str]]
    """(day, status before the change, or the first status) of each status change, in order."""
    reviews: list[tuple[str, str]]


def read_raw(path: Path) -> list[Raw]:
    db = sqlite3.connect(path)
    try:
        changes: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for entity_id, at, before, after in db.execute(
            "SELECT entity_id, at, before_json, after_json FROM audit_event "
            "WHERE entity = 'action' ORDER BY seq"
        ):
            after_status = json.loads(after).get("status") if after else None
            before_status = json.loads(before).get("status") if before else None
            if after_status is None or (before is not None and before_status == after_status):
                continue
            changes[entity_id].append((at[:10], before_status or after_status))
        reviews: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for action_id, day, rag in db.execute("SELECT action_id, date, rag FROM review"):
            reviews[action_id].append((day, rag))
        rows = db.execute(
            "SELECT a.id, s.urn, p.number, a.area_of_need, a.title, a.status, a.rag, "
            "a.rag_overridden, coalesce(a.start_date, substr(a.created_at, 1, 10)), a.due_date, "
            "a.completed_date FROM action a JOIN school s ON s.id = a.school_id "
            "JOIN principle p ON p.id = a.principle_id WHERE a.archived = 0 AND s.archived = 0"
        ).fetchall()
    finally:
        db.close()
    found = []
    for row in rows:
        status = Status.parse(row[5])
        found.append(
            Raw(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                status,
                Rag.parse(row[6]) if row[6] else None,  # NULL: not yet rated
                bool(row[7]),
                row[8],
                row[9],
                row[10] if status is Status.COMPLETED else None,
                changes[row[0]],
                sorted(reviews[row[0]]),  # same day: the last RAG in text order counts
            )
        )
    return found


def stood(action: Raw, day: date, term_start: date) -> tuple[Status, Rag | None, bool, bool]:
    """(status, RAG or None when not yet rated, overdue, reviewed this term) on ``day``."""
    text = day.isoformat()
    recorded = next((before for when, before in action.changes if when > text), None)
    completed = date.fromisoformat(action.completed) if action.completed else None
    status = status_as_of(Status.parse(recorded) if recorded else action.status, completed, day)
    upto = [review for review in action.reviews if review[0] <= text]
    latest = Rag.parse(upto[-1][1]) if upto else None
    rag = rag_as_of(latest, len(upto) < len(action.reviews), action.rag, action.hand_set)
    overdue = status.is_open and action.due is not None and action.due < text
    return status, rag, overdue, bool(upto) and upto[-1][0] >= term_start.isoformat()


def tally(actions: list[Raw], day: date, term_start: date, begun_by: date) -> dict[str, int]:
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for action in actions:
        if action.begun > begun_by.isoformat():
            continue
        status, rag, overdue, reviewed = stood(action, day, term_start)
        if not status.is_open:
            continue
        counts["open"] += 1
        counts[rag.token if rag else "not_rated"] += 1
        counts["overdue"] += overdue
        counts["green_overdue"] += overdue and rag is Rag.GREEN
        counts["not_reviewed_this_term"] += not reviewed
    return counts


def expected(services: Services, raw: list[Raw], request: BoardPaperRequest) -> dict[str, Any]:
    """The figures by the definitions, action by action."""
    periods = services.report.periods(request)
    calendar = services.context.settings.terms
    wanted = set(request.principle_numbers)
    actions = [a for a in raw if not wanted or a.principle in wanted]
    term_start = calendar.containing(periods.end_day).start
    compared_start = calendar.containing(periods.compared_day).start
    now = (periods.end_day, term_start, periods.period.end)
    before = (periods.compared_day, compared_start, periods.compared.end)
    urns = sorted({a.urn for a in raw})
    principles = sorted(wanted or {a.principle for a in raw})
    matrix = []
    for urn in urns:
        for number in principles:
            cell = [a for a in actions if a.urn == urn and a.principle == number]
            counts, previous = tally(cell, *now), tally(cell, *before)
            matrix.append(
                {
                    "urn": urn,
                    "principle": number,
                    "open": counts["open"],
                    "red": counts["red"],
                    "overdue": counts["overdue"],
                    "mark": mark(counts["open"], counts["red"], counts["amber"], counts["green"]),
                    "compared_red": previous["red"],
                }
            )
    trends = []
    for term in periods.terms:
        day = min(term.end, TODAY)
        counts = tally(actions, day, term.start, term.end)
        within = (term.start.isoformat(), term.end.isoformat())
        trends.append(
            {
                "label": term.label,
                "red": counts["red"],
                "overdue": counts["overdue"],
                "completed": sum(within[0] <= (a.completed or "") <= within[1] for a in actions),
                "reviews": sum(within[0] <= r[0] <= within[1] for a in actions for r in a.reviews),
            }
        )
    escalations = []
    for action in actions:
        if action.begun > now[2].isoformat():
            continue
        status, rag, overdue, _ = stood(action, now[0], now[1])
        if status.is_open and (rag is Rag.RED or overdue):
            rank = 0 if rag is Rag.RED and overdue else 1 if rag is Rag.RED else 2
            escalations.append((rank, action.due or "9999", action.title))
    escalations.sort()
    return {
        "headline": tally(actions, *now),
        "compared_headline": tally(actions, *before),
        "schools": {urn: tally([a for a in actions if a.urn == urn], *now) for urn in urns},
        "matrix": matrix,
        "trends": trends,
        "areas": {
            area: tally([a for a in actions if a.area == area], *now)
            for area in {a.area for a in actions}
        },
        "escalations": ([title for _, _, title in escalations[:5]], len(escalations)),
    }


def shown(services: Services, request: BoardPaperRequest) -> dict[str, Any]:
    """The same figures from the report service."""
    paper = services.report.board_paper(request)
    figures = to_figures(paper)
    strip = {"name", "evidence_this_term"}
    return {
        "headline": figures["headline"],
        "compared_headline": figures["compared_headline"],
        "schools": {
            row["urn"]: {k: v for k, v in row.items() if k not in strip | {"urn"}}
            for row in figures["schools"]
        },
        "matrix": sorted(figures["matrix"], key=lambda cell: (cell["urn"], cell["principle"])),
        "trends": [
            {k: point[k] for k in ("label", "red", "overdue", "completed", "reviews")}
            for point in figures["trends"]
        ],
        "areas": {
            row["area"]: {k: v for k, v in row.items() if k not in {"area", "label"}}
            for row in figures["areas_of_need"]
            if row["open"] or row["area"] in {None}
        },
        "escalations": (
            [row.title for row in paper.escalations],
            paper.escalations_shown.total,
        ),
    }


@pytest.mark.parametrize("name", list(REQUESTS))
def test_every_figure_is_the_definitions_figure_on_a_demo_trust(
    demo: tuple[Services, Path], name: str
) -> None:
    services, path = demo
    request = REQUESTS[name]
    want = expected(services, read_raw(path), request)
    got = shown(services, request)
    for cell in want["matrix"]:
        cell["mark"] = cell["mark"].token
    want_areas = {area: counts for area, counts in want["areas"].items() if counts["open"]}
    got_areas = {area: counts for area, counts in got.pop("areas").items() if counts["open"]}
    want.pop("areas")
    assert got_areas == want_areas
    assert got == want
    assert want["headline"]["open"] > 100  # a real trust's worth, not an empty comparison
    assert any(point["red"] for point in want["trends"])
