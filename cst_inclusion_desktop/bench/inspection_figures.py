"""Issue 17's figures: the Trust overview's inspection coverage (the service, whole trust: read
afresh, and again while nothing changed) and a school's inspection summary (service and PDF, and
DOCX) for the reference trust's largest school, with its page count and the raw sqlite3 floor of
the coverage's two reads of its tallies."""

from __future__ import annotations

import importlib.util
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import sqlite

from cst_inclusion_desktop.bench.timing import median_ms, not_measured, ratio
from cst_inclusion_desktop.services import Services

FIGURES = (
    "coverage_service_ms",
    "coverage_unchanged_ms",
    "coverage_floor_ms",
    "coverage_to_floor",
    "inspection_summary_pdf_ms",
    "inspection_summary_docx_ms",
    "inspection_summary_pages",
    "inspection_summary_actions",
)


def measure_inspection(services: Services, database: Path, runs: int) -> dict[str, Any]:
    if importlib.util.find_spec("cst_inclusion_desktop.services.reporting.inspection") is None:
        return not_measured(FIGURES, "services/reporting/inspection.py does not exist")
    from cst_inclusion_desktop.domain.definitions import coverage_start
    from cst_inclusion_desktop.reports.outputs import write_inspection_summary
    from cst_inclusion_desktop.services.reporting.coverage import CoverageService
    from cst_inclusion_desktop.store.coverage_counts import tally_statements

    today = services.context.today()
    # A new service each run: the record read afresh, as after any change to it.
    coverage_ms = median_ms(lambda: CoverageService(services.context).coverage(), runs)
    services.coverage.coverage()
    # The overview refreshed while nothing changed: the kept coverage, checked against the log.
    unchanged_ms = median_ms(lambda: services.coverage.coverage(), runs)
    # The service's two reads of the tallies (store/coverage_counts.py), with no ORM.
    floor_queries = [
        str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
        for statement in tally_statements(coverage_start(today), today)
    ]

    def floor() -> None:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            for query in floor_queries:
                connection.execute(query).fetchall()
        finally:
            connection.close()

    floor_ms = median_ms(floor, runs)
    urn, actions = _largest_school(database)
    inspection = services.inspection
    with tempfile.TemporaryDirectory(prefix="cst-bench-inspection-") as folder:
        out = Path(folder)
        pdf_ms = median_ms(
            lambda: write_inspection_summary(inspection.summary(urn), out / "summary.pdf"), runs
        )
        docx_ms = median_ms(
            lambda: write_inspection_summary(inspection.summary(urn), out / "summary.docx"), runs
        )
        pages = write_inspection_summary(inspection.summary(urn), out / "summary.pdf").pages
    return {
        "coverage_service_ms": coverage_ms,
        "coverage_unchanged_ms": unchanged_ms,
        "coverage_floor_ms": floor_ms,
        "coverage_to_floor": ratio(coverage_ms, floor_ms),
        "inspection_summary_pdf_ms": pdf_ms,
        "inspection_summary_docx_ms": docx_ms,
        "inspection_summary_pages": pages,
        "inspection_summary_actions": actions,
        "_notes": {
            "inspection": f"inspection summary of URN {urn}, the school with most live actions "
            f"({actions:,}); coverage of every school and current criterion"
        },
    }


def _largest_school(database: Path) -> tuple[str, int]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        urn, count = connection.execute(
            "SELECT s.urn, count(*) FROM action a JOIN school s ON s.id = a.school_id "
            "WHERE a.archived = 0 GROUP BY s.urn ORDER BY count(*) DESC, s.urn LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    return str(urn), int(count)
