"""The report's sections as lists of flowables, in the order the board reads them."""

from __future__ import annotations

from reportlab.platypus import Flowable

from cst_inclusion_desktop.domain.report_model import BoardReportData
from cst_inclusion_desktop.reports import detail, overview


def all_sections(data: BoardReportData) -> list[Flowable]:
    """Cover, summary, matrix, charts, principles, exceptions, appendix, evidence, integrity."""
    return [
        *overview.cover(data),
        *overview.summary(data),
        *overview.matrix(data),
        *overview.chart_pages(data),
        *detail.principle_sections(data),
        *detail.exceptions(data),
        *detail.appendix(data),
        *detail.evidence_index(data),
        *detail.integrity(data),
    ]
