"""No lost updates: two people open the same row, the second save is refused with who changed it
and when, and an overwrite made knowingly is audited as one (services/records/rows.py)."""

# ruff: noqa: F811 (the colleague fixtures are imported, then named as parameters)
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pack_tools import pair
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.errors import ConflictError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.exchange.keys import key_files
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.ui.records.action_editor import ActionEditor
from cst_inclusion_desktop.ui.records.schools_dialog import SchoolsDialog
from tests.colleagues import colleague, colleague_name  # noqa: F401 (fixtures)
from tests.conftest import CliResult, file_state


def test_the_second_save_from_the_same_version_is_refused(
    services: Services, colleague: Services, colleague_name: str, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Reading buddies")
    mine = services.actions.get(action_id)
    theirs = colleague.actions.get(action_id)
    saved = colleague.actions.update(action_id, {"owner": "Ms Patel"}, read_version=theirs.version)
    assert saved.version == theirs.version + 1
    with pytest.raises(ConflictError) as caught:
        services.actions.update(action_id, {"owner": "Mr Lee"}, read_version=mine.version)
    message = str(caught.value)
    assert message.startswith(f'action "Reading buddies" was changed by {colleague_name} at ')
    assert message.endswith(" since you opened it")
    assert caught.value.current_version == saved.version
    assert services.actions.get(action_id).owner == "Ms Patel"  # her change was kept


def test_overwriting_knowingly_saves_mine_and_is_audited_as_an_overwrite(
    services: Services, colleague: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Reading buddies")
    mine = services.actions.get(action_id)
    colleague.actions.update(action_id, {"owner": "Ms Patel"})
    with pytest.raises(ConflictError) as caught:
        services.actions.update(action_id, {"owner": "Mr Lee"}, read_version=mine.version)
    saved = services.actions.update(
        action_id,
        {"owner": "Mr Lee"},
        read_version=caught.value.current_version,
        overwrite=True,
    )
    assert saved.owner == "Mr Lee"
    with services.context.read() as session:
        operations = [event.operation for event in history(session, action_id)]
    assert operations == ["create", "update", "overwrite"]
    assert services.check.run().ok


def test_a_save_without_a_version_still_cannot_undo_a_change_made_meanwhile(
    services: Services, colleague: Services, make_action: Callable[..., str]
) -> None:
    """The version read in the saving transaction is checked too: on PostgreSQL another
    transaction may commit between that read and the update."""
    action_id = make_action(title="Reading buddies")
    services.actions.update(action_id, {"owner": "Mr Lee"})
    colleague.actions.update(action_id, {"owner": "Ms Patel"})
    assert services.actions.get(action_id).version == 3


def test_schools_evidence_and_principles_are_guarded_too(
    services: Services, colleague: Services, colleague_name: str
) -> None:
    school = services.schools.get("100001")
    colleague.schools.update("100001", senco="Ms Patel")
    with pytest.raises(
        ConflictError, match=rf'^school "Oakfield Primary School" was changed by {colleague_name}'
    ):
        services.schools.update("100001", senco="Mr Lee", read_version=school.version)
    with pytest.raises(ConflictError):
        services.schools.archive("100001", read_version=school.version)

    principle = services.trust.principles()[0]
    colleague.trust.update_principle(1, "Knowing every child", "Her words.")
    with pytest.raises(ConflictError, match=r'^principle "Knowing every child" was changed by'):
        services.trust.update_principle(1, "Mine", "My words.", read_version=principle.version)
    assert services.trust.principles()[0].title == "Knowing every child"

    evidence = services.evidence.add(
        school="100001", principle=1, title="Visit note", kind="observation"
    )
    colleague.evidence.archive(evidence.id)
    with pytest.raises(
        ConflictError, match=rf'^evidence "Visit note" was changed by {colleague_name}'
    ):
        services.evidence.archive(evidence.id, False, read_version=evidence.version)


def test_the_cli_refuses_a_stale_version_with_one_line_and_changes_nothing(
    services: Services,
    colleague: Services,
    colleague_name: str,
    make_action: Callable[..., str],
    cli: Callable[..., CliResult],
    db_path: Path,
) -> None:
    action_id = make_action(title="Reading buddies")
    shown = cli("actions", "show", action_id, "--json")
    assert '"version": 1' in shown.out
    colleague.actions.update(action_id, {"owner": "Ms Patel"})
    before = file_state(db_path)
    result = cli("actions", "update", action_id, "--owner", "Mr Lee", "--if-version", "1")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    assert f'action "Reading buddies" was changed by {colleague_name} at ' in lines[0]
    assert file_state(db_path) == before
    assert cli("actions", "update", action_id, "--owner", "Mr Lee", "--if-version", "2").code == 0


# --- the GUI: reload their version, overwrite with mine, or cancel -------------------------
# The offscreen platform warns that it cannot pass size hints to a window manager it lacks.
gui = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def no_real_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor closed at the end of a test with unsaved changes asks first: answer Discard."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def _answer_conflict(qtbot, button_name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Press a button of the conflict question with the keyboard as soon as it is shown;
    returns the question's text (filled in when it was answered)."""
    seen: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "conflictMessage":
            QTimer.singleShot(10, press)
            return
        seen.append(box.informativeText())
        button = box.findChild(QPushButton, button_name)
        button.setFocus()
        QTest.keyClick(button, Qt.Key.Key_Space)

    QTimer.singleShot(0, press)
    return seen


def _open_editor(qtbot, services: Services, action_id: str) -> ActionEditor:  # type: ignore[no-untyped-def]
    editor = ActionEditor(services, action_id=action_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _type_owner(qtbot, editor: ActionEditor, text: str) -> None:  # type: ignore[no-untyped-def]
    owner = editor.findChild(QLineEdit, "ownerEdit")
    owner.setFocus()
    owner.selectAll()
    QTest.keyClicks(owner, text)


@gui
@pytest.mark.parametrize(
    "choice", ["reloadTheirsButton", "overwriteMineButton", "conflictCancelButton"]
)
def test_the_action_editor_offers_reload_overwrite_or_cancel(
    qtbot,  # type: ignore[no-untyped-def]
    services: Services,
    colleague: Services,
    colleague_name: str,
    make_action: Callable[..., str],
    choice: str,
) -> None:
    action_id = make_action(title="Reading buddies", owner="Mrs Hall")
    editor = _open_editor(qtbot, services, action_id)
    _type_owner(qtbot, editor, "Mr Lee")
    colleague.actions.update(action_id, {"owner": "Ms Patel"})
    seen = _answer_conflict(qtbot, choice)
    qtbot.keyClick(editor.findChild(QLineEdit, "ownerEdit"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert f'Action "Reading buddies" was changed by {colleague_name} at ' in seen[0]
    owner = editor.findChild(QLineEdit, "ownerEdit")
    saved = services.actions.get(action_id)
    if choice == "reloadTheirsButton":
        assert editor.isVisible() and owner.text() == "Ms Patel" and saved.owner == "Ms Patel"
        assert not editor.is_dirty()
    elif choice == "overwriteMineButton":
        assert not editor.isVisible() and saved.owner == "Mr Lee"
        with services.context.read() as session:
            assert history(session, action_id)[-1].operation == "overwrite"
    else:
        assert editor.isVisible() and owner.text() == "Mr Lee"  # nothing typed is lost
        assert saved.owner == "Ms Patel"
        assert f"changed by {colleague_name}" in editor.form_error.text()


@gui
@pytest.mark.parametrize("choice", ["reloadTheirsButton", "overwriteMineButton"])
def test_the_schools_dialog_offers_reload_or_overwrite(
    qtbot,  # type: ignore[no-untyped-def]
    services: Services,
    colleague: Services,
    colleague_name: str,
    choice: str,
) -> None:
    dialog = SchoolsDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    urns = [school.urn for school in dialog.model.rows]
    dialog.table.selectRow(urns.index("100001"))
    senco = dialog.findChild(QLineEdit, "schoolSencoEdit")
    senco.setFocus()
    senco.selectAll()
    QTest.keyClicks(senco, "Mr Lee")
    colleague.schools.update("100001", senco="Ms Patel")
    seen = _answer_conflict(qtbot, choice)
    qtbot.keyClick(senco, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert f'School "Oakfield Primary School" was changed by {colleague_name}' in seen[0]
    expected = "Ms Patel" if choice == "reloadTheirsButton" else "Mr Lee"
    assert services.schools.get("100001").senco == expected
    assert senco.text() == expected


def test_a_pack_that_changes_an_action_refuses_an_edit_opened_before_it(
    services: Services, tmp_path: Path
) -> None:
    """A school's pack is someone else's save too: an editor open at the trust must reload."""
    settings = load_settings(overrides={"database": str(tmp_path / "school.db")})
    school = Services(open_context(settings, create=True))
    try:
        school.trust.create("Oak Learning Trust")
        school.schools.add("Castle Hill Primary", "100003", "primary", "Siân Jones")
        pair(school, services.keys.database_file())  # the keys, as the two would share them
        signing = school.keys.signing_key().public_key()
        services.keys.register("100003", key_files.fingerprint(key_files.raw_public(signing)))
        action_id = school.actions.add(
            ActionDraft(school="100003", principle=1, title="Reading buddies")
        ).id
        school.packs.export_pack("100003", tmp_path / "first.pack")
        services.packs.import_pack(tmp_path / "first.pack")
        opened = services.actions.get(action_id)
        school.actions.update(action_id, {"owner": "The school's SENCO"})
        school.packs.export_pack("100003", tmp_path / "second.pack")
    finally:
        school.close()
    services.packs.import_pack(tmp_path / "second.pack")
    with pytest.raises(ConflictError):
        services.actions.update(action_id, {"owner": "Trust lead"}, read_version=opened.version)
    assert services.actions.get(action_id).owner == "The school's SENCO"
