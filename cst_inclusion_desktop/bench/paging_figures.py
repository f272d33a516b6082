"""Scrolling a large trust: what the actions table waits for when the scroll bar is dragged.

Each figure reads one row through the real table model (``ActionTableModel.record``), fresh
after a refresh, so it is the model's page request plus the database's answer, end to end.
The old OFFSET read of the last page is measured beside them for comparison.
"""

from __future__ import annotations

from typing import Any

from cst_inclusion_desktop.bench.timing import median_ms
from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.actions import PAGE_SIZE

PAGING_FIGURES = (
    "scroll_last_page_ms",
    "scroll_middle_page_ms",
    "scroll_page_before_last_ms",
    "scroll_last_page_by_title_ms",
    "scroll_last_page_offset_ms",
)


def measure_paging(services: Services, runs: int) -> dict[str, Any]:
    from cst_inclusion_desktop.ui.window.action_table_model import ActionTableModel

    model = ActionTableModel(lambda: services)
    model.set_filter(ActionFilter())
    total = model.total

    def fresh() -> None:
        model.refresh()

    def read(row: int) -> None:
        model.record(max(0, row))

    def before_last() -> None:
        model.refresh()
        read(total - 1)

    figures: dict[str, Any] = {
        "scroll_last_page_ms": median_ms(lambda: read(total - 1), runs, fresh),
        "scroll_middle_page_ms": median_ms(lambda: read(total // 2), runs, fresh),
        "scroll_page_before_last_ms": median_ms(
            lambda: read(total - 1 - PAGE_SIZE), runs, before_last
        ),
    }
    by_title = ActionFilter(sort=ActionSort.TITLE)
    titled = ActionTableModel(lambda: services)
    titled.set_filter(by_title)
    figures["scroll_last_page_by_title_ms"] = median_ms(
        lambda: titled.record(titled.total - 1), runs, titled.refresh
    )
    last_start = (total - 1) // PAGE_SIZE * PAGE_SIZE
    figures["scroll_last_page_offset_ms"] = median_ms(
        lambda: services.actions.list(ActionFilter(), last_start, PAGE_SIZE), runs
    )
    return figures
