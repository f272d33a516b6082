"""The board paper's figures, as they stood, from a hand-built history (no PDF involved).

The history is made through the services with ``today_override``, so every status change and
review lands on a known day, exactly as a school would have typed it then.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest, Counts
from cst_inclusion_desktop.domain.definitions import Mark
from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.reporting.figures import to_figures

TODAY = date(2026, 11, 20)
SUMMER = BoardPaperRequest(period_from=date(2026, 4, 1), period_to=date(2026, 8, 31))


def on(services: Services, day: str) -> None:
    services.context.today_override = date.fromisoformat(day)


@pytest.fixture
def history(services: Services) -> dict[str, str]:
    """Five actions whose status and RAG changed on known days across 2026.

    - slipping: reviewed red in spring, green in July, overdue since 30 Jun, completed 5 Oct;
    - dropped: never reviewed by 31 Mar (not yet rated), red in May, cancelled 15 Jun;
    - backfilled: typed in on 20 Nov, started 1 May, rated red when typed;
    - worsening: started 10 Apr, amber on 20 Aug, red on 1 Oct;
    - finished: completed on 1 Mar, before the summer term began.
    """
    ids: dict[str, str] = {}

    def add(day: str, **fields: object) -> str:
        on(services, day)
        values: dict[str, object] = {"school": "100001", "principle": 1, "start_date": day}
        return services.actions.add(ActionDraft(**(values | fields))).id  # type: ignore[arg-type]

    ids["slipping"] = add("2026-01-10", title="Slipping", due_date="2026-06-30")
    ids["finished"] = add("2026-01-05", title="Finished", principle=2, due_date="2026-12-31")
    ids["dropped"] = add("2026-02-01", title="Dropped", school="100002", due_date="2026-12-31")
    on(services, "2026-03-01")
    services.actions.update(ids["finished"], {"status": "completed"})
    on(services, "2026-03-15")
    services.reviews.add(ids["slipping"], "red", "Screening behind: two staff absent.")
    ids["worsening"] = add("2026-04-10", title="Worsening", due_date="2026-12-31")
    on(services, "2026-05-01")
    services.reviews.add(ids["dropped"], "red", "No progress.")
    on(services, "2026-06-15")
    services.actions.update(ids["dropped"], {"status": "cancelled"})
    on(services, "2026-07-10")
    services.reviews.add(ids["slipping"], "green", "Back on track after the summer plan.")
    on(services, "2026-08-20")
    services.reviews.add(ids["worsening"], "amber", "Started late.")
    on(services, "2026-10-01")
    services.reviews.add(ids["worsening"], "red", "Stalled.")
    on(services, "2026-10-05")
    services.actions.update(ids["slipping"], {"status": "completed"})
    ids["backfilled"] = add(
        "2026-11-20", title="Back-filled", rag="red", start_date="2026-05-01", due_date="2026-12-31"
    )
    on(services, TODAY.isoformat())
    return ids


def test_a_past_term_shows_each_action_as_it_stood(
    services: Services, history: dict[str, str]
) -> None:
    paper = services.report.board_paper(SUMMER)
    assert paper.cover.period.label == "Summer term 2026"
    # Open on 31 Aug: slipping (green, overdue), worsening (amber), back-filled (red).
    # Dropped was cancelled on 15 Jun; finished completed on 1 Mar.
    assert paper.headline.current == Counts(
        open=3,
        red=1,
        amber=1,
        green=1,
        not_rated=0,
        overdue=1,
        not_reviewed_this_term=1,
        green_overdue=1,
    )
    # The compared period is the spring term: slipping (red since 15 Mar) and dropped (never
    # reviewed: not yet rated) were open on 31 Mar; worsening and back-filled had not begun.
    assert paper.cover.compared.label == "Spring term 2026"
    assert paper.headline.previous == Counts(open=2, red=1, not_rated=1, not_reviewed_this_term=1)


def test_this_term_shows_today(services: Services, history: dict[str, str]) -> None:
    paper = services.report.board_paper(BoardPaperRequest())
    assert paper.cover.period.label == "Autumn term 2026"
    assert paper.cover.compared.label == "Summer term 2026"
    # Worsening (red since 1 Oct) and back-filled (red) are all that is open now.
    assert paper.headline.current.open == 2
    assert paper.headline.current.red == 2
    assert paper.headline.previous.red == 1


def test_the_annex_lists_the_period_as_it_stood(
    services: Services, history: dict[str, str]
) -> None:
    annex = services.report.annex(
        BoardPaperRequest(**{**_fields(SUMMER), "verify_evidence": False})
    )
    listed = {
        line.title: line
        for section in annex.sections
        for group in section.groups
        for line in group.actions
    }
    # Finished was completed before the summer began: it does not count in the summer.
    assert set(listed) == {"Slipping", "Dropped", "Worsening", "Back-filled"}
    assert listed["Slipping"].status is not Status.COMPLETED and listed["Slipping"].overdue
    assert listed["Slipping"].rag is Rag.GREEN
    assert listed["Dropped"].status is Status.CANCELLED
    assert listed["Worsening"].rag is Rag.AMBER
    assert [line.title for line in annex.exceptions.red.rows] == ["Back-filled"]
    assert annex.exceptions.overdue.total == 1


def test_the_figures_json_carries_the_same_numbers(
    services: Services, history: dict[str, str]
) -> None:
    paper = services.report.board_paper(SUMMER)
    figures = to_figures(paper)
    assert figures["period"] == {
        "start": "2026-04-01",
        "end": "2026-08-31",
        "label": "Summer term 2026",
    }
    assert figures["compared_period"]["start"] == "2026-01-01"
    assert figures["headline"]["red"] == 1 and figures["headline"]["overdue"] == 1
    assert set(figures["headline"]) >= {
        "open", "red", "amber", "green", "not_rated", "overdue", "not_reviewed_this_term"
    }  # fmt: skip
    oak = next(row for row in figures["schools"] if row["urn"] == "100001")
    assert (oak["name"], oak["open"], oak["red"]) == ("Oakfield Primary School", 3, 1)
    cell = next(c for c in figures["matrix"] if c["urn"] == "100001" and c["principle"] == 1)
    assert (cell["open"], cell["red"], cell["overdue"], cell["mark"]) == (3, 1, 1, "red")
    assert [point["label"] for point in figures["trends"]][-1] == "Summer term 2026"


def test_compare_since_a_meeting(services: Services, history: dict[str, str]) -> None:
    paper = services.report.board_paper(BoardPaperRequest(compare_since=date(2026, 9, 30)))
    compared = paper.cover.compared
    assert (compared.start, compared.end) == (date(2026, 9, 1), date(2026, 9, 30))
    assert compared.label == "the meeting of 30 Sep 2026"
    # On 30 Sep: slipping open (green, overdue), worsening amber, back-filled red.
    assert paper.headline.previous.open == 3
    assert paper.headline.previous.red == 1
    with pytest.raises(ValidationError, match="compare-since"):
        services.report.board_paper(BoardPaperRequest(compare_since=date(2027, 1, 5)))


def test_trends_stand_at_each_term_end(services: Services, history: dict[str, str]) -> None:
    points = services.report.board_paper(SUMMER).trends.points
    assert [point.term.label for point in points] == [
        "Autumn term 2024", "Spring term 2025", "Summer term 2025",
        "Autumn term 2025", "Spring term 2026", "Summer term 2026",
    ]  # fmt: skip
    by_label = {point.term.label: point for point in points}
    assert (by_label["Spring term 2026"].red, by_label["Summer term 2026"].red) == (1, 1)
    assert by_label["Spring term 2026"].completed == 1  # finished, on 1 Mar
    assert by_label["Summer term 2026"].reviews == 3  # 1 May, 10 Jul, 20 Aug
    assert by_label["Summer term 2026"].overdue == 1


def _fields(request: BoardPaperRequest) -> dict[str, object]:
    return {"period_from": request.period_from, "period_to": request.period_to}


def test_a_red_is_never_hidden(services: Services, make_action: Callable[..., str]) -> None:
    services.context.today_override = TODAY
    for number in range(13):
        make_action(title=f"Red {number}", rag="red", start_date="2026-09-02")
    for number in range(40):
        make_action(title=f"Green {number}", rag="green", start_date="2026-09-02")
    make_action(title="Done red", rag="red", status="completed", start_date="2026-09-02")
    paper = services.report.board_paper(BoardPaperRequest())
    cell = paper.matrix.rows[0].cells[0]
    assert (cell.counts.red, cell.counts.green, cell.mark) == (13, 40, Mark.RED)
    assert paper.matrix.rows[0].total.mark is Mark.RED
    # One red total everywhere: the headline, the schools, the matrix, the annex, the overview.
    red = paper.headline.current.red
    assert red == 13
    assert sum(row.counts.red for row in paper.schools) == red
    assert paper.matrix.total.counts.red == red
    assert sum(column.counts.red for column in paper.matrix.column_totals) == red
    annex = services.report.annex(BoardPaperRequest(verify_evidence=False))
    assert annex.exceptions.red.total == red
    assert services.overview.overview().red_count == red
    # Most pressing: the completed red action is never an escalation.
    assert "Done red" not in {item.title for item in paper.escalations}
    assert paper.escalations_shown.text == "5 of 13"


def test_full_lifts_every_limit(services: Services, make_action: Callable[..., str]) -> None:
    services.context.today_override = TODAY
    for number in range(12):
        make_action(title=f"Red {number}", rag="red", start_date="2026-09-02")
    annex = services.report.annex(BoardPaperRequest(verify_evidence=False))
    page = next(page for page in annex.schools if page.school.urn == "100001")
    assert (len(page.concerns.rows), page.concerns.total) == (8, 12)
    full = services.report.annex(BoardPaperRequest(full=True, verify_evidence=False))
    page = next(page for page in full.schools if page.school.urn == "100001")
    assert (len(page.concerns.rows), page.concerns.total) == (12, 12)
    paper = services.report.board_paper(BoardPaperRequest(full=True))
    assert paper.escalations_shown.text == "all 12"


def test_key_messages_and_questions_use_correct_plurals(
    services: Services, make_action: Callable[..., str]
) -> None:
    services.context.today_override = TODAY
    make_action(title="One red", rag="red", start_date="2026-09-02", due_date="2026-10-01")
    paper = services.report.board_paper(BoardPaperRequest())
    text = " ".join(paper.key_messages + paper.questions)
    assert 3 <= len(paper.key_messages) <= 5
    assert "1 open action of 1 (100%) was overdue" in text
    assert "1 actions" not in text and "action(s)" not in text
    edited = services.report.board_paper(BoardPaperRequest(questions=("Our own question?", " ")))
    assert edited.questions == ("Our own question?",)


def test_most_pressing_ranks_open_overdue_above_completed_red(
    services: Services, make_action: Callable[..., str]
) -> None:
    """Finding 5: a completed red action was listed above an open overdue one."""
    services.context.today_override = TODAY
    make_action(
        title="Done red", rag="red", status="completed", start_date="2026-09-02",
        completed_date="2026-10-01",
    )  # fmt: skip
    make_action(title="Open overdue", rag="amber", start_date="2026-09-02", due_date="2026-10-01")
    annex = services.report.annex(BoardPaperRequest(verify_evidence=False))
    group = annex.sections[0].groups[0]
    assert [line.title for line in group.actions] == ["Open overdue", "Done red"]
    paper = services.report.board_paper(BoardPaperRequest())
    assert [item.title for item in paper.escalations] == ["Open overdue"]


def test_every_figures_key_is_documented(
    services: Services, make_action: Callable[..., str]
) -> None:
    from pathlib import Path

    services.context.today_override = TODAY
    make_action(title="One", rag="red", start_date="2026-09-02", area_of_need="semh")
    figures = to_figures(services.report.board_paper(BoardPaperRequest()))
    keys = set(figures)
    for name in ("headline", "period", "framework"):
        keys |= set(figures[name])
    for name in ("schools", "matrix", "trends", "areas_of_need", "schools_of_concern"):
        for row in figures[name]:
            keys |= set(row)
    docs = (Path(__file__).parents[1] / "docs" / "report.md").read_text(encoding="utf-8")
    missing = sorted(key for key in keys if f"`{key}`" not in docs)
    assert missing == []


def test_an_action_counts_from_its_start_date_up_to_the_periods_end(
    services: Services, make_action: Callable[..., str]
) -> None:
    services.context.today_override = TODAY  # 20 Nov; the autumn term runs to 31 Dec
    make_action(title="Starts in December", rag="red", start_date="2026-12-07")
    make_action(title="Starts next term", rag="red", start_date="2027-01-11")
    paper = services.report.board_paper(BoardPaperRequest())
    assert paper.headline.current.red == 1
    spring = services.report.board_paper(
        BoardPaperRequest(period_from=date(2027, 1, 1), period_to=date(2027, 3, 31))
    )
    assert spring.headline.current.red == 2
