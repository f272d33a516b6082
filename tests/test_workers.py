"""Background work reaches its slots however quickly it ends.

A read that finished before its signals were connected used to emit them to no one, so the
coverage tab could stay "Counting…" for ever (seen as a rare timeout under load). Here the
thread pool runs each task at once, inside ``start``: the worst case, made certain.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRunnable, QThreadPool

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.reporting.dashboard import TrustOverview
from cst_inclusion_desktop.ui.safety.check_dialog import CheckDialog
from cst_inclusion_desktop.ui.widgets import workers
from cst_inclusion_desktop.ui.widgets.workers import Task

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def run_now(_pool: QThreadPool, runnable: QRunnable, _priority: int = 0) -> None:
        runnable.run()

    monkeypatch.setattr(QThreadPool, "start", run_now)


def test_a_task_that_ends_at_once_reaches_every_slot(at_once: None) -> None:
    seen: list[Any] = []
    task = Task(lambda _progress, _cancelled: 42)
    task.signals.succeeded.connect(seen.append)
    task.signals.finished.connect(lambda: seen.append("finished"))
    assert task.start() is task
    assert seen == [42, "finished"]
    assert task not in workers._running


def test_the_coverage_tab_shows_a_read_that_ends_at_once(
    qtbot: Any, services: Services, at_once: None
) -> None:
    overview = TrustOverview(lambda: services)
    qtbot.addWidget(overview)
    overview.refresh()
    overview.show()
    qtbot.waitExposed(overview)
    overview.lenses.setCurrentWidget(overview.coverage)
    assert overview.coverage.task is None
    assert overview.coverage.model.rowCount() == 2
    assert "across 2 schools" in overview.coverage.window_label.text()


def test_the_check_dialog_shows_a_check_that_ends_at_once(
    qtbot: Any, services: Services, at_once: None
) -> None:
    dialog = CheckDialog(services)
    qtbot.addWidget(dialog)
    dialog.start()
    assert dialog.task is None and dialog.run_button.isEnabled()
    assert "Checking…" not in dialog.status.text()


def test_a_progress_task_that_ends_at_once_still_runs_its_finish(qtbot: Any, at_once: None) -> None:
    seen: list[Any] = []
    workers.run_with_progress(
        None,
        "Working",
        lambda _progress, _cancelled: 7,
        seen.append,
        on_finished=lambda: seen.append("finished"),
    )
    assert seen == [7, "finished"]
