"""The Trust overview's coverage tab (model, click and Enter, the filter they set in the main
window) and a school's "Inspection summary…" dialog, offscreen with real events."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.reporting.inspection import InspectionService
from cst_inclusion_desktop.ui.reporting.coverage_model import GAP_ROLE, CoverageModel
from cst_inclusion_desktop.ui.reporting.dashboard import TrustOverview
from cst_inclusion_desktop.ui.reporting.inspection_dialog import InspectionDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def settled(qtbot: Any) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(30_000)
    QApplication.processEvents()


@pytest.fixture
def tagged(services: Services) -> Services:
    """Oakfield: two IC2 actions (one with IC2 evidence), one IC3 action; Ysgol: one IC2."""
    services.context.today_override = TODAY
    add = services.actions.add
    screening = add(ActionDraft("100001", 1, "Screening", criteria=("IC2",)))
    add(ActionDraft("100001", 2, "Second look", criteria=("IC2",)))
    add(ActionDraft("100001", 3, "Outreach", criteria=("IC3",)))
    add(ActionDraft("100002", 1, "Ysgol screening", criteria=("IC2",)))
    services.evidence.add(
        action_id=screening.id, title="Results", evidence_date="2026-10-01", criteria=("IC2",)
    )
    return services


def ids(services: Services) -> dict[str, str]:
    return {school.urn: school.id for school in services.schools.list()}


def test_the_coverage_model_says_gaps_in_words_and_hatches_them(
    qtmodeltester: Any, tagged: Services
) -> None:
    model = CoverageModel()
    model.set_coverage(tagged.coverage.coverage())
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 9)
    oak = model.index(0, 1)  # Oakfield, IC2
    assert model.data(oak) == "2 open · 0 done\n1 ev."
    assert (
        model.data(oak, GAP_ROLE) is False
        and model.data(oak, Qt.ItemDataRole.BackgroundRole) is None
    )
    gap = model.index(1, 1)  # Ysgol, IC2: an action, no evidence
    assert model.data(gap) == "1 open · 0 done\n⚠ Gap: no ev."
    brush = model.data(gap, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush) and brush.style() == Qt.BrushStyle.BDiagPattern
    spoken = model.data(gap, Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Ysgol Bryn Ŵyn, IC2 Early and accurate identification of needs")
    assert "Gap: no evidence at all" in spoken
    assert "IC2" in model.headerData(1, Qt.Orientation.Horizontal)
    assert "1 of 2 schools have a gap" in model.headerData(
        1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )


@pytest.fixture
def overview(qtbot: Any, tagged: Services) -> TrustOverview:
    widget = TrustOverview(lambda: tagged)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.refresh()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show_coverage_tab(qtbot: Any, overview: TrustOverview) -> None:
    """The arrow key moves the overview's tabs to "By inspection criterion", as a person would."""
    assert overview.coverage.model.rowCount() == 0  # read only when first shown
    overview.lenses.tabBar().setFocus()
    with qtbot.waitSignal(overview.coverage.loaded, timeout=30_000):  # read in the background
        qtbot.keyClick(overview.lenses.tabBar(), Qt.Key.Key_Right)
        assert overview.lenses.currentWidget() is overview.coverage
        assert "Counting the last 12 months" in overview.coverage.window_label.text()
    assert overview.coverage.model.rowCount() == 2


def test_clicking_or_entering_a_coverage_cell_chooses_school_and_criterion(
    qtbot: Any, overview: TrustOverview, tagged: Services
) -> None:
    show_coverage_tab(qtbot, overview)
    table = overview.coverage.table
    index = table.model().index(1, 1)
    with qtbot.waitSignal(overview.criterionActivated) as blocker:
        qtbot.mouseClick(
            table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
        )
    assert blocker.args == [ids(tagged)["100002"], "IC2"]
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 2))
    with qtbot.waitSignal(overview.criterionActivated) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [ids(tagged)["100001"], "IC3"]
    header = table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(1) + 5, header.height() // 2)
    with qtbot.waitSignal(overview.criterionActivated) as blocker:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == ["", "IC2"]
    assert "1 Dec 2026" in overview.coverage.window_label.text()


