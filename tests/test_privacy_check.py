"""Privacy by default: `check --privacy` lists free text that looks as if it holds a pupil's
name or date of birth (advice, exit 0), and every free-text field warns against them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.privacy_scan import findings_in
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


@pytest.mark.parametrize(
    ("text", "fragment", "reason"),
    [
        ("Met Jack Smith and his mum", "Met Jack Smith", "capitalised words that may be a name"),
        ("Spoke to Mrs Patel after school", "Mrs Patel", "a title and a name"),
        ("Mr. O'Neill agreed", "Mr. O'Neill", "a title and a name"),
        ("Child DOB 03/04/2016, Year 2", "DOB 03/04/2016", "a date of birth"),
        ("born on 3 March 2016", "born on 3 March 2016", "a date of birth"),
        ("date of birth: 2016-04-03", "date of birth: 2016-04-03", "a date of birth"),
    ],
)
def test_names_and_dates_of_birth_are_found(text: str, fragment: str, reason: str) -> None:
    assert (fragment, reason) in findings_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Speech Therapy group started in Year 3",
        "Zones of Regulation in the Autumn Term",
        "Pupil Premium review with the Local Authority",
        "Then Jack joined",  # one unknown word: not enough to call it a name
        "Due 03/04/2026",  # a date, but not near DOB or born
        "",
    ],
)
def test_school_and_send_wording_is_not_flagged(text: str) -> None:
    assert findings_in(text) == []


def test_the_trusts_own_school_and_staff_names_are_not_flagged() -> None:
    assert findings_in("Oakfield Primary with Zoë Ørsted") != []
    assert (
        findings_in("Oakfield Primary with Priya Shah", frozenset({"oakfield", "priya", "shah"}))
        == []
    )


@pytest.fixture
def named_record(
    services: Services, make_action: Callable[..., str], tmp_path: Path
) -> dict[str, str]:
    action_id = make_action(
        title="Reading support", description="Met Jack Smith's mum", owner="Priya Shah"
    )
    review = services.reviews.add(action_id, "amber", "Mrs Patel says DOB 03/04/2016")
    source = tmp_path / "plan.txt"
    source.write_text("plan")
    services.evidence.add(
        action_id=action_id, file=source, title="Oakfield Primary plan", note="Agreed"
    )
    return {"action": action_id, "review": review.id}


def test_check_privacy_lists_entity_id_field_and_fragment(
    named_record: dict[str, str], cli: Cli
) -> None:
    result = cli("check", "--privacy")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    action_line = next(line for line in lines if line.startswith("action"))
    assert named_record["action"] in action_line and "description" in action_line
    assert "Met Jack Smith" in action_line
    review_lines = [line for line in lines if line.startswith("review")]
    assert any("Mrs Patel" in line and "a title and a name" in line for line in review_lines)
    assert any("DOB 03/04/2016" in line and "a date of birth" in line for line in review_lines)
    assert all(named_record["review"] in line and " note " in line for line in review_lines)
    assert not any(line.startswith("evidence") for line in lines)  # the school's own name
    assert "Priya Shah" not in result.out  # owner is a staff field, not read
    assert lines[-1].startswith("3 to review: pupils' names and dates of birth do not belong")


def test_check_privacy_json_and_a_clean_record(
    named_record: dict[str, str], services: Services, cli: Cli
) -> None:
    found = json.loads(cli("check", "--privacy", "--json").out)
    assert {(item["entity"], item["field"], item["fragment"]) for item in found} == {
        ("action", "description", "Met Jack Smith"),
        ("review", "note", "Mrs Patel"),
        ("review", "note", "DOB 03/04/2016"),
    }


def test_a_clean_record_says_so(
    services: Services, make_action: Callable[..., str], cli: Cli
) -> None:
    make_action(title="Reading support", description="Small groups in Year 2")
    result = cli("check", "--privacy")
    assert result.code == 0
    assert result.out == "No free text looks as if it holds a pupil's name or date of birth.\n"


@pytest.mark.sqlite_only  # stores the fragment through the SQLite file
def test_a_hostile_fragment_is_printed_escaped(
    named_record: dict[str, str], db_path: Path, cli: Cli
) -> None:
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE review SET note = 'DOB:\x1f03/04/2016 \u202eMrs Evil'")
    connection.commit()
    connection.close()
    result = cli("check", "--privacy")
    assert result.code == 0
    assert "\x1f" not in result.out and "\u202e" not in result.out
    assert "DOB:\\u001f03/04/2016" in result.out


def test_privacy_with_an_anchor_is_a_usage_error(services: Services, cli: Cli) -> None:
    result = cli("check", "--privacy", "--anchor", "1:" + "a" * 64)
    assert result.code == 2 and "--privacy lists free text only" in result.err


def test_every_free_text_field_warns_against_pupil_names(
    qtbot: QtBot, services: Services, make_action: Callable[..., str]
) -> None:
    from cst_inclusion_desktop.ui.records.action_editor import ActionEditor
    from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog
    from cst_inclusion_desktop.ui.records.review_dialog import ReviewDialog

    action = services.actions.get(make_action())
    editor = ActionEditor(services)
    evidence = EvidenceDialog(services, action=action)
    review = ReviewDialog(services, action)
    for dialog in (editor, evidence, review):
        qtbot.addWidget(dialog)
    fields = [editor.description_edit, evidence.title_edit, evidence.note_edit, review.note_edit]
    for field in fields:
        assert "No pupils' names or dates of birth here" in field.placeholderText(), (
            field.objectName()
        )
