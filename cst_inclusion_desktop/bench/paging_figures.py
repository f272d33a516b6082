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
    "scroll_last_page_by_school_ms",
    "scroll_last_page_by_status_ms",
    "scroll_last_page_by_rag_ms",
    "scroll_middle_page_by_school_ms",
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
    for sort in (ActionSort.TITLE, ActionSort.SCHOOL, ActionSort.STATUS, ActionSort.RAG):
        figures[f"scroll_last_page_by_{sort.value}_ms"] = _sorted_page(services, sort, runs)
    figures["scroll_middle_page_by_school_ms"] = _sorted_page(
        services, ActionSort.SCHOOL, runs, middle=True
    )
    last_start = (total - 1) // PAGE_SIZE * PAGE_SIZE
    figures["scroll_last_page_offset_ms"] = median_ms(
        lambda: services.actions.list(ActionFilter(), last_start, PAGE_SIZE), runs
    )
    return figures


def _sorted_page(services: Services, sort: ActionSort, runs: int, middle: bool = False) -> float:
    """The last (or middle) row of the table sorted by ``sort``, fresh after a refresh."""
    from cst_inclusion_desktop.ui.window.action_table_model import ActionTableModel

    model = ActionTableModel(lambda: services)
    model.set_filter(ActionFilter(sort=sort))
    row = model.total // 2 if middle else model.total - 1
    return median_ms(lambda: model.record(row), runs, model.refresh)
