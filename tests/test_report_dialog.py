"""The report dialog: presets, selections, background generation, cancel, and the menu hooks."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from cst_inclusion_desktop.domain.terms import PeriodPreset
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.reporting.report_data import ReportService
from cst_inclusion_desktop.ui.reporting import report_dialog
from cst_inclusion_desktop.ui.reporting.report_dialog import ReportDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.widgets.form_widgets import to_qdate
from cst_inclusion_desktop.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TODAY = date(2026, 11, 20)


@pytest.fixture
def trust(services: Services, make_action: Callable[..., str]) -> Services:
    services.context.today_override = TODAY
    make_action(title="Early screening – “Zoë’s” plan", rag="red")
    make_action(school="100002", principle=2, title="Cynllun ŵ ŷ", rag="amber")
    return services


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer "Yes, open it" and record what would have been opened."""
    urls: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Yes
    )
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True
    )
    return urls


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


def test_presets_fill_the_dates_and_editing_makes_them_custom(dialog: ReportDialog) -> None:
    assert dialog.current_preset() is PeriodPreset.THIS_TERM
    assert dialog.period_from.date() == to_qdate(date(2026, 9, 1))
    assert dialog.period_to.date() == to_qdate(date(2026, 12, 31))
    dialog.preset.setCurrentIndex(dialog.preset.findData(PeriodPreset.LAST_TERM))
    assert dialog.period_from.date() == to_qdate(date(2026, 4, 1))
    dialog.preset.setCurrentIndex(dialog.preset.findData(PeriodPreset.THIS_YEAR))
    assert dialog.period_to.date() == to_qdate(date(2027, 8, 31))
    dialog.period_from.setDate(to_qdate(date(2026, 10, 1)))
    assert dialog.current_preset() is PeriodPreset.CUSTOM
    request = dialog.request()
    assert (request.period_from, request.period_to) == (date(2026, 10, 1), date(2027, 8, 31))
    assert request.school_urns == () and request.principle_numbers == ()


def test_generate_in_the_background_then_offer_to_open(
    qtbot: Any, dialog: ReportDialog, tmp_path: Path, opened: list[str]
) -> None:
    out = tmp_path / "Adroddiad Ŵy.pdf"
    dialog.output.setText(str(out))
    tick_only(dialog.schools, {"100002"})
    tick_only(dialog.principles, {2})
    with qtbot.waitSignal(dialog.generated, timeout=60_000) as signal:
        dialog.generate_button.click()
    result = signal.args[0]
    assert result.path == out and out.is_file()
    assert opened == [str(out)]
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "School inclusion report: Ysgol Bryn Ŵyn" in text
    assert "Cynllun ŵ ŷ" in text and "Zoë" not in text
    # The output path is remembered for next time.
    assert ReportDialog(dialog.services, Prefs()).output.text() == str(out)


def test_cancel_stops_generation_and_writes_nothing(
    qtbot: Any,
    dialog: ReportDialog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = threading.Event()
    original = ReportService.assemble

    def held(self: ReportService, request: Any, progress: Any = None, cancelled: Any = None):  # type: ignore[no-untyped-def]
        gate.wait(30)  # hold the worker until the test has pressed Cancel
        return original(self, request, progress, cancelled)

    monkeypatch.setattr(ReportService, "assemble", held)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: pytest.fail("not cancelled"))
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "board.pdf"
    dialog.output.setText(str(out))
    dialog.generate_button.click()
    progress = dialog.findChild(QProgressDialog, "progressDialog")
    assert progress is not None
    cancel_button = progress.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    with qtbot.waitSignal(dialog.cancelled, timeout=30_000):
        cancel_button.click()
        gate.set()
    assert not out.exists()
    assert list(folder.iterdir()) == []
    assert "Cancelled" in dialog.status.text()
    assert dialog.generate_button.isEnabled()


def test_nothing_ticked_or_no_output_is_explained_inline(
    dialog: ReportDialog, tmp_path: Path
) -> None:
    dialog.output.setText("")
    dialog.generate_button.click()
    assert "save as" in dialog.error.text()
    dialog.output.setText(str(tmp_path / "r.pdf"))
    tick_only(dialog.schools, set())
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
    assert "existing folder" in str(shown[0])
    assert dialog.generate_button.isEnabled()


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
    assert chosen.request().per_school
    action.trigger()
    assert opened[1].request().school_urns == ()  # type: ignore[attr-defined]
