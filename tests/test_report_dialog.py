"""The board paper dialog: scope, typed dates, cover sheet remembered per trust, commentary,
previewed key messages, editable questions, PDF / DOCX / annex, overwrite, background work with
cancel, the display name, and the menu hooks."""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)

from cst_inclusion_desktop.domain.board_paper import Purpose
from cst_inclusion_desktop.domain.terms import PeriodPreset
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.reporting.paper_service import PaperService
from cst_inclusion_desktop.ui.reporting import report_dialog
from cst_inclusion_desktop.ui.reporting.report_dialog import ReportDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow
from cst_inclusion_desktop.user_config import read_user_config

# SQLite only: the dialog's behaviour: the backend makes no difference (the board paper's reads on
# the server are tested in tests/test_board_paper_service.py and tests/test_report_service.py).
pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.sqlite_only,
]
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def settled(qtbot: Any) -> Iterator[None]:
    """Let background work finish and its queued signals arrive before widgets are deleted."""
    yield
    QThreadPool.globalInstance().waitForDone(30_000)
    QApplication.processEvents()


@pytest.fixture
def trust(services: Services, make_action: Callable[..., str]) -> Services:
    services.context.today_override = TODAY
    started = "2026-09-07"  # actions count from their start (the clock is fixed on TODAY)
    make_action(
        title="Early screening – “Zoë’s” plan", rag="red", start_date=started, due_date="2026-10-01"
    )
    make_action(
        principle=3, title="Nurture group", rag="green", start_date=started, due_date="2026-10-20"
    )
    make_action(school="100002", principle=2, title="Cynllun ŵ ŷ", rag="amber", start_date=started)
    return services


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Answer every QMessageBox.question with ``answers['reply']``; record what was asked."""
    state: dict[str, Any] = {"reply": QMessageBox.StandardButton.No, "asked": [], "opened": []}

    def question(_parent: Any, title: str, text: str, *_args: Any) -> Any:
        state["asked"].append((title, text))
        return state["reply"]

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: state["opened"].append(url.toLocalFile()) or True
    )
    return state


@pytest.fixture
def dialog(qtbot: Any, trust: Services) -> Iterator[ReportDialog]:
    widget = ReportDialog(trust, Prefs())
    qtbot.addWidget(widget)
    yield widget


def tick_only(widget: Any, wanted: set[object]) -> None:
    for row in range(widget.count()):
        item = widget.item(row)
        checked = item.data(Qt.ItemDataRole.UserRole) in wanted
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def generate(qtbot: Any, dialog: ReportDialog) -> list[Any]:
    results: list[Any] = []
    dialog.generated.connect(results.extend)
    with qtbot.waitSignal(dialog.work_ended, timeout=60_000):
        dialog.generate_button.click()
    return results


def type_into(qtbot: Any, edit: QLineEdit, text: str) -> None:
    """Real keys: select what is there, then type over it."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def test_presets_fill_the_dates_and_typing_makes_them_custom(
    qtbot: Any, dialog: ReportDialog
) -> None:
    scope = dialog.scope
    assert scope.current_preset() is PeriodPreset.THIS_TERM
    assert scope.period_from.edit.text() == "01/09/2026"
    assert scope.period_to.edit.text() == "31/12/2026"
    assert scope.periods_note.text() == (
        "Reports Autumn term 2026 (1 Sep 2026 – 31 Dec 2026); "
        "compares with Summer term 2026 (1 Apr 2026 – 31 Aug 2026)."
    )
    scope.preset.setCurrentIndex(scope.preset.findData(PeriodPreset.LAST_TERM))
    assert scope.period_from.edit.text() == "01/04/2026"
    type_into(qtbot, scope.period_from.edit, "01/05/2026")
    assert scope.current_preset() is PeriodPreset.CUSTOM
    request = dialog.request()
    assert (request.period_from, request.period_to) == (date(2026, 5, 1), date(2026, 8, 31))
    assert request.school_urns == () and request.principle_numbers == ()
    assert request.compare_since is None


