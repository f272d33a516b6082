"""GUI figures, in their own offscreen process: ``python -m cst_inclusion_desktop.bench.gui_probe
DB RUNS`` prints one JSON object.

A separate process keeps Qt out of the service measurements and makes the peak RSS that of a
GUI with the large trust open (table, filters, editor and overview all used). "Shown" means
painted: each timing ends with a synchronous ``repaint()`` of what changed, which is when
Qt asks the model for the visible rows and draws them.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTableView, QWidget

from cst_inclusion_desktop.bench.gui_parts import WINDOW_SIZE, module_missing
from cst_inclusion_desktop.bench.paint_hook import peak_rss_mb
from cst_inclusion_desktop.bench.service_figures import filters
from cst_inclusion_desktop.bench.timing import median_ms, not_measured
from cst_inclusion_desktop.bench.trust_cache import open_services
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.window.action_table_model import ActionTableModel


def _first_page(model: ActionTableModel, action_filter: ActionFilter) -> object:
    model.set_filter(action_filter)
    return model.index(0, 0).data()


def measure_table(services: Services, runs: int) -> dict[str, Any]:
    model = ActionTableModel(lambda: services)
    view = QTableView()
    view.setObjectName("benchActionTable")
    view.setModel(model)
    view.resize(*WINDOW_SIZE)
    view.show()
    QApplication.processEvents()

    def show(action_filter: ActionFilter) -> Callable[[], None]:
        def work() -> None:
            model.set_filter(action_filter)
            view.viewport().repaint()

        return work

    everything = ActionFilter()
    figures: dict[str, Any] = {
        "actions_first_page_model_ms": median_ms(lambda: _first_page(model, everything), runs),
        "actions_first_page_table_ms": median_ms(show(everything), runs),
    }
    for name, action_filter in filters(services).items():
        figures[f"filter_{name}_table_ms"] = median_ms(
            show(action_filter), runs, setup=show(everything)
        )
    view.close()
    return figures


def measure_editor(services: Services, runs: int) -> dict[str, Any]:
    missing = module_missing("ui.records.action_editor")
    if missing:
        return not_measured(("editor_open_ms",), missing)
    from cst_inclusion_desktop.ui.records.action_editor import ActionEditor

    action_id = services.actions.list(ActionFilter(), 0, 1)[0].id
    opened: list[QWidget] = []

    def open_editor() -> None:
        editor = ActionEditor(services, None, action_id=action_id)
        editor.show()
        editor.repaint()
        opened.append(editor)

    def close_previous() -> None:
        while opened:
            editor = opened.pop()
            editor.hide()
            editor.deleteLater()
        QApplication.processEvents()

    figure = median_ms(open_editor, runs, setup=close_previous)
    close_previous()
    return {"editor_open_ms": figure}


def measure_overview(services: Services, runs: int) -> dict[str, Any]:
    from cst_inclusion_desktop.bench.overview_probe import measure_overview_widget

    return measure_overview_widget(services, runs)


def main(argv: list[str]) -> int:
    # A file's path, or a server URL (``--db``): opened the same way either.
    database: Path | str = argv[0] if "://" in argv[0] else Path(argv[0])
    runs = int(argv[1])
    app = QApplication.instance() or QApplication(sys.argv[:1])
    services = open_services(database)
    figures: dict[str, Any] = {}
    notes: dict[str, str] = {}
    try:
        for step in (measure_table, measure_editor, measure_overview):
            result = step(services, runs)
            notes.update(result.pop("_notes", {}))
            figures.update(result)
    finally:
        services.close()
    figures["peak_rss_mb"] = peak_rss_mb()
    if figures["peak_rss_mb"] is None:
        notes["peak_rss_mb"] = "this OS has no getrusage; measure with Task Manager instead"
    print(json.dumps({"figures": figures, "notes": notes}))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
