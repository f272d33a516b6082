"""Laying out BoardReportData as an A4 PDF: ``write_board_report(data, out)``.

Only layout lives here; every number was decided by the service.
"""

from __future__ import annotations

from pathlib import Path

from cst_inclusion_desktop.domain.report_model import BoardReportData
from cst_inclusion_desktop.reports import sections
from cst_inclusion_desktop.reports.document import (
    CancelledFn,
    PdfInfo,
    ProgressFn,
    ReportResult,
    write_pdf,
)

__all__ = ["ReportResult", "write_board_report"]


def write_board_report(
    data: BoardReportData,
    out: Path,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    *,
    invariant: bool = False,
) -> ReportResult:
    """Write the report to ``out``; any previous file is replaced only once the new one is whole."""
    info = PdfInfo(
        title=f"{data.title} — {data.trust_name}",
        author=data.trust_name,
        subject=f"{data.title}, {data.period.text}",
        keywords=f"inclusion, SEND, board report, {data.framework_name}",
        footer=(data.trust_name, data.title, data.period.text),
    )
    return write_pdf(
        lambda: sections.all_sections(data),
        info,
        out,
        progress,
        cancelled,
        invariant=invariant,
    )
