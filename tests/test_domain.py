"""Validation rules and enumerations (pure Python, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from cst_inclusion_desktop.domain.action_rules import ActionDraft, validate_action
from cst_inclusion_desktop.domain.definitions import is_overdue
from cst_inclusion_desktop.domain.enums import AreaOfNeed, EvidenceKind, Phase, Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError, ValidationErrors
from cst_inclusion_desktop.domain.framework_file import dump_framework, parse_framework
from cst_inclusion_desktop.domain.text import printable, safe_file_name
from cst_inclusion_desktop.domain.validation import (
    clean_text,
    clean_urn,
    parse_date,
    parse_principle_number,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in_progress", Status.IN_PROGRESS),
        ("In progress", Status.IN_PROGRESS),
        ("IN PROGRESS", Status.IN_PROGRESS),
        ("in-progress", Status.IN_PROGRESS),
        ("on_hold", Status.ON_HOLD),
        ("Cancelled", Status.CANCELLED),
    ],
)
def test_status_accepts_tokens_and_labels_case_insensitively(text: str, expected: Status) -> None:
    assert Status.parse(text) is expected


def test_every_enum_parses_its_own_tokens_and_labels() -> None:
    for enum in (Status, Rag, Phase, EvidenceKind, AreaOfNeed):
        for member in enum:
            assert enum.parse(member.token) is member
            assert enum.parse(member.label.upper()) is member


def test_unknown_enum_value_names_field_and_choices() -> None:
    with pytest.raises(ValidationError) as caught:
        Rag.parse("purple")
    assert caught.value.message == "rag: value 'purple' — expected one of red, amber, green"


@pytest.mark.parametrize("text", ["2026-09-01", "01/09/2026", "1/9/2026", "01.09.2026"])
def test_dates_in_iso_and_uk_forms(text: str) -> None:
    assert parse_date(text, "due_date") == date(2026, 9, 1)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "31/31/2026", "tomorrow", "2026/09/01", "09-01-2026"]
)
def test_malformed_dates_are_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, "due_date")
    assert "expected a date as YYYY-MM-DD or DD/MM/YYYY" in caught.value.message
    assert "due_date" in caught.value.message


def test_dates_outside_the_supported_range_are_refused() -> None:
    with pytest.raises(ValidationError, match="between 1990-01-01 and 2100-12-31"):
        parse_date("9999-12-31", "start_date")


@pytest.mark.parametrize("urn", ["12345", "1234567", "12345a", "", "12 3456"])
def test_urn_must_be_six_digits(urn: str) -> None:
    with pytest.raises(ValidationError, match="six-digit URN"):
        clean_urn(urn)


def test_urn_is_trimmed() -> None:
    assert clean_urn(" 100001 ") == "100001"


def test_text_refuses_control_characters_but_keeps_newlines_and_unicode() -> None:
    assert clean_text("Zoë\nØrsted – “quoted”", "note", limit=100) == "Zoë\nØrsted – “quoted”"
    with pytest.raises(ValidationError, match="U\\+0000"):
        clean_text("bad\x00text", "note", limit=100)


def test_unicode_line_separators_stay_out_of_one_line_fields_and_terminals() -> None:
    with pytest.raises(ValidationError, match=r"text on one line .*U\+2028"):
        clean_text("Phonics\u2028catch-up", "title", limit=100, multi_line=False)
    assert clean_text("First\u2029second", "note", limit=100) == "First\u2029second"
    assert printable("a\u2028b\u2029c", keep_line_breaks=True) == "a\\u2028b\\u2029c"
    assert safe_file_name("report\u2028.pdf") == "report_.pdf"


def test_text_over_its_limit_is_refused_with_the_limit() -> None:
    with pytest.raises(ValidationError, match="at most 10 characters"):
        clean_text("x" * 11, "title", limit=10)


def test_principle_number_must_be_in_framework() -> None:
    assert parse_principle_number("3", [1, 2, 3, 4, 5]) == 3
    with pytest.raises(ValidationError, match=r"principle number in the framework \(1 to 5\)"):
        parse_principle_number(9, [1, 2, 3, 4, 5])


def test_validate_action_reports_every_problem_at_once() -> None:
    draft = ActionDraft(
        school="100001",
        principle=9,
        title="",
        status="done",
        start_date="2026-10-01",
        due_date="2026-09-01",
    )
    with pytest.raises(ValidationErrors) as caught:
        validate_action(draft, [1, 2, 3, 4, 5], TODAY)
    fields = [problem.field for problem in caught.value.problems]
    assert fields == ["principle", "title", "status", "due_date"]


def test_completed_action_gets_a_completed_date() -> None:
    valid = validate_action(
        ActionDraft(school="100001", principle=1, title="Done", status="completed"), [1], TODAY
    )
    assert valid.completed_date == TODAY


def test_overdue_only_for_open_actions_past_due() -> None:
    past = date(2026, 1, 1)
    assert is_overdue(Status.IN_PROGRESS, past, TODAY)
    assert not is_overdue(Status.COMPLETED, past, TODAY)
    assert not is_overdue(Status.PLANNED, None, TODAY)
    assert not is_overdue(Status.PLANNED, TODAY, TODAY)


def test_framework_file_round_trips() -> None:
    text = dump_framework(
        parse_framework(
            '{"format": "cst-inclusion-framework", "format_version": 1, "name": "CST 2023",'
            ' "version": 2, "principles": [{"number": 1, "title": "Dignity not deficit",'
            ' "summary": "s"}]}',
            "f.json",
        )
    )
    spec = parse_framework(text, "again.json")
    assert spec.name == "CST 2023" and spec.version == 2
    assert spec.principles[0].title == "Dignity not deficit"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "f.json: file: value 'line 1' — expected valid JSON"),
        ('{"format": "other"}', "f.json: format: value 'other'"),
        (
            '{"format": "cst-inclusion-framework", "format_version": 1, "name": "x",'
            ' "principles": [{"number": 2, "title": "t"}]}',
            "expected the numbers 1 to 1, each once",
        ),
        (
            '{"format": "cst-inclusion-framework", "format_version": 1, "name": "x",'
            ' "principles": [{"number": 1, "title": ""}]}',
            "f.json: principles[0]: title",
        ),
    ],
)
def test_bad_framework_files_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_framework(text, "f.json")
    assert message in caught.value.message


def test_the_mark_is_the_worst_rag_among_open_actions_so_a_red_is_never_hidden() -> None:
    """Finding 7: the mark was the most common RAG, so 13 reds among 40 greens showed green."""
    from itertools import product

    from cst_inclusion_desktop.domain.definitions import Mark
    from cst_inclusion_desktop.domain.records import MatrixCell

    assert MatrixCell("s", 1).mark is Mark.NONE
    assert MatrixCell("s", 1, not_rated=2).mark is Mark.NOT_RATED
    assert MatrixCell("s", 1, red=13, green=40).mark is Mark.RED
    for red, amber, green in product(range(4), repeat=3):
        if red + amber + green == 0:
            continue
        counts = {Rag.RED: red, Rag.AMBER: amber, Rag.GREEN: green}
        expected = max((rag for rag in Rag if counts[rag]), key=lambda rag: rag.severity)
        assert MatrixCell("s", 1, red, amber, green).mark.rag is expected, (red, amber, green)
