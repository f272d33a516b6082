"""The actions table's pages and the server's index of open actions (docs/benchmark.md).

A page is read as its ids first (``queries.action_page``), then those rows: every page of every
sort, filter and direction must be exactly its slice of the whole list, on both backends. On
PostgreSQL, the open, live actions have an index of their own (migration 0014) that the
overview's matrix, the overdue page and the red count must be able to use with the app's own
query text, and the app never prepares statements (a generic plan cannot use it).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.store import queries

MIGRATION = (
    Path(__file__).resolve().parent.parent
    / "cst_inclusion_desktop/store/migrations/versions/0014_server_open_action_index.py"
)
PAGE = 7


@pytest.fixture
def varied(services: Services, make_action: Callable[..., str]) -> Services:
    """30 actions over both schools and several principles, some without a due date, ties in
    every sorted column, all statuses (some overdue)."""
    today = services.context.today()
    statuses = list(Status)
    for number in range(30):
        due = today + timedelta(days=(number % 9) * 20 - 80) if number % 5 else None
        make_action(
            school=("100001", "100002")[number % 2],
            principle=number % 4 + 1,
            title=f"Action {number % 6}",
            owner=f"Owner {number % 3}",
            status=statuses[number % len(statuses)],
            rag=list(Rag)[number % 3],
            due_date=due,
        )
    return services


FILTERS = {
    "all": ActionFilter(),
    "one status": ActionFilter(statuses=(Status.IN_PROGRESS,)),
    "overdue": ActionFilter(overdue_only=True),
    "one principle": ActionFilter(principle_numbers=(2,)),
    "search": ActionFilter(search="action"),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_page_is_its_slice_of_the_whole_list(varied: Services, name: str) -> None:
    for sort in ActionSort:
        for descending in (False, True):
            action_filter = FILTERS[name].with_changes(sort=sort, descending=descending)
            whole = [record.id for record in varied.actions.list(action_filter, 0, None)]
            assert whole, (name, sort)
            paged: list[str] = []
            for offset in range(0, len(whole) + PAGE, PAGE):
                paged += [record.id for record in varied.actions.list(action_filter, offset, PAGE)]
            assert paged == whole, (name, sort, descending)
            # A page carries the same rows, names and criteria as the whole list's slice.
            assert (
                varied.actions.list(action_filter, 0, PAGE)
                == varied.actions.list(action_filter, 0, None)[:PAGE]
            )


def test_the_server_index_counts_exactly_the_open_actions() -> None:
    """The statuses written out in migration 0014 are the domain's open statuses."""
    tree = ast.parse(MIGRATION.read_text(encoding="utf-8"))
    values = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
    }
    expected = ", ".join(f"'{status}'" for status in queries.OPEN_STATUSES)
    assert values["OPEN_ACTIONS"] == f"archived IS false AND status IN ({expected})"


def _plan(services: Services, statement: object) -> str:
    with services.context.read() as session:
        connection = session.connection()
        compiled = statement.compile(  # type: ignore[attr-defined]
            dialect=connection.dialect, compile_kwargs={"literal_binds": True}
        )
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql("EXPLAIN " + str(compiled).replace("%", "%%"))
        return "\n".join(row[0] for row in rows)


@pytest.mark.postgresql_only
def test_the_open_actions_index_serves_the_matrix_and_the_overdue_page(
    varied: Services,
) -> None:
    today = varied.context.today()
    with varied.context.read() as session:
        definition = session.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_action_open_due'")
        ).scalar_one()
    assert "WHERE ((archived IS FALSE)" in definition
    for statement in (
        queries.rag_matrix(),
        queries.action_page(ActionFilter(overdue_only=True), today, 0, 100),
        queries.action_count(ActionFilter(overdue_only=True), today),
    ):
        assert "ix_action_open_due" in _plan(varied, statement)


@pytest.mark.postgresql_only
def test_the_app_never_prepares_statements_on_the_server(services: Services) -> None:
    with services.context.read() as session:
        driver = session.connection().connection.driver_connection
        assert driver.prepare_threshold is None  # type: ignore[union-attr]


@pytest.mark.sqlite_only
def test_a_file_keeps_its_schema(services: Services) -> None:
    """Migration 0014 adds nothing to a SQLite file."""
    with services.context.read() as session:
        names = session.execute(
            text("SELECT name FROM sqlite_master WHERE name = 'ix_action_open_due'")
        ).all()
    assert names == []
