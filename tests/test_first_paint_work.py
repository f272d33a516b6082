"""Work before the main window's first paint: the actions are counted once for the list (and
once for the overdue figure in the status bar), not again for each sort the header sets while
the window is built and its saved layout restored."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.actions import ActionService
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow


@pytest.mark.parametrize("saved_layout", [False, True])
def test_the_actions_are_counted_once_for_the_list(
    qtbot: QtBot,
    services: Services,
    make_action: Any,
    monkeypatch: pytest.MonkeyPatch,
    saved_layout: bool,
) -> None:
    make_action(title="Reading buddies")
    if saved_layout:  # a header state to restore, sorted by another column
        first = MainWindow(services, Prefs())
        qtbot.addWidget(first)
        first.table.sortByColumn(2, first.table.horizontalHeader().sortIndicatorOrder())
        first.save_layout()
    counted: list[ActionFilter] = []
    real_count = ActionService.count

    def count(service: ActionService, action_filter: ActionFilter) -> int:
        counted.append(action_filter)
        return real_count(service, action_filter)

    monkeypatch.setattr(ActionService, "count", count)
    window = MainWindow(services, Prefs())
    qtbot.addWidget(window)
    assert [each.overdue_only for each in counted] == [False, True]
    assert window.model.total == 1
    assert window.model.action_filter() == counted[0]
