"""Fit and finish of the main window: the table fills it, the first window fits the screen,
one pluralising helper, no literal ampersands, unclipped principle list, a status bar that does
not overlap, a visible focus outline, and no "No good backup" for a file that never was one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window import main_window as main_window_module
from cst_inclusion_desktop.ui.window import window_finish
from cst_inclusion_desktop.ui.window.action_table_model import HEADERS
from cst_inclusion_desktop.ui.window.layout_memory import SCREEN_SHARE, first_size
from cst_inclusion_desktop.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def window(qtbot: Any, services: Services) -> Iterator[MainWindow]:
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def test_one_action_is_one_action(window: MainWindow, make_action: Callable[..., str]) -> None:
    make_action(title="Only one")
    window.refresh_all()
    assert window.counts_label.text() == "1 action shown · 0 overdue"


def test_the_first_window_fits_the_screen(window: MainWindow) -> None:
    free = window.screen().availableGeometry()
    width, height = first_size(window)
    assert width <= free.width() * SCREEN_SHARE and height <= free.height() * SCREEN_SHARE
    assert window.width() == max(width, window.minimumSizeHint().width())
    # A 1366×768 laptop at 150% has about 910×512 logical pixels: the window fits in them.
    assert window.minimumSizeHint().width() <= 910 * SCREEN_SHARE
    assert window.minimumSizeHint().height() <= 512 * SCREEN_SHARE


def test_every_column_shows_and_the_free_width_goes_to_title_school_owner(
    qtbot: Any, window: MainWindow
) -> None:
    for width in (1366, 1000):
        window.resize(width, 700)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        table = window.table
        header = table.horizontalHeader()
        right = max(
            header.sectionViewportPosition(c) + header.sectionSize(c) for c in range(len(HEADERS))
        )
        if width == 1366:
            assert right <= table.viewport().width() + 1  # nothing cut off on the right
            assert abs(right - table.viewport().width()) <= 3  # and no gap either
        for column, minimum in window_finish.MINIMUM_WIDTHS.items():
            assert header.sectionSize(column) >= minimum


def test_labels_with_a_mnemonic_have_a_buddy(window: MainWindow, services: Services) -> None:
    dialog = EvidenceDialog(services, window, school_urn="100001", principle=1)
    for widget in (window, dialog):
        for label in widget.findChildren(QLabel):
            text = label.text().replace("&&", "")
            if "&" in text and "<" not in text:
                assert label.buddy() is not None, label.text()


def test_principle_list_is_wide_enough(window: MainWindow) -> None:
    combo = window.filter_bar.principle_combo
    view = combo.view()
    assert combo.count() == 6
    assert view.minimumWidth() >= view.sizeHintForColumn(0)


def test_long_database_path_is_elided_not_overlapping(window: MainWindow) -> None:
    label = window.database_label
    long_text = "Database: " + "/very/long/folder" * 30 + "/trust.db"
    label.setText(long_text)
    assert label.text() == label.toolTip() == long_text  # whole, for screen readers
    assert "…" in label.shown_text() and label.width() <= 420


def test_a_visible_focus_outline(window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert ":focus" in app.styleSheet() and "border: 2px" in app.styleSheet()


def test_opening_a_spreadsheet_says_what_it_is_and_no_more(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        main_window_module, "show_error_dialog", lambda _parent, error: shown.append(str(error))
    )
    file = tmp_path / "actions.xlsx"
    file.write_bytes(b"PK\x03\x04 a spreadsheet, not a database")
    window.open_database(file)
    assert len(shown) == 1
    assert "not a CST Inclusion Desktop database" in shown[0]
    assert "No good backup" not in shown[0]


def test_the_details_heading_says_no_due_date_once(
    qtbot: Any, window: MainWindow, make_action: Callable[..., str]
) -> None:
    make_action(title="Undated")
    make_action(title="Dated", due_date="2027-03-15")
    window.refresh_all()
    headings = {}
    for row in range(window.model.rowCount()):
        window.table.selectRow(row)
        text = window.findChild(QLabel, "actionHeading").text()
        headings[text.splitlines()[0]] = text
    assert headings["Undated"].endswith("· Not yet rated · no due date")
    assert headings["Dated"].endswith("· Not yet rated · due 15/03/2027")


def test_every_record_dialog_opens_within_the_screen(
    services: Services, make_action: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 150% on a 1366×768 laptop the screen is about 910×512 logical pixels: a dialog asks
    for no more than that (the action editor wanted 760×660, its buttons off the screen)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from cst_inclusion_desktop.ui.exchange.import_wizard import ImportWizard
    from cst_inclusion_desktop.ui.help.user_guide import UserGuideDialog
    from cst_inclusion_desktop.ui.records.action_editor import ActionEditor
    from cst_inclusion_desktop.ui.records.review_dialog import ReviewDialog
    from cst_inclusion_desktop.ui.records.termly_review import TermlyReviewDialog
    from cst_inclusion_desktop.ui.reporting.report_dialog import ReportDialog
    from cst_inclusion_desktop.ui.widgets.screen_fit import SCREEN_SHARE

    laptop = QRect(0, 0, 910, 512)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: laptop)
    action = services.actions.get(make_action(title="Fits"))
    for dialog in (
        ActionEditor(services),
        ActionEditor(services, action_id=action.id),
        EvidenceDialog(services, action=action),
        EvidenceDialog(services),
        ReviewDialog(services, action),
        TermlyReviewDialog(services, [action]),
        UserGuideDialog(),
        ImportWizard(services),
        ReportDialog(services, Prefs()),  # its pages scroll
    ):
        assert dialog.width() <= laptop.width() * SCREEN_SHARE, dialog.objectName()
        assert dialog.height() <= laptop.height() * SCREEN_SHARE, dialog.objectName()
        assert dialog.height() >= dialog.minimumSizeHint().height()  # nothing inside cut
        dialog.deleteLater()


def test_the_details_heading_is_never_cut_in_a_narrow_window(
    qtbot: Any, window: MainWindow, make_action: Callable[..., str]
) -> None:
    """At 150% on 1366×768 the window is about 856×481: the heading wraps to more lines than a
    plain label asked its layout for, and the status, RAG and due date were cut off."""
    make_action(title="A long title for an action about early identification of needs")
    window.refresh_all()
    window.resize(856, 481)
    qtbot.waitUntil(lambda: window.width() == 856)
    window.table.selectRow(0)
    heading = window.findChild(QLabel, "actionHeading")
    qtbot.waitUntil(lambda: heading.height() >= heading.heightForWidth(heading.width()))
