"""The benchmark's server figures (``--db URL``) on a small trust: the same figures as on SQLite
with a ``pg_`` prefix, the bare-SQL floor, 20 writers with no errors and a valid chain, and the
side-by-side table. The reference-trust figures themselves are in docs/benchmark.md."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cst_inclusion_desktop.bench.__main__ import parse_options
from cst_inclusion_desktop.bench.budgets import check_budgets, side_by_side
from cst_inclusion_desktop.bench.server_figures import WRITERS, measure_server
from cst_inclusion_desktop.services import Services


@pytest.mark.postgresql_only
def test_server_figures_on_a_small_trust(
    services: Services, make_action: Callable[..., str], database_url: str
) -> None:
    for number in range(60):
        make_action(title=f"Phonics group {number}", school=("100001", "100002")[number % 2])
    figures = measure_server(database_url, runs=1, writer_seconds=1.5)
    for name in (
        "pg_actions_first_page_service_ms",
        "pg_filter_search_service_ms",
        "pg_matrix_service_ms",
        "pg_matrix_floor_ms",
        "pg_overview_service_ms",
        "pg_board_paper_pdf_ms",
    ):
        assert isinstance(figures[name], float) and figures[name] > 0, name
    assert figures["pg_writers"] == WRITERS
    assert figures["pg_writers_saves"] > WRITERS
    assert figures["pg_writers_errors"] == 0, figures["pg_writers_error_kinds"]
    assert figures["pg_writers_chain_ok"] is True
    assert figures["pg_writers_save_p50_ms"] <= figures["pg_writers_save_p95_ms"]
    rows = {row["figure"]: row for row in check_budgets(figures)}
    assert rows["pg_writers_errors"]["pass"] is True


def test_side_by_side_names_both_backends() -> None:
    table = side_by_side({"matrix_service_ms": 40.0, "pg_matrix_service_ms": 55.5})
    assert "| `matrix_service_ms` | 40 ms | 55.5 ms |" in table.splitlines()
    assert not any(row["figure"].startswith("pg_") for row in check_budgets({"x": 1}))


def test_the_db_option_and_writer_seconds() -> None:
    options, _ = parse_options(
        ["--db", "postgresql+psycopg://lead@db.example:5432/trust", "--writer-seconds", "5"]
    )
    assert options.server_url == "postgresql+psycopg://lead@db.example:5432/trust"
    assert options.writer_seconds == 5.0


@pytest.mark.postgresql_only
def test_the_overview_floor_is_the_overviews_own_query(
    services: Services, make_action: Callable[..., str], database_url: str
) -> None:
    """The bare-SQL floor asks the very question the overview asks (open, live actions by
    school, principle and RAG as rated), so the ratio compares like with like."""
    import psycopg

    from cst_inclusion_desktop.bench.server_figures import matrix_floor_sql
    from cst_inclusion_desktop.store import queries

    make_action(title="Open", school="100001")
    make_action(title="Done", school="100002", status="completed")
    with services.context.read() as session:
        app_rows = sorted(tuple(row) for row in session.execute(queries.rag_matrix()))
    with psycopg.connect(database_url.replace("+psycopg", "")) as connection:
        floor_rows = sorted(connection.execute(matrix_floor_sql(services)).fetchall())
    assert floor_rows == app_rows and len(app_rows) == 1
