"""Terms from the trust's own dates, the compared period, and one definition of overdue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.terms import (
    DEFAULT_CALENDAR,
    PeriodPreset,
    parse_term_dates,
    term_containing,
)
from cst_inclusion_desktop.services import Services
from tests.conftest import CliResult

EASTER_TERMS = (
    "2025-09-03..2025-12-19 Autumn 2025; 2026-01-05..2026-03-27 Spring 2026;\n"
    "2026-04-13..2026-07-22 Summer 2026; 2026-09-02..2026-12-18 Autumn 2026"
)


def test_default_english_terms_are_unchanged() -> None:
    autumn = term_containing(date(2026, 11, 20))
    assert (autumn.start, autumn.end, autumn.label) == (
        date(2026, 9, 1), date(2026, 12, 31), "Autumn term 2026"
    )  # fmt: skip
    summer = DEFAULT_CALENDAR.before(autumn)
    assert (summer.start, summer.end) == (date(2026, 4, 1), date(2026, 8, 31))


def test_the_compared_period_is_the_previous_term_not_an_equal_length() -> None:
    """Finding 3: autumn was compared with 2 May – 31 Aug, so two packs disagreed."""
    from cst_inclusion_desktop.services.reporting.paper_service import resolve_periods

    periods = resolve_periods(BoardPaperRequest(), DEFAULT_CALENDAR, date(2026, 11, 20))
    assert (periods.compared.start, periods.compared.end) == (date(2026, 4, 1), date(2026, 8, 31))
    assert periods.compared.label == "Summer term 2026"
    assert [term.label for term in periods.terms][-2:] == ["Summer term 2026", "Autumn term 2026"]
    assert len(periods.terms) == 6


def test_easter_based_terms_from_the_trusts_dates() -> None:
    calendar = parse_term_dates(EASTER_TERMS)
    spring = calendar.containing(date(2026, 2, 10))
    assert (spring.start, spring.end, spring.label) == (
        date(2026, 1, 5), date(2026, 3, 27), "Spring 2026"
    )  # fmt: skip
    # In the Easter holiday "this term" is the term just ended.
    assert calendar.containing(date(2026, 4, 6)) == spring
    assert calendar.before(calendar.containing(date(2026, 10, 1))).label == "Summer 2026"
    assert calendar.preset(PeriodPreset.LAST_TERM, date(2026, 5, 1)) == spring
    # Beyond the dates given, the English terms carry on.
    assert calendar.containing(date(2027, 2, 1)).label == "Spring term 2027"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("2026-01-05 to 2026-03-27 Spring", "2026-01-05 to 2026-03-27 Spring"),
        ("2026-02-30..2026-03-27 Spring", "2026-02-30..2026-03-27"),
        ("2026-03-27..2026-01-05 Spring", "a start on or before its end"),
        ("2026-01-05..2026-03-27 A; 2026-03-01..2026-07-01 B", "a term starting after A ends"),
    ],
)
def test_bad_term_dates_name_the_entry(text: str, named: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_term_dates(text)
    assert caught.value.field == "term_dates"
    assert named in caught.value.message


def test_bad_term_dates_in_the_environment_are_named_when_settings_load() -> None:
    with pytest.raises(ValidationError) as caught:
        load_settings(environ={"CST_INCLUSION_TERM_DATES": "spring 2026"})
    assert "term_dates" in caught.value.message and "environment" in caught.value.message


def test_the_board_paper_follows_the_trusts_terms(
    services: Services, make_action: Callable[..., str]
) -> None:
    services.context.today_override = date(2026, 3, 10)
    services.context.settings = replace(services.context.settings, term_dates=EASTER_TERMS)
    make_action(title="Started in spring", rag="red", start_date="2026-01-20")
    paper = services.report.board_paper(BoardPaperRequest())
    assert paper.cover.period.label == "Spring 2026"
    assert paper.cover.compared.label == "Autumn 2025"
    assert paper.headline.current.red == 1 and paper.headline.previous.open == 0
    assert [point.term.label for point in paper.trends.points][-3:] == [
        "Summer term 2025", "Autumn 2025", "Spring 2026"
    ]  # fmt: skip


def test_actions_list_overdue_agrees_with_the_paper(
    services: Services, make_action: Callable[..., str], cli: Callable[..., CliResult]
) -> None:
    today = date.today()
    make_action(title="Late and open", due_date="2020-01-10", start_date="2020-01-01")
    make_action(title="Late but on hold", status="on_hold", due_date="2020-01-10")
    make_action(title="Late but done", status="completed", due_date="2020-01-10")
    make_action(title="Late but cancelled", status="cancelled", due_date="2020-01-10")
    result = cli("actions", "list", "--overdue", "--json")
    assert result.code == 0, result.err
    import json

    listed = {row["title"] for row in json.loads(result.out)}
    assert listed == {"Late and open", "Late but on hold"}
    services.context.today_override = today
    assert services.report.board_paper(BoardPaperRequest()).headline.current.overdue == 2