def test_a_whole_date_typed_after_tab_is_taken(qtbot: Any, dialog: ReportDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    scope = dialog.scope
    scope.period_from.edit.setFocus()
    qtbot.waitUntil(scope.period_from.edit.hasFocus)
    for _ in range(4):  # From, its calendar button, then To
        focused = QApplication.focusWidget()
        if focused is scope.period_to.edit:
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is scope.period_to.edit
    qtbot.keyClicks(scope.period_to.edit, "15/12/2026")
    assert dialog.request().period_to == date(2026, 12, 15)
    type_into(qtbot, scope.compare_since.edit, "14/07/2026")
    assert dialog.request().compare_since == date(2026, 7, 14)
    assert "compares with the meeting of 14 Jul 2026" in scope.periods_note.text()


def test_a_date_that_is_not_a_date_is_named_inline(
    qtbot: Any, dialog: ReportDialog, tmp_path: Path
) -> None:
    dialog.output.setText(str(tmp_path / "paper.pdf"))
    type_into(qtbot, dialog.cover_tab.form.meeting.edit, "31/02/2026")
    dialog.generate_button.click()
    assert "meeting date" in dialog.error.text() and "31/02/2026" in dialog.error.text()
    assert dialog.task is None and not (tmp_path / "paper.pdf").exists()


def test_cover_sheet_defaults_and_is_remembered_per_trust(
    qtbot: Any, dialog: ReportDialog, tmp_path: Path, answers: dict[str, Any]
) -> None:
    form = dialog.cover_tab.form
    assert form.author.text() == "Test User"  # the display name, not the computer account
    assert form.item.text() and form.recommendation.text()
    assert form.meeting.edit.text() == ""
    type_into(qtbot, form.meeting.edit, "09/12/2026")
    form.item.setText("Item 7: SEND and inclusion")
    form.purpose.setCurrentIndex(form.purpose.findData(Purpose.DECISION))
    form.recommendation.setText("Approve extra SENCO time at two schools.")
    form.author_role.setText("Trust SEND lead")
    form.lead_trustee.setText("Dr Amira Shah")
    dialog.cover_tab.commentary.setPlainText("First line of my commentary.\nSecond line.")
    out = tmp_path / "paper.pdf"
    dialog.output.setText(str(out))
    results = generate(qtbot, dialog)
    assert [result.path for result in results] == [out]
    text = pdf_text(out)
    for expected in (
        "Item 7: SEND and inclusion",
        "Approve extra SENCO time",
        "Trust SEND lead",
        "Dr Amira Shah",
        "First line of my commentary.",
        "Second line.",
        "Test User",
    ):
        assert expected in text, expected
    again = ReportDialog(dialog.services, Prefs())
    qtbot.addWidget(again)
    remembered = again.cover_tab.form.fields()
    assert remembered.item == "Item 7: SEND and inclusion"
    assert remembered.purpose is Purpose.DECISION
    assert (remembered.author_role, remembered.lead_trustee) == ("Trust SEND lead", "Dr Amira Shah")
    assert remembered.meeting_date is None  # a new meeting every time
    assert again.output.text() == str(out)


def test_preview_prefills_the_questions_and_edits_reach_the_paper(
    qtbot: Any, dialog: ReportDialog, tmp_path: Path, answers: dict[str, Any]
) -> None:
    with qtbot.waitSignal(dialog.previewed, timeout=30_000) as signal:
        dialog.refresh_preview()
    paper = signal.args[0]
    summary = dialog.summary
    assert paper.key_messages
    assert summary.messages.toPlainText() == "\n".join(f"• {m}" for m in paper.key_messages)
    assert summary.questions.questions() == paper.questions and paper.questions
    editor = summary.questions
    editor.list.item(0).setText("Is the overdue screening plan being rescued?")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    editor.list.item(editor.list.count() - 1).setText("Does every school have SENCO time?")
    removed = paper.questions[1] if len(paper.questions) > 1 else None
    if removed is not None:
        editor.list.setCurrentRow(1)
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    # A later preview (the choices changed) keeps the person's edits.
    tick_only(dialog.scope.principles, {1})
    assert "Refresh preview" in summary.messages.toPlainText()
    with qtbot.waitSignal(dialog.previewed, timeout=30_000):
        dialog.refresh_preview()
    assert editor.questions()[0] == "Is the overdue screening plan being rescued?"
    assert "Does every school have SENCO time?" in editor.questions()
    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert editor.questions() == editor.from_data and editor.from_data
    # Edit again after the reset: change the first, add one, drop the second.
    editor.list.item(0).setText("Is the overdue screening plan being rescued?")
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    editor.list.item(editor.list.count() - 1).setText("Does every school have SENCO time?")
    removed = editor.from_data[1] if len(editor.from_data) > 1 else None
    if removed is not None:
        editor.list.setCurrentRow(1)
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "paper.pdf"
    dialog.output.setText(str(out))
    generate(qtbot, dialog)
    text = " ".join(pdf_text(out).split())
    assert "Is the overdue screening plan being rescued?" in text
    assert "Does every school have SENCO time?" in text
    if removed is not None:
        assert " ".join(removed.split()) not in text


def test_docx_and_annex_are_written_side_by_side(
    qtbot: Any, dialog: ReportDialog, tmp_path: Path, answers: dict[str, Any]
) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    dialog.output.setText(str(folder / "paper.pdf"))
    dialog.format.setCurrentIndex(dialog.format.findData(".docx"))
    assert dialog.output.text() == str(folder / "paper.docx")
    dialog.annex.setChecked(True)
    answers["reply"] = QMessageBox.StandardButton.Yes  # open the paper when asked
    results = generate(qtbot, dialog)
    paths = [result.path for result in results]
    assert paths == [folder / "paper.docx", folder / "paper-annex.docx"]
    for path in paths:
        assert zipfile.is_zipfile(path)
    assert answers["opened"] == [str(folder / "paper.docx")]
    assert sorted(p.name for p in folder.iterdir()) == [
        "paper-annex.docx",
        "paper.docx",
    ]


def test_an_existing_file_is_replaced_only_when_the_person_agrees(
    qtbot: Any, dialog: ReportDialog, tmp_path: Path, answers: dict[str, Any]
) -> None:
    out = tmp_path / "paper.pdf"
    out.write_bytes(b"last meeting's paper")
    dialog.output.setText(str(out))
    answers["reply"] = QMessageBox.StandardButton.No
    dialog.generate_button.click()
    assert answers["asked"][0][0] == "Replace the file?" and str(out) in answers["asked"][0][1]
    assert out.read_bytes() == b"last meeting's paper"
    assert dialog.task is None and "Nothing was written" in dialog.status.text()
    answers["reply"] = QMessageBox.StandardButton.Yes
    generate(qtbot, dialog)
    assert out.read_bytes().startswith(b"%PDF")


def test_cancel_stops_generation_and_writes_nothing(
    qtbot: Any,
    dialog: ReportDialog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = threading.Event()
    original = PaperService.board_paper

    def held(self: PaperService, request: Any, progress: Any = None, cancelled: Any = None) -> Any:
        gate.wait(30)  # hold the worker until the test has pressed Cancel
        return original(self, request, progress, cancelled)

    monkeypatch.setattr(PaperService, "board_paper", held)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: pytest.fail("not cancelled"))
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "board.pdf"
    dialog.output.setText(str(out))
    dialog.annex.setChecked(True)
    dialog.generate_button.click()
    progress = dialog.findChild(QProgressDialog, "progressDialog")
    assert progress is not None
    cancel_button = progress.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    with qtbot.waitSignal(dialog.cancelled, timeout=30_000):
        cancel_button.click()
        gate.set()
    assert list(folder.iterdir()) == []
    assert "Cancelled: no file was written" in dialog.status.text()
    assert dialog.generate_button.isEnabled()


def test_nothing_ticked_or_no_output_is_explained_inline(
    dialog: ReportDialog, tmp_path: Path
) -> None:
    dialog.output.setText("")
    dialog.generate_button.click()
    assert "save as" in dialog.error.text()
    dialog.output.setText(str(tmp_path / "r.pdf"))
    tick_only(dialog.scope.schools, set())
    dialog.generate_button.click()
    assert "at least one school" in dialog.error.text()
    assert dialog.task is None


def test_failure_is_shown_and_the_dialog_stays(
    qtbot: Any, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(report_dialog, "show_error", lambda _parent, error: shown.append(error))
    dialog.output.setText(str(tmp_path / "missing folder" / "r.pdf"))
    with qtbot.waitSignal(dialog.failed, timeout=30_000):
        dialog.generate_button.click()
    assert "missing folder" in str(shown[0]) and "existing folder" in str(shown[0])
    assert dialog.generate_button.isEnabled()
    assert not (tmp_path / "missing folder").exists()


def test_generated_by_is_the_display_name_asked_for_once(
    qtbot: Any,
    trust: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, Any],
) -> None:
    import dataclasses

    context = trust.context
    context.settings = dataclasses.replace(context.settings, user_name="")
    asked: list[str] = []

    def ask(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        asked.append(args[1])
        return (" Sam Patel ", True) if len(asked) > 1 else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", ask)
    dialog = ReportDialog(trust, Prefs())
    qtbot.addWidget(dialog)
    out = tmp_path / "paper.pdf"
    dialog.output.setText(str(out))
    dialog.generate_button.click()  # the person cancels the question: nothing happens
    assert "give your name" in dialog.error.text() and not out.exists()
    generate(qtbot, dialog)
    assert len(asked) == 2
    assert context.settings.user_name == "Sam Patel"
    assert read_user_config()["user_name"] == "Sam Patel"
    text = pdf_text(out)
    assert "Sam Patel" in text
    generate_again = ReportDialog(trust, Prefs())
    qtbot.addWidget(generate_again)
    assert generate_again.request().generated_by == "Sam Patel"


def test_the_dialog_fits_a_small_laptop_screen(qtbot: Any, dialog: ReportDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700, hint
    assert dialog.width() <= 1366 and dialog.height() <= 700


def test_menu_toolbar_and_school_context_entries(
    qtbot: Any, trust: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(trust, Prefs())
    qtbot.addWidget(window)
    action = window.findChild(type(window.menu("file").actions()[0]), "boardReportAction")
    assert action is not None and action.shortcut().toString() == "Ctrl+P"
    assert action in window.menu("file").actions()
    assert action in window.main_toolbar().actions()
    opened: list[object] = []
    monkeypatch.setattr(ReportDialog, "exec", lambda self: opened.append(self) or 0)
    school = next(s for s in trust.schools.list() if s.urn == "100002")
    menu = window.school_list.context_menu_for(school)
    item = next(a for a in menu.actions() if a.objectName() == "schoolReportAction")
    item.trigger()
    chosen = opened[0]
    assert isinstance(chosen, ReportDialog)
    assert chosen.request().school_urns == ("100002",)
    action.trigger()
    assert opened[1].request().school_urns == ()  # type: ignore[attr-defined]
