"""The main window opens on the actions tab; the Trust overview reads its figures when it is
first shown, not before the window's first paint, and still follows every later change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QTabWidget

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_the_overview_is_read_when_its_tab_is_first_shown(
    qtbot,  # type: ignore[no-untyped-def]
    services: Services,
    make_action: Callable[..., str],
) -> None:
    make_action(title="Audit the reading programme")
    window = MainWindow(services, Prefs())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.overview.data is None  # not read for the first paint

    tabs = window.findChild(QTabWidget)
    tabs.setCurrentWidget(window.overview)
    qtbot.waitUntil(lambda: window.overview.data is not None)
    assert window.overview.data is not None
    first = sum(cell.total for cell in window.overview.data.cells)

    tabs.setCurrentIndex(0)
    make_action(title="Train lunchtime staff")
    window.refresh_all()  # hidden again: marked stale, read when shown
    tabs.setCurrentWidget(window.overview)
    qtbot.waitUntil(lambda: sum(cell.total for cell in window.overview.data.cells) == first + 1)
