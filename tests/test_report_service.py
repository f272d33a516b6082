"""The board paper's and the annex's numbers, from a small known database (no PDF involved)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cst_inclusion_desktop.domain.board_paper import Annex, BoardPaper, BoardPaperRequest, Counts
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.domain.report_model import Period
from cst_inclusion_desktop.domain.terms import (
    PeriodPreset,
    academic_year,
    preset_period,
    term_before,
    term_containing,
)
from cst_inclusion_desktop.services import Services

TODAY = date(2026, 11, 20)
AUTUMN = BoardPaperRequest(
    period_from=date(2026, 9, 1), period_to=date(2026, 12, 31), verify_evidence=True
)


@pytest.fixture
def known(services: Services, make_action: Callable[..., str], tmp_path: Path) -> dict[str, str]:
    """Four actions and their evidence and reviews, either side of the 1 Sep 2026 boundary.

    The autumn term 2026 is compared with the summer term, 1 Apr – 31 Aug 2026.
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


def paper(services: Services, request: BoardPaperRequest = AUTUMN) -> BoardPaper:
    return services.report.board_paper(request)


def annex(services: Services, request: BoardPaperRequest = AUTUMN) -> Annex:
    return services.report.annex(request)


def test_headline_counts_open_actions_as_they_stand(
    services: Services, known: dict[str, str]
) -> None:
    found = paper(services)
    assert found.cover.trust_name == "Oak Learning Trust"
    assert found.cover.period == Period(date(2026, 9, 1), date(2026, 12, 31), "Autumn term 2026")
    assert found.cover.as_of == TODAY
    # Open now: the Year 7 action (red, overdue, never reviewed) and the Welsh plan (amber by
    # its October review). The two completed actions are in no figure (finding 4).
    assert found.headline.current == Counts(
        open=2, red=1, amber=1, overdue=1, not_reviewed_this_term=1
    )
    red = next(figure for figure in found.headline.figures if figure.key == "red")
    assert (red.current, red.previous, red.percent, red.change_text) == (1, 1, 50, "→ 0")


def test_compared_with_the_previous_term_as_it_stood(
    services: Services, known: dict[str, str]
) -> None:
    found = paper(services)
    assert found.cover.compared == Period(date(2026, 4, 1), date(2026, 8, 31), "Summer term 2026")
    # On 31 Aug: the Year 7 action had not begun; the coaching action (completed 10 Oct) was
    # still open and green; the Welsh plan's August review said red; the transition meetings
    # were completed in June.
    assert found.headline.previous == Counts(open=2, red=1, green=1, not_reviewed_this_term=1)


def test_annex_exceptions_sections_and_school_pages(
    services: Services, known: dict[str, str]
) -> None:
    found = annex(services)
    exceptions = found.exceptions
    year7 = "Screen every Year 7 for language needs – “Zoë’s” plan"
    assert [line.title for line in exceptions.overdue.rows] == [year7]
    assert [line.title for line in exceptions.red.rows] == [year7]
    assert [line.title for line in exceptions.no_evidence.rows] == [year7]
    # Two schools × five principles; the transition meetings, completed before the term
    # began, do not count in it, so three pairs are covered.
    assert len(exceptions.gaps) == 7
    gaps = {(gap.school.name, gap.principle_number) for gap in exceptions.gaps}
    assert ("Ysgol Bryn Ŵyn", 2) in gaps
    first = found.sections[0]
    assert first.principle.number == 1 and first.total == 2
    welsh = next(g for g in first.groups if g.school.urn == "100002")
    plan = next(line for line in welsh.actions if line.title.startswith("Cynllun"))
    assert plan.latest_review_note == "Slot booked for October"
    assert plan.evidence_count == 1
    assert [page.school.name for page in found.schools] == [
        "Oakfield Primary School",
        "Ysgol Bryn Ŵyn",
    ]
    assert found.schools[0].concerns.total == 1 and found.schools[1].counts.open == 1


def test_evidence_index_and_integrity(
    services: Services, known: dict[str, str], tamper: Callable[[str], None]
) -> None:
    found = annex(services)
    assert found.evidence.total == 1
    line = found.evidence.rows[0]
    assert (line.title, line.verified) == ("Minutes", True)
    assert all(item.ok for item in found.integrity)
    assert {item.name for item in found.integrity} == {
        "audit_chain",
        "rows_audited",
        "evidence_hashes",
    }

    tamper("UPDATE blob SET data = CAST('forged' AS BLOB)")
    tampered = annex(services)
    assert tampered.evidence.rows[0].verified is False
    assert tampered.evidence.failed == 1
    assert not next(i for i in tampered.integrity if i.name == "evidence_hashes").ok


def test_filters_narrow_everything(services: Services, known: dict[str, str]) -> None:
    one_school = paper(services, replace(AUTUMN, school_urns=("100002",)))
    assert one_school.headline.current.open == 1
    assert [row.school.urn for row in one_school.schools] == ["100002"]
    assert any("Ysgol Bryn Ŵyn (100002)" in text for text in one_school.cover.scope)
    one_principle = paper(services, replace(AUTUMN, principle_numbers=(2,)))
    assert one_principle.headline.current.open == 0
    assert [p.number for p in one_principle.matrix.principles] == [2]
    assert annex(services, replace(AUTUMN, principle_numbers=(2,))).evidence.total == 0


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (BoardPaperRequest(school_urns=("999999",)), "school"),
        (BoardPaperRequest(school_urns=("12ab",)), "school"),
        (BoardPaperRequest(principle_numbers=(9,)), "principle"),
        (BoardPaperRequest(period_from=date(2026, 12, 1), period_to=date(2026, 9, 1)), "from"),
    ],
)
def test_bad_filters_are_validation_errors(
    services: Services, request_: BoardPaperRequest, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.report.board_paper(request_)
    assert caught.value.field == field


def test_default_period_is_this_term_and_cancel_stops(
    services: Services, known: dict[str, str]
) -> None:
    found = services.report.board_paper(BoardPaperRequest())
    assert found.cover.period == term_containing(TODAY)
    with pytest.raises(CancelledError):
        services.report.board_paper(BoardPaperRequest(), cancelled=lambda: True)
    with pytest.raises(CancelledError):
        services.report.annex(BoardPaperRequest(), cancelled=lambda: True)


def test_listing_limit_and_full(services: Services, make_action: Callable[..., str]) -> None:
    services.context.today_override = TODAY
    for index in range(14):
        make_action(
            title=f"Action {index}", rag="green" if index else "red", start_date="2026-09-02"
        )
    capped = annex(services)
    group = capped.sections[0].groups[0]
    assert (len(group.actions), group.total, group.omitted) == (10, 14, 4)
    assert group.actions[0].rag is Rag.RED  # worst first
    full = annex(services, replace(AUTUMN, full=True))
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
