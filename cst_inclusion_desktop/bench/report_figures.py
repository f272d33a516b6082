"""Board report figures: whole trust, one school, and the bare-ReportLab floor.

The app's figure is everything a user waits for: ``ReportService.assemble`` (queries and
arithmetic) plus ``write_board_report`` (flowables, layout, footers, the rename into place).
The floor lays out the very same flowables (``reports.sections.all_sections`` of the same data)
with a plain ``SimpleDocTemplate`` and a plain canvas: ReportLab alone, no app code around it.
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.bench.timing import median_ms, not_measured, ratio
from cst_inclusion_desktop.services import Services

FIGURES = (
    "board_report_trust_ms",
    "board_report_school_ms",
    "board_report_trust_floor_ms",
    "board_report_trust_to_floor",
)


def _missing() -> str | None:
    for name in ("services.reporting.report_data", "reports.board", "reports.sections"):
        if importlib.util.find_spec(f"cst_inclusion_desktop.{name}") is None:
            return f"cst_inclusion_desktop/{name.replace('.', '/')}.py does not exist"
    return None


def measure_reports(services: Services, runs: int) -> dict[str, Any]:
    missing = _missing()
    if missing:
        return not_measured(FIGURES, missing)
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from cst_inclusion_desktop.domain.report_model import ReportRequest
    from cst_inclusion_desktop.reports import sections
    from cst_inclusion_desktop.reports.board import write_board_report
    from cst_inclusion_desktop.reports.fonts import REGULAR, register_fonts
    from cst_inclusion_desktop.services.reporting.report_data import ReportService

    reporter = ReportService(services.context)
    whole_trust = ReportRequest()
    one_school = ReportRequest(school_urns=(services.schools.list()[0].urn,), per_school=True)
    with tempfile.TemporaryDirectory(prefix="cst-bench-report-") as folder:
        out = Path(folder) / "board.pdf"
        floor_out = Path(folder) / "floor.pdf"

        def report(request: ReportRequest) -> None:
            write_board_report(reporter.assemble(request), out)

        trust_ms = median_ms(lambda: report(whole_trust), runs)
        school_ms = median_ms(lambda: report(one_school), runs)
        pages = write_board_report(reporter.assemble(whole_trust), out).pages

        register_fonts()
        data = reporter.assemble(whole_trust)
        story: list[Any] = []

        def fresh_story() -> None:
            # Flowables are consumed by layout, so each run gets new ones (untimed).
            story[:] = sections.all_sections(data)

        def bare_reportlab() -> None:
            SimpleDocTemplate(str(floor_out), pagesize=A4, initialFontName=REGULAR).build(story)

        floor_ms = median_ms(bare_reportlab, runs, setup=fresh_story)
    return {
        "board_report_trust_ms": trust_ms,
        "board_report_trust_pages": pages,
        "board_report_school_ms": school_ms,
        "board_report_trust_floor_ms": floor_ms,
        "board_report_trust_to_floor": ratio(trust_ms, floor_ms),
    }
