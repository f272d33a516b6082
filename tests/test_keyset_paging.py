"""Keyset paging: every page read by key, from a neighbour or from either end, holds exactly
the rows the plain OFFSET query gives, in every sort (NULL dates last, ties by id)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.enums import Status
from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort, PageRequest
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.demo import generate_demo
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.ui.window import action_table_model as table
from cst_inclusion_desktop.ui.window.action_table_model import ActionTableModel

ACTIONS = 430


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    from cst_inclusion_desktop.config import load_settings

    path = tmp_path_factory.mktemp("keyset") / "trust.db"
    settings: Settings = load_settings(overrides={"database": str(path)})
    services = Services(open_context(settings, create=True))
    services.trust.create("Demo Trust")
    generate_demo(services.context, schools=5, actions=ACTIONS, seed=3)
    yield services
    services.close()


FILTERS = [
    ActionFilter(),
    ActionFilter(descending=True),
    ActionFilter(sort=ActionSort.SCHOOL),
    ActionFilter(sort=ActionSort.TITLE, descending=True),
    ActionFilter(sort=ActionSort.LAST_REVIEW),
    ActionFilter(sort=ActionSort.STATUS, descending=True),
    ActionFilter(sort=ActionSort.EVIDENCE_COUNT),
    ActionFilter(overdue_only=True),
    ActionFilter(statuses=(Status.PLANNED, Status.ON_HOLD), sort=ActionSort.RAG),
    ActionFilter(sort=ActionSort.RAG, descending=True),
    ActionFilter(sort=ActionSort.SCHOOL, descending=True),
]


@pytest.mark.parametrize("action_filter", FILTERS, ids=lambda f: repr(f)[12:60])
def test_pages_by_key_match_the_offset_list(demo: Services, action_filter: ActionFilter) -> None:
    expected = [record.id for record in demo.actions.list(action_filter, 0, None)]
    assert len(expected) > 5
    size = 37 if len(expected) > 100 else 2
    forwards: list[str] = []
    page = demo.actions.page(action_filter, PageRequest(limit=size))
    while page.records:
        forwards += [record.id for record in page.records]
        page = demo.actions.page(action_filter, PageRequest(after=page.keys[-1], limit=size))
    assert forwards == expected
    backwards: list[str] = []
    page = demo.actions.page(action_filter, PageRequest(from_end=True, limit=size))
    while page.records:
        backwards = [record.id for record in page.records] + backwards
        page = demo.actions.page(action_filter, PageRequest(before=page.keys[0], limit=size))
    assert backwards == expected
    for offset in (1, 5, len(expected) // 2, len(expected) - 3):
        middle = demo.actions.page(action_filter, PageRequest(offset=offset, limit=size))
        assert [r.id for r in middle.records] == expected[offset : offset + size]
        end = demo.actions.page(action_filter, PageRequest(offset=offset, from_end=True, limit=3))
        stop = len(expected) - offset
        assert [r.id for r in end.records] == expected[max(0, stop - 3) : stop]


def test_model_rows_match_in_any_order_of_reading(demo: Services) -> None:
    """Jump to the end (as dragging the scroll bar does), scroll back, jump to the middle."""
    model = ActionTableModel(lambda: demo)
    model.set_filter(ActionFilter(sort=ActionSort.LAST_REVIEW, descending=True))
    expected = [record.id for record in demo.actions.list(model.action_filter(), 0, None)]
    rows = [ACTIONS - 1, *range(ACTIONS - 2, 150, -7), 220, 5, 321, 0, 101, 199]
    for row in rows:
        record = model.record(row)
        assert record is not None and record.id == expected[row], row
    assert model.record(ACTIONS) is None
    assert table.PAGE_SIZE == 100


@pytest.mark.parametrize(
    "sort", [ActionSort.SCHOOL, ActionSort.STATUS, ActionSort.RAG, ActionSort.TITLE]
)
@pytest.mark.parametrize("descending", [False, True])
def test_far_pages_of_every_sort_are_read_in_index_order(
    demo: Services, sort: ActionSort, descending: bool
) -> None:
    """No sort of the whole list before a page (which is what made a far page slow): the
    planner walks an index in the list's order, for the key query and for the page itself."""
    from cst_inclusion_desktop.store import keyset, queries

    action_filter = ActionFilter(sort=sort, descending=descending)
    today = demo.context.today()
    terms = queries.order_terms(action_filter)
    anchor = demo.actions.page(action_filter, PageRequest(offset=200, limit=1)).keys[0]
    page = queries.action_rows(action_filter, today, True).where(
        keyset.beyond(terms, anchor, inclusive=True)
    )
    for query in (
        keyset.key_query(action_filter, today, True).offset(200).limit(1),
        page.limit(100),
    ):
        with demo.context.read() as session:
            compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
            plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
        details = " / ".join(str(row[-1]) for row in plan)
        assert "TEMP B-TREE" not in details, details


def test_a_database_at_0012_gains_the_sort_indexes(tmp_path: Path) -> None:
    """Migration 0015: a trust file from before it opens with the status, RAG and school sort
    indexes, its actions untouched."""
    import sqlite3

    from alembic import command

    from cst_inclusion_desktop.config import load_settings
    from cst_inclusion_desktop.store.migrate import (
        current_revision,
        head_revision,
        migration_config,
    )

    path = tmp_path / "older.db"
    settings = load_settings(overrides={"database": str(path)})
    services = Services(open_context(settings, create=True))
    services.trust.create("Older Trust")
    generate_demo(services.context, schools=2, actions=30, seed=5)
    before = [record.id for record in services.actions.list(ActionFilter(), 0, None)]
    with services.context.database.engine.begin() as connection:
        config = migration_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0012")
    services.close()
    names = {"ix_action_status_rank", "ix_action_rag_rank", "ix_action_school_id_order"}
    names.add("ix_school_name_order")
    with sqlite3.connect(path) as old:
        found = {row[0] for row in old.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert not names & found
    reopened = Services(open_context(settings))
    try:
        # The head: 0015, and the server branch's 0011 and 0014 after it.
        assert current_revision(reopened.context.database) == head_revision() == "0014"
        with sqlite3.connect(path) as new:
            found = {row[0] for row in new.execute("SELECT name FROM sqlite_master")}
        assert names <= found
        assert [r.id for r in reopened.actions.list(ActionFilter(), 0, None)] == before
        assert reopened.check.run().ok
    finally:
        reopened.close()
