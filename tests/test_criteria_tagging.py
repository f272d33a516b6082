"""Actions and evidence carry inspection criteria: through the command line, the JSON lists, the
filters, the audit, and the action editor's and evidence dialog's tick lists."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from tests.conftest import CliResult, file_state

Cli = Callable[..., CliResult]
# The offscreen platform's own note when a dialog is shown: not a problem of the app.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def trust(cli: Cli) -> Cli:
    assert cli("init", "--trust-name", "Oak Learning Trust").code == 0
    assert cli("schools", "add", "--name", "Oakfield", "--urn", "100001").code == 0
    return cli


def _add(cli: Cli, *extra: str) -> str:
    result = cli(
        "actions", "add", "--school", "100001", "--principle", "1", "--title", "Screening", *extra
    )
    assert result.code == 0, result.err
    return result.out.strip()


def _listed(cli: Cli, *extra: str) -> list[dict[str, object]]:
    result = cli("actions", "list", "--json", *extra)
    assert result.code == 0, result.err
    return list(json.loads(result.out))


def test_actions_carry_criteria_on_the_command_line(trust: Cli) -> None:
    tagged = _add(trust, "--criterion", "ic3", "--criterion", "IC2", "--criterion", "IC3")
    plain = _add(trust)
    by_id = {item["id"]: item for item in _listed(trust)}
    assert by_id[tagged]["criteria"] == ["IC2", "IC3"], "list order, each once"
    assert by_id[plain]["criteria"] == []
    assert trust("actions", "update", plain, "--criterion", "IC6").code == 0
    assert trust("actions", "update", tagged, "--title", "Screening for all").code == 0
    by_id = {item["id"]: item for item in _listed(trust)}
    assert by_id[plain]["criteria"] == ["IC6"]
    assert by_id[tagged]["criteria"] == ["IC2", "IC3"], "an update without --criterion keeps them"
    assert trust("actions", "update", tagged, "--criterion", "none").code == 0
    shown = json.loads(trust("actions", "show", tagged, "--json").out)
    assert shown["criteria"] == []


def test_list_filters_by_criterion(trust: Cli) -> None:
    second = _add(trust, "--criterion", "IC2")
    both = _add(trust, "--criterion", "IC2", "--criterion", "IC6")
    _add(trust)
    assert {item["id"] for item in _listed(trust, "--criterion", "IC2")} == {second, both}
    assert {item["id"] for item in _listed(trust, "--criterion", "ic6")} == {both}
    assert _listed(trust, "--criterion", "IC9") == []
    result = trust("actions", "list", "--criterion", "IC99")
    assert result.code == 2
    assert "criterion: value 'IC99' — expected a criterion code (IC1, IC2" in result.err


def test_unknown_or_retired_codes_are_refused_in_one_line(trust: Cli, db_path: Path) -> None:
    kept = _add(trust, "--criterion", "IC5")
    assert trust("criteria", "retire", "IC5").code == 0
    before = file_state(db_path)
    cases = [
        (["--criterion", "IC42"], "criterion: value 'IC42' — expected a criterion code (IC1"),
        (["--criterion", "IC5"], "IC5 is retired: it stays on old records only"),
        (["--criterion", "none", "--criterion", "IC2"], "expected on its own"),
        (["--criterion", "I C"], "expected a criterion code such as IC3"),
    ]
    for extra, message in cases:
        result = trust(
            "actions", "add", "--school", "100001", "--principle", "1", "--title", "x", *extra
        )
        assert result.code == 2, (extra, result.err)
        assert message in result.err, (extra, result.err)
        assert len(result.err.strip().splitlines()) == 1
    assert file_state(db_path) == before
    # The retired criterion stays on the old record, through an update of something else.
    assert trust("actions", "update", kept, "--criterion", "IC5", "--criterion", "IC1").code == 0
    shown = json.loads(trust("actions", "show", kept, "--json").out)
    assert shown["criteria"] == ["IC1", "IC5"]


def test_evidence_carries_criteria_and_filters(trust: Cli) -> None:
    action = _add(trust)
    result = trust(
        "evidence", "add", "--action", action, "--title", "Screening data",
        "--kind", "data", "--criterion", "IC2", "--criterion", "IC1",
    )  # fmt: skip
    assert result.code == 0, result.err
    tagged = result.out.strip()
    plain = trust("evidence", "add", "--action", action, "--title", "Note").out.strip()
    items = {e["id"]: e for e in json.loads(trust("evidence", "list", "--json").out)}
    assert items[tagged]["criteria"] == ["IC1", "IC2"]
    assert items[plain]["criteria"] == []
    filtered = json.loads(trust("evidence", "list", "--json", "--criterion", "IC2").out)
    assert [e["id"] for e in filtered] == [tagged]
    refused = trust("evidence", "add", "--action", action, "--title", "x", "--criterion", "Q1")
    assert refused.code == 2 and "criterion: value 'Q1' — expected a criterion code" in refused.err


def test_the_audit_records_criteria_changes(services: Services) -> None:
    action = services.actions.add(
        ActionDraft(school="100001", principle=1, title="Screening", criteria=("IC2",))
    )
    services.actions.update(action.id, {"criteria": ("IC2", "IC3")})
    services.actions.update(action.id, {"criteria": ("IC3", "IC2")})  # same set: no event
    evidence = services.evidence.add(action_id=action.id, title="Data", criteria=("IC3",))
    services.evidence.set_criteria(evidence.id, ())
    with services.context.read() as session:
        action_events = history(session, action.id)
        evidence_events = history(session, evidence.id)
    assert [e.operation for e in action_events] == ["create", "update"]
    assert action_events[0].after is not None and action_events[0].after["criteria"] == "IC2"
    update = action_events[1]
    assert update.before is not None and update.after is not None
    assert (update.before["criteria"], update.after["criteria"]) == ("IC2", "IC2; IC3")
    assert [e.operation for e in evidence_events] == ["create", "update"]
    assert evidence_events[1].after is not None and evidence_events[1].after["criteria"] == ""
    assert services.check.run().ok


def test_the_service_filter_and_records(services: Services) -> None:
    one = services.actions.add(
        ActionDraft(school="100001", principle=1, title="One", criteria=("IC4",))
    )
    services.actions.add(ActionDraft(school="100001", principle=1, title="Two"))
    found = services.actions.list(ActionFilter(criterion_codes=("IC4",)))
    assert [a.id for a in found] == [one.id] and found[0].criteria == ("IC4",)
    assert services.actions.count(ActionFilter(criterion_codes=("IC4",))) == 1
    assert services.actions.draft_of(one.id).criteria == ("IC4",)
    with pytest.raises(ValidationError, match="IC0"):
        services.actions.validate(
            ActionDraft(school="100001", principle=1, title="x", criteria=("IC0",))
        )


# --- the tick lists, with real key events --------------------------------------------------------
def _tick_with_keys(qtbot, tick_list, codes: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Walk the list with Down from the top and press Space on each wanted code."""
    from PySide6.QtCore import Qt

    tick_list.setFocus()
    qtbot.keyClick(tick_list, Qt.Key.Key_Home)
    for row in range(tick_list.count()):
        if tick_list.item(row).data(Qt.ItemDataRole.UserRole) in codes:
            qtbot.keyClick(tick_list, Qt.Key.Key_Space)
        qtbot.keyClick(tick_list, Qt.Key.Key_Down)


