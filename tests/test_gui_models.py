"""The actions table model, without a window: paging, sorting, roles, and qtmodeltester."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort, PageRequest
from cst_inclusion_desktop.domain.records import ActionRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.demo import generate_demo
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.ui.widgets.form_widgets import warning_colour
from cst_inclusion_desktop.ui.window import action_table_model as table
from cst_inclusion_desktop.ui.window.action_table_model import ACTION_ROLE, ActionTableModel

DEMO_ACTIONS = 1000


@pytest.fixture
def demo(settings: Settings) -> Iterator[Services]:
    services = Services(open_context(settings, create=True))
    services.trust.create("Demo Trust")
    generate_demo(services.context, schools=8, actions=DEMO_ACTIONS, seed=7)
    yield services
    services.close()


class CountingServices:
    """Wraps Services to count the list queries the model makes (paging must stay lazy)."""

    def __init__(self, services: Services) -> None:
        self.inner = services
        self.pages: list[PageRequest] = []
        outer = self

        class Actions:
            def page(self, action_filter, request):  # type: ignore[no-untyped-def]
                outer.pages.append(request)
                return services.actions.page(action_filter, request)

            def count(self, action_filter=None):  # type: ignore[no-untyped-def]
                return services.actions.count(action_filter)

        self.actions = Actions()


def test_model_passes_qtmodeltester_on_a_thousand_actions(qtmodeltester, demo: Services) -> None:
    model = ActionTableModel(lambda: demo)
    model.refresh()
    assert model.rowCount() == DEMO_ACTIONS
    assert model.columnCount() == len(table.HEADERS)
    qtmodeltester.check(model, force_py=True)


def test_rows_are_read_a_page_at_a_time(demo: Services) -> None:
    counting = CountingServices(demo)
    model = ActionTableModel(lambda: counting)  # type: ignore[arg-type, return-value]
    model.refresh()
    assert counting.pages == []  # counting rows reads no rows
    last = model.index(DEMO_ACTIONS - 1, table.COL_TITLE)
    record = last.data(ACTION_ROLE)
    assert isinstance(record, ActionRecord)
    # The last page is read backwards from the end (keyset paging), not past 900 rows.
    assert counting.pages == [PageRequest(from_end=True, limit=table.PAGE_SIZE)]
    model.index(DEMO_ACTIONS - 2, table.COL_SCHOOL).data()
    assert len(counting.pages) == 1  # same page: served from the cache
    model.index(0, table.COL_SCHOOL).data()
    assert counting.pages[-1] == PageRequest(limit=table.PAGE_SIZE)
    everything = demo.actions.list(model.action_filter(), 0, None)
    assert record.id == everything[-1].id


def test_page_cache_is_bounded(demo: Services) -> None:
    model = ActionTableModel(lambda: demo)
    model.refresh()
    for row in range(0, DEMO_ACTIONS, table.PAGE_SIZE):
        model.record(row)
    assert len(model._pages) <= table.CACHED_PAGES
    assert model.row_of(model.record(0).id) == 0  # type: ignore[union-attr]


def test_sort_by_column_asks_the_database(demo: Services) -> None:
    model = ActionTableModel(lambda: demo)
    model.refresh()
    model.sort(table.COL_TITLE, Qt.SortOrder.DescendingOrder)
    assert model.action_filter().sort is ActionSort.TITLE
    assert model.action_filter().descending
    titles = [model.index(row, table.COL_TITLE).data() for row in range(50)]
    assert titles == sorted(titles, reverse=True)  # SQLite's binary collation
    model.sort(table.COL_EVIDENCE, Qt.SortOrder.AscendingOrder)
    counts = [int(model.index(row, table.COL_EVIDENCE).data()) for row in range(300)]
    assert counts == sorted(counts)


def test_filter_changes_row_count(demo: Services) -> None:
    model = ActionTableModel(lambda: demo)
    model.set_filter(ActionFilter(rags=(Rag.RED,)))
    expected = demo.actions.count(ActionFilter(rags=(Rag.RED,)))
    assert 0 < model.rowCount() == expected < DEMO_ACTIONS
    assert {model.index(row, table.COL_RAG).data() for row in range(expected)} == {"Red"}


def test_roles_show_words_as_well_as_colour(services: Services, make_action) -> None:  # type: ignore[no-untyped-def]
    make_action(title="Late one", due_date="2020-01-31", status="in_progress", rag="red")
    make_action(title="Done", due_date="2020-01-31", status="completed", rag="green")
    model = ActionTableModel(lambda: services)
    model.set_filter(ActionFilter(sort=ActionSort.TITLE))
    done, late = (model.record(row) for row in range(2))
    assert late is not None and late.title == "Late one" and done is not None
    due = model.index(1, table.COL_DUE_DATE)
    assert due.data() == "31/01/2020 (overdue)"
    assert due.data(Qt.ItemDataRole.ForegroundRole).color().name() == warning_colour()
    assert due.data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, table.COL_DUE_DATE).data() == "31/01/2020"  # completed: not overdue
    rag = model.index(1, table.COL_RAG)
    assert rag.data() == "Red"
    assert rag.data(Qt.ItemDataRole.BackgroundRole).color().name() == table.RAG_COLOURS[Rag.RED][0]
    assert model.index(1, table.COL_PRINCIPLE).data().startswith("1. ")
    assert model.index(1, table.COL_STATUS).data() == Status.IN_PROGRESS.label
    assert model.index(1, table.COL_SCHOOL).data() == "Oakfield Primary School"
    assert model.index(5, 0).data() is None
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_model_without_services_is_empty() -> None:
    model = ActionTableModel(lambda: None)
    model.refresh()
    assert model.rowCount() == 0
    assert model.record(0) is None
