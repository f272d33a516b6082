"""Issue 8's budgets, checked against a benchmark result, and the table docs/benchmark.md shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FILTERS = ("school", "principle", "status", "overdue", "search")


@dataclass(frozen=True, slots=True)
class Budget:
    figure: str
    limit: float
    unit: str
    what: str


BUDGETS: tuple[Budget, ...] = (
    Budget("cold_start_ms", 800, "ms", "cold start to painted main window"),
    Budget("cli_version_ms", 200, "ms", "`cst-inclusion --version`, whole process"),
    Budget("cli_help_ms", 200, "ms", "`cst-inclusion --help`, whole process"),
    Budget("cli_principles_list_ms", 350, "ms", "`principles list` on the trust, whole process"),
    Budget("actions_first_page_table_ms", 100, "ms", "actions table first page"),
    *(
        budget
        for name in FILTERS
        for budget in (
            Budget(f"filter_{name}_table_ms", 100, "ms", f"filter by {name}, end to end"),
            Budget(f"filter_{name}_service_ms", 10, "ms", f"filter by {name}, service call"),
        )
    ),
    Budget("scroll_last_page_ms", 50, "ms", "actions table: drag to the last page"),
    Budget("scroll_middle_page_ms", 50, "ms", "actions table: drag to the middle"),
    Budget("scroll_page_before_last_ms", 50, "ms", "actions table: page up from the end"),
    *(
        Budget(f"scroll_last_page_by_{sort}_ms", 50, "ms", f"sorted by {sort}: the last page")
        for sort in ("title", "school", "status", "rag")
    ),
    Budget("scroll_middle_page_by_school_ms", 50, "ms", "sorted by school: the middle"),
    Budget("editor_open_ms", 100, "ms", "action editor open"),
    Budget("overview_widget_ms", 100, "ms", "trust overview (widget)"),
    Budget("matrix_service_to_floor", 3, "×", "overview aggregate vs raw sqlite3"),
    Budget("overview_widget_to_floor", 3, "×", "overview widget vs raw sqlite3"),
    Budget("board_paper_pdf_ms", 1500, "ms", "board paper PDF, whole trust"),
    Budget("board_paper_docx_ms", 2000, "ms", "board paper DOCX, whole trust"),
    Budget("annex_pdf_ms", 10000, "ms", "annex PDF, whole trust"),
    Budget("import_10k_ms", 3000, "ms", "CSV import, 10,000 rows"),
    Budget("coverage_service_ms", 100, "ms", "inspection coverage read afresh, whole trust"),
    Budget("coverage_unchanged_ms", 100, "ms", "inspection coverage, record unchanged"),
    Budget("inspection_summary_pdf_ms", 1000, "ms", "a school's inspection summary PDF"),
    Budget("peak_rss_mb", 300, "MB", "GUI peak RSS, large trust open"),
)


# Issue 16's budgets on the server (``--db URL``): the same end-to-end limits as on SQLite.
SERVER_BUDGETS: tuple[Budget, ...] = (
    Budget("pg_actions_first_page_table_ms", 100, "ms", "server: actions table first page"),
    *(
        Budget(f"pg_filter_{name}_table_ms", 100, "ms", f"server: filter by {name}, end to end")
        for name in FILTERS
    ),
    Budget("pg_overview_widget_ms", 100, "ms", "server: trust overview (widget)"),
    Budget("pg_matrix_service_to_floor", 3, "×", "server: overview aggregate vs bare SQL"),
    Budget("pg_board_paper_to_sqlite", 1, "×", "server: board paper PDF vs the same on SQLite"),
    Budget("pg_writers_errors", 0, "", "server: errors of 20 users saving for 60 s"),
)

# Figures shown side by side in docs/benchmark.md (SQLite name; the server's is "pg_" + it).
SIDE_BY_SIDE = (
    "actions_first_page_service_ms",
    "actions_first_page_table_ms",
    *(f"filter_{name}_{kind}_ms" for name in FILTERS for kind in ("service", "table")),
    "editor_open_ms",
    "matrix_service_ms",
    "overview_service_ms",
    "overview_widget_ms",
    "board_paper_pdf_ms",
)


def check_budgets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per budget: measured value (None if not measured) and pass/fail/None; the
    server's budgets only when the run measured a server."""
    rows = []
    server = any(name.startswith("pg_") for name in figures)
    for budget in (*BUDGETS, *(SERVER_BUDGETS if server else ())):
        measured = figures.get(budget.figure)
        passed = None if measured is None else measured <= budget.limit
        rows.append(
            {
                "figure": budget.figure,
                "what": budget.what,
                "budget": budget.limit,
                "unit": budget.unit,
                "measured": measured,
                "pass": passed,
            }
        )
    return rows


def side_by_side(figures: dict[str, Any]) -> str:
    """The figures measured on both backends, as a Markdown table."""
    lines = ["| figure | SQLite | PostgreSQL |", "|---|---|---|"]
    for name in SIDE_BY_SIDE:
        sqlite, server = figures.get(name), figures.get(f"pg_{name}")
        if sqlite is None and server is None:
            continue
        shown = ["—" if value is None else f"{value:g} ms" for value in (sqlite, server)]
        lines.append(f"| `{name}` | {shown[0]} | {shown[1]} |")
    return "\n".join(lines)


def markdown_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| figure | budget | measured | result |", "|---|---|---|---|"]
    for row in rows:
        unit = row["unit"]
        budget = f"≤ {row['budget']:g} {unit}" if unit != "×" else f"≤ {row['budget']:g}×"
        measured = row["measured"]
        shown = "not measured" if measured is None else f"{measured:g} {unit}".replace(" ×", "×")
        result = {True: "pass", False: "**FAIL**", None: "—"}[row["pass"]]
        lines.append(f"| {row['what']} (`{row['figure']}`) | {budget} | {shown} | {result} |")
    return "\n".join(lines)