def test_the_action_editor_ticks_criteria_with_the_keyboard(services: Services, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QListWidget

    from cst_inclusion_desktop.ui.records.action_editor import ActionEditor

    services.criteria.retire("IC9")
    editor = ActionEditor(services)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    title = editor.findChild(QLineEdit, "titleEdit")
    title.setFocus()
    qtbot.keyClicks(title, "Graduated approach training")
    tick_list = editor.findChild(QListWidget, "criteriaList")
    assert tick_list.accessibleName() == "Inspection criteria"
    assert tick_list.count() == 8, "a retired criterion is not offered for a new action"
    assert tick_list.item(2).text() == "IC3 A continuous cycle of planning, action and review"
    assert "6.44" in tick_list.item(2).toolTip()
    _tick_with_keys(qtbot, tick_list, ["IC3", "IC6"])
    _tick_with_keys(qtbot, tick_list, ["IC6"])  # Space again unticks
    assert editor.values()["criteria"] == ("IC3",)
    _tick_with_keys(qtbot, tick_list, ["IC8"])
    assert editor.save()
    assert editor.saved is not None and editor.saved.criteria == ("IC3", "IC8")
    # Editing: the saved ticks come back; unticking one saves the change, audited.
    again = ActionEditor(services, action_id=editor.saved.id)
    qtbot.addWidget(again)
    again.show()
    listed = again.findChild(QListWidget, "criteriaList")
    ticked = [
        listed.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(listed.count())
        if listed.item(row).checkState() == Qt.CheckState.Checked
    ]
    assert ticked == ["IC3", "IC8"] and not again.is_dirty()
    _tick_with_keys(qtbot, listed, ["IC8"])
    assert again.is_dirty() and again.save()
    assert services.actions.get(editor.saved.id).criteria == ("IC3",)
    with services.context.read() as session:
        last = history(session, editor.saved.id)[-1]
    assert last.after is not None and last.after["criteria"] == "IC3"


def test_a_retired_criterion_stays_on_an_old_action_in_the_editor(
    services: Services, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QListWidget

    from cst_inclusion_desktop.ui.records.action_editor import ActionEditor

    action = services.actions.add(
        ActionDraft(school="100001", principle=1, title="SEN report", criteria=("IC9",))
    )
    services.criteria.retire("IC9")
    editor = ActionEditor(services, action_id=action.id)
    qtbot.addWidget(editor)
    tick_list = editor.findChild(QListWidget, "criteriaList")
    labels = [tick_list.item(row).text() for row in range(tick_list.count())]
    assert labels[-1] == "IC9 An accurate, accessible SEN information report (retired)"
    editor.title_edit.setText("SEN information report")
    assert editor.save()
    assert services.actions.get(action.id).criteria == ("IC9",)


def test_the_evidence_dialog_ticks_criteria(services: Services, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit, QListWidget

    from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog

    action = services.actions.add(
        ActionDraft(school="100001", principle=1, title="Screening", criteria=("IC2",))
    )
    dialog = EvidenceDialog(services, action=services.actions.get(action.id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    title = dialog.findChild(QLineEdit, "evidenceTitleEdit")
    title.setFocus()
    qtbot.keyClicks(title, "Screening results")
    tick_list = dialog.findChild(QListWidget, "evidenceCriteriaList")
    assert dialog.criteria_list.codes() == ("IC2",), "starts with the action's criteria"
    _tick_with_keys(qtbot, tick_list, ["IC1"])
    assert dialog.save()
    assert dialog.saved is not None and dialog.saved.criteria == ("IC1", "IC2")
    assert services.evidence.list(criterion_codes=["IC1"])[0].title == "Screening results"


def test_a_correction_re_tags_evidence_with_the_keyboard_and_undo_restores(  # type: ignore[no-untyped-def]
    services: Services, qtbot
) -> None:
    """Correcting existing evidence offers its criteria ticked; changing them is one audited
    update with before and after, and Undo puts the old criteria back."""
    from PySide6.QtWidgets import QListWidget

    from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog

    action = services.actions.add(ActionDraft(school="100001", principle=1, title="Screening"))
    evidence = services.evidence.add(action_id=action.id, title="Data", criteria=("IC2",))
    dialog = EvidenceDialog(services, evidence=services.evidence.get(evidence.id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tick_list = dialog.findChild(QListWidget, "evidenceCriteriaList")
    assert tick_list.isEnabled() and dialog.criteria_list.codes() == ("IC2",)
    _tick_with_keys(qtbot, tick_list, ["IC2", "IC4"])  # untick IC2, tick IC4
    assert dialog.save()
    assert services.evidence.get(evidence.id).criteria == ("IC4",)
    with services.context.read() as session:
        event = history(session, evidence.id)[-1]
    assert event.before is not None and event.after is not None
    assert (event.before["criteria"], event.after["criteria"]) == ("IC2", "IC4")
    services.undo.undo()
    assert services.evidence.get(evidence.id).criteria == ("IC2",)


def test_cli_evidence_update_re_tags_and_clears(trust: Cli) -> None:
    action = _add(trust)
    added = trust("evidence", "add", "--action", action, "--title", "Data", "--criterion", "IC2")
    evidence = added.out.strip()

    def codes() -> list[object]:
        items = json.loads(trust("evidence", "list", "--json").out)
        return next(item["criteria"] for item in items if item["id"] == evidence)

    result = trust("evidence", "update", evidence, "--criterion", "IC3", "--criterion", "IC6")
    assert result.code == 0, result.err
    assert codes() == ["IC3", "IC6"]
    assert trust("evidence", "update", evidence, "--title", "Data 2").code == 0
    assert codes() == ["IC3", "IC6"], "no --criterion leaves them"
    assert trust("evidence", "update", evidence, "--criterion", "none").code == 0
    assert codes() == []
    refused = trust("evidence", "update", evidence, "--criterion", "Q1")
    assert refused.code == 2 and "criterion: value 'Q1' — expected a criterion code" in refused.err


def test_the_filter_bar_filters_by_criterion_with_the_keyboard(services: Services, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLabel, QTableView

    from cst_inclusion_desktop.ui.window.main_window import MainWindow

    for title, codes in (
        ("Screening", ("IC2",)),
        ("Parents' forum", ("IC6",)),
        ("Both", ("IC2", "IC6")),
    ):
        services.actions.add(ActionDraft(school="100001", principle=1, title=title, criteria=codes))
    services.actions.add(ActionDraft(school="100001", principle=1, title="Untagged"))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    combo = window.findChild(QComboBox, "criterionFilter")
    assert combo.currentText() == "All criteria" and combo.count() == 10
    assert combo.itemData(2, Qt.ItemDataRole.ToolTipRole).startswith("The school spots")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # IC2
    assert combo.currentText() == "IC2 Early and accurate identification of needs"
    model = window.findChild(QTableView, "actionTable").model()
    assert window.current_filter().criterion_codes == ("IC2",)
    titles = sorted(a.title for a in services.actions.list(window.current_filter()))
    assert titles == ["Both", "Screening"] and model.rowCount() == 2
    assert window.findChild(QLabel, "statusCounts").text().startswith("2 actions shown")
    window.filter_bar.criterion_filter.set_code("")
    assert model.rowCount() == 4


def test_the_details_pane_names_the_selected_actions_criteria(services: Services, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from cst_inclusion_desktop.ui.window.main_window import MainWindow

    services.actions.add(
        ActionDraft(school="100001", principle=1, title="Screening", criteria=("IC2", "IC3"))
    )
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.table.setFocus()
    window.table.selectRow(0)
    heading = window.findChild(QLabel, "actionHeading").text()
    assert heading.endswith("\nInspection criteria: IC2, IC3")
