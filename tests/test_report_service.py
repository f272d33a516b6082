"""The report's numbers, from a small known database (no PDF involved)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.domain.report_model import BoardReportData, Period, ReportRequest
from cst_inclusion_desktop.domain.terms import (
    PeriodPreset,
    academic_year,
    preset_period,
    term_before,
    term_containing,
)
from cst_inclusion_desktop.services import Services

TODAY = date(2026, 11, 20)
AUTUMN = ReportRequest(period_from=date(2026, 9, 1), period_to=date(2026, 12, 31))


@pytest.fixture
def known(services: Services, make_action: Callable[..., str], tmp_path: Path) -> dict[str, str]:
    """Four actions and their evidence and reviews, either side of the 1 Sep 2026 boundary.

    The autumn term 2026 (122 days) is compared with 2 May – 31 Aug 2026.
    """
    services.context.today_override = TODAY
    ids = {
        "overdue_red": make_action(
            title="Screen every Year 7 for language needs – “Zoë’s” plan",
            owner="Zoë Ørsted",
            status="in_progress",
            rag="red",
            start_date="2026-09-10",
            due_date="2026-10-01",
        ),
        "done_now": make_action(
            principle=2,
            title="Coach new teachers in adaptive teaching",
            status="completed",
            rag="green",
            start_date="2026-06-01",
            due_date="2026-10-15",
            completed_date="2026-10-10",
        ),
        "amber": make_action(
            school="100002",
            title="Cynllun iaith Gymraeg ŵ ŷ",
            status="planned",
            rag="amber",
            start_date="2026-05-10",
            due_date="2027-01-31",
        ),
        "done_before": make_action(
            school="100002",
            title="Transition meetings with feeder schools",
            status="completed",
            rag="green",
            start_date="2026-03-01",
            due_date="2026-07-01",
            completed_date="2026-06-20",
        ),
    }
    file = tmp_path / "minutes.txt"
    file.write_text("Minutes of the SEND review – Siân", encoding="utf-8")
    services.evidence.add(
        action_id=ids["amber"], file=file, title="Minutes", evidence_date="2026-09-20"
    )
    services.evidence.add(
        school="100001", principle=2, title="Learning walk", evidence_date="2026-07-01"
    )
    services.reviews.add(ids["amber"], "red", "Slipping – no SALT slot", "2026-08-15")
    services.reviews.add(ids["amber"], "amber", "Slot booked for October", "2026-10-01")
    return ids


def assemble(services: Services, request: ReportRequest = AUTUMN) -> BoardReportData:
    return services.report.assemble(request)


def test_summary_counts(services: Services, known: dict[str, str]) -> None:
    data = assemble(services)
    summary = data.summary
    assert data.trust_name == "Oak Learning Trust"
    assert data.period == Period(date(2026, 9, 1), date(2026, 12, 31), "Autumn term 2026")
    assert summary.total == 4
    assert summary.by_status[Status.COMPLETED] == 2
    assert summary.by_status[Status.IN_PROGRESS] == 1
    assert summary.by_rag == {Rag.RED: 1, Rag.AMBER: 1, Rag.GREEN: 2}
    assert summary.overdue == 1
    assert summary.completed_in_period == 1
    assert summary.new_actions_in_period == 1
    assert summary.new_evidence_in_period == 1
    assert summary.reviews_in_period == 1


def test_previous_period_comparison(services: Services, known: dict[str, str]) -> None:
    data = assemble(services)
    assert data.previous_period == Period(date(2026, 5, 2), date(2026, 8, 31), "previous period")
    figures = {c.label: (c.previous, c.current) for c in data.comparisons}
    # On 31 Aug the Year 7 action did not exist yet and the Welsh plan's review said red.
    assert figures["Actions"] == (3, 4)
    assert figures["Red"] == (1, 1)
    assert figures["Amber"] == (0, 1)
    assert figures["Green"] == (2, 2)
    assert figures["Overdue"] == (0, 1)
    assert figures["Completed in period"] == (1, 1)
    assert figures["New actions in period"] == (2, 1)
    assert figures["New evidence in period"] == (1, 1)
    assert figures["Reviews in period"] == (1, 1)
    amber = next(c for c in data.comparisons if c.label == "Amber")
    assert amber.text == "Amber: 0 → 1 (+1)"


def test_exceptions_matrix_and_sections(services: Services, known: dict[str, str]) -> None:
    data = assemble(services)
    found = data.exceptions
    assert [line.title for line in found.overdue.rows] == [
        "Screen every Year 7 for language needs – “Zoë’s” plan"
    ]
    assert [line.title for line in found.red.rows] == [line.title for line in found.overdue.rows]
    assert [line.title for line in found.no_evidence.rows] == [found.overdue.rows[0].title]
    # Two schools × five principles, three pairs covered.
    assert len(found.gaps) == 7
    assert ("Ysgol Bryn Ŵyn", 2) in {(gap.school.name, gap.principle_number) for gap in found.gaps}
    oakfield = next(s for s in data.schools if s.urn == "100001")
    assert data.cell(oakfield.id, 1).red == 1
    first = data.sections[0]
    assert first.principle.number == 1 and first.total == 3
    welsh = next(g for g in first.groups if g.school.urn == "100002")
    plan = next(line for line in welsh.actions if line.title.startswith("Cynllun"))
    assert plan.latest_review_note == "Slot booked for October"
    assert plan.evidence_count == 1
    assert [item.school.name for item in data.appendix] == [
        "Oakfield Primary School",
        "Ysgol Bryn Ŵyn",
    ]
    assert data.appendix[1].summary.total == 2


def test_evidence_index_and_integrity(
    services: Services, known: dict[str, str], db_path: Path
) -> None:
    data = assemble(services)
    assert data.evidence.total == 1
    line = data.evidence.rows[0]
    assert (line.title, line.verified, len(line.fingerprint)) == ("Minutes", True, 12)
    assert all(item.ok for item in data.integrity)
    assert {item.name for item in data.integrity} == {"audit_chain", "evidence_hashes"}

    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("UPDATE blob SET data = CAST('tampered' AS BLOB)")
    connection.close()
    tampered = assemble(services)
    assert tampered.evidence.rows[0].verified is False
    assert tampered.evidence.failed == 1
    assert not next(i for i in tampered.integrity if i.name == "evidence_hashes").ok


def test_filters_narrow_everything(services: Services, known: dict[str, str]) -> None:
    one_school = assemble(
        services, ReportRequest(AUTUMN.period_from, AUTUMN.period_to, ("100002",), per_school=True)
    )
    assert one_school.summary.total == 2
    assert [s.urn for s in one_school.schools] == ["100002"]
    assert one_school.title == "School inclusion report: Ysgol Bryn Ŵyn"
    assert any("Ysgol Bryn Ŵyn (100002)" in text for text in one_school.filters)
    one_principle = assemble(
        services, ReportRequest(AUTUMN.period_from, AUTUMN.period_to, principle_numbers=(2,))
    )
    assert one_principle.summary.total == 1
    assert [p.number for p in one_principle.principles] == [2]
    assert one_principle.evidence.total == 0  # the September evidence is under principle 1


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (ReportRequest(school_urns=("999999",)), "school"),
        (ReportRequest(school_urns=("12ab",)), "school"),
        (ReportRequest(principle_numbers=(9,)), "principle"),
        (ReportRequest(period_from=date(2026, 12, 1), period_to=date(2026, 9, 1)), "from"),
    ],
)
def test_bad_filters_are_validation_errors(
    services: Services, request_: ReportRequest, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.report.assemble(request_)
    assert caught.value.field == field


def test_default_period_is_this_term_and_cancel_stops(
    services: Services, known: dict[str, str]
) -> None:
    data = services.report.assemble(ReportRequest())
    assert data.period == term_containing(TODAY)
    with pytest.raises(CancelledError):
        services.report.assemble(ReportRequest(), cancelled=lambda: True)


def test_listing_limit_and_full(services: Services, make_action: Callable[..., str]) -> None:
    services.context.today_override = TODAY
    for index in range(14):
        make_action(title=f"Action {index}", rag="green" if index else "red")
    capped = assemble(services)
    group = capped.sections[0].groups[0]
    assert (len(group.actions), group.total, group.omitted) == (10, 14, 4)
    assert group.actions[0].rag is Rag.RED  # worst first
    full = assemble(services, ReportRequest(AUTUMN.period_from, AUTUMN.period_to, full=True))
    assert len(full.sections[0].groups[0].actions) == 14


def test_terms_and_presets() -> None:
    assert term_containing(date(2026, 11, 20)).label == "Autumn term 2026"
    assert term_containing(date(2027, 2, 1)) == Period(
        date(2027, 1, 1), date(2027, 3, 31), "Spring term 2027"
    )
    assert term_containing(date(2027, 8, 31)).start == date(2027, 4, 1)
    assert term_before(date(2026, 10, 1)).label == "Summer term 2026"
    assert term_before(date(2027, 1, 5)).label == "Autumn term 2026"
    assert academic_year(date(2027, 3, 1)) == Period(
        date(2026, 9, 1), date(2027, 8, 31), "Academic year 2026–27"
    )
    assert preset_period(PeriodPreset.LAST_TERM, date(2026, 5, 1)).label == "Spring term 2026"
    assert preset_period(PeriodPreset.parse("this year"), TODAY).end == date(2027, 8, 31)
