"""Background tasks hand their result to slots connected before the work starts: a quick read
can finish on the pool before the caller's next line runs, and a signal emitted with nothing
connected is lost (the coverage tab then waited for ever)."""

from __future__ import annotations

import threading
from typing import Any

from cst_inclusion_desktop.ui.widgets.workers import TaskSignals, start_task


def test_slots_are_connected_before_the_work_starts(qtbot: Any) -> None:
    connected = threading.Event()
    results: list[object] = []
    finished: list[bool] = []

    def connect(signals: TaskSignals) -> None:
        signals.succeeded.connect(results.append)
        signals.finished.connect(lambda: finished.append(True))
        connected.set()

    start_task(lambda _progress, _cancelled: connected.is_set(), connect)
    qtbot.waitUntil(lambda: finished == [True])
    assert results == [True]  # the work saw its slots already connected