def test_a_coverage_cell_filters_the_actions_table(qtbot: Any, tagged: Services) -> None:
    window = MainWindow(tagged, Prefs())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_tab(1)
    window.overview.refresh()
    with qtbot.waitSignal(window.overview.coverage.loaded, timeout=30_000):
        window.overview.lenses.setCurrentWidget(window.overview.coverage)
    table = window.overview.coverage.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 1))  # Oakfield, IC2
    qtbot.keyClick(table, Qt.Key.Key_Enter)
    assert window.tabs.currentIndex() == 0
    shown = window.current_filter()
    assert shown.school_ids == (ids(tagged)["100001"],) and shown.criterion_codes == ("IC2",)
    assert window.model.rowCount() == 2
    choice = window.filter_bar.criterion_filter
    assert choice.code() == "IC2"  # the filter bar says what the table shows
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_Home)  # "All criteria"
    assert window.current_filter().criterion_codes == () and choice.code() == ""
    assert window.model.rowCount() == 3  # Oakfield's three actions


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    state: dict[str, Any] = {"reply": QMessageBox.StandardButton.No, "asked": []}

    def question(_parent: Any, title: str, text: str, *_args: Any) -> Any:
        state["asked"].append((title, text))
        return state["reply"]

    monkeypatch.setattr(QMessageBox, "question", question)
    return state


def oakfield(services: Services) -> Any:
    return next(school for school in services.schools.list() if school.urn == "100001")


def test_the_school_menu_opens_the_summary_dialog_which_writes_it(
    qtbot: Any, tagged: Services, tmp_path: Path, answers: dict[str, Any], monkeypatch: Any
) -> None:
    window = MainWindow(tagged, Prefs())
    qtbot.addWidget(window)
    opened: list[InspectionDialog] = []
    monkeypatch.setattr(InspectionDialog, "exec", lambda self: opened.append(self) or 0)
    menu = window.school_list.context_menu_for(oakfield(tagged))
    item = next(a for a in menu.actions() if a.objectName() == "schoolInspectionAction")
    assert item.text() == "&Inspection summary…"
    item.trigger()
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert dialog.output.text().endswith("inspection-summary-100001.pdf")
    out = tmp_path / "oakfield.pdf"
    dialog.output.setFocus()
    qtbot.keyClick(dialog.output, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.output, str(out))
    written: list[Any] = []
    dialog.generated.connect(written.append)
    with qtbot.waitSignal(dialog.work_ended, timeout=60_000):
        qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    assert written and written[0].path == out
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Oakfield Primary School, URN 100001" in text and "by Test User" in text
    assert answers["asked"][-1][0] == "Inspection summary written"
    dialog.format.setCurrentIndex(dialog.format.findData(".docx"))
    assert dialog.output.text() == str(tmp_path / "oakfield.docx")


def test_a_bad_output_is_named_inline_and_nothing_runs(
    qtbot: Any, tagged: Services, tmp_path: Path
) -> None:
    dialog = InspectionDialog(tagged, oakfield(tagged), Prefs())
    qtbot.addWidget(dialog)
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    for text, expected in (
        ("", "a file name for the summary"),
        (str(tmp_path / "missing" / "x.pdf"), "a file in an existing folder"),
        (str(folder), "not a folder"),
    ):
        dialog.output.setText(text)
        dialog.generate_button.click()
        assert expected in dialog.error.text() and dialog.task is None
    assert not any(folder.iterdir())


def test_cancel_writes_nothing(
    qtbot: Any, tagged: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    original = InspectionService.summary

    def held(self: InspectionService, *args: Any, **kwargs: Any) -> Any:
        gate.wait(30)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(InspectionService, "summary", held)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: pytest.fail("not cancelled"))
    dialog = InspectionDialog(tagged, oakfield(tagged), Prefs())
    qtbot.addWidget(dialog)
    folder = tmp_path / "out"
    folder.mkdir()
    dialog.output.setText(str(folder / "summary.pdf"))
    dialog.generate_button.click()
    progress = dialog.findChild(QProgressDialog, "progressDialog")
    assert progress is not None
    cancel = progress.findChild(QPushButton)
    assert cancel is not None
    with qtbot.waitSignal(dialog.cancelled, timeout=30_000):
        cancel.click()
        gate.set()
    assert list(folder.iterdir()) == []
    assert "Cancelled: no file was written" in dialog.status.text()


def test_a_refresh_after_a_change_reads_the_coverage_again(
    qtbot: Any, overview: TrustOverview, tagged: Services
) -> None:
    show_coverage_tab(qtbot, overview)
    assert "0 ev." not in overview.coverage.model.data(overview.coverage.model.index(1, 2))
    tagged.evidence.add(school="100002", principle=1, title="New", criteria=("IC3",))
    with qtbot.waitSignal(overview.coverage.loaded, timeout=30_000):
        overview.refresh()
    assert overview.coverage.model.data(overview.coverage.model.index(1, 2)) == (
        "0 open · 0 done\n1 ev."
    )
