"""The trust overview widget (``ui/reporting/dashboard.py``), measured in the GUI probe.

"Shown" is ``refresh()`` (the overview service: matrix, overdue, red and due-soon counts and
list) followed by a synchronous repaint of the widget.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from cst_inclusion_desktop.bench.timing import median_ms, not_measured
from cst_inclusion_desktop.services import Services

FIGURES = ("overview_widget_ms", "overview_service_ms")


def measure_overview_widget(services: Services, runs: int) -> dict[str, Any]:
    from cst_inclusion_desktop.bench.gui_parts import WINDOW_SIZE, module_missing

    missing = module_missing("ui.reporting.dashboard")
    if missing:
        return not_measured(FIGURES, missing)
    from cst_inclusion_desktop.ui.reporting.dashboard import TrustOverview

    overview = TrustOverview(lambda: services)
    overview.resize(*WINDOW_SIZE)
    overview.show()
    QApplication.processEvents()

    def refresh_and_paint() -> None:
        overview.refresh()
        overview.repaint()

    figures = {
        "overview_widget_ms": median_ms(refresh_and_paint, runs),
        "overview_service_ms": median_ms(services.overview.overview, runs),
    }
    overview.close()
    return figures
