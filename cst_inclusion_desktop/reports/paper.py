"""The board paper as one list of blocks, in the order the board reads it, and its PDF."""

from __future__ import annotations

from pathlib import Path

from cst_inclusion_desktop.domain.board_paper import BoardPaper, Cover
from cst_inclusion_desktop.reports import paper_front, paper_tables, pdf_blocks
from cst_inclusion_desktop.reports.blocks import Block
from cst_inclusion_desktop.reports.document import (
    CancelledFn,
    PdfInfo,
    ProgressFn,
    ReportResult,
    write_pdf,
)
from cst_inclusion_desktop.reports.paper_front import anchor_keyword

CONTENTS = (
    "Executive summary",
    paper_tables.MATRIX_HEADING,
    paper_tables.TRENDS_HEADING,
    paper_tables.GLANCE_HEADING,
    paper_tables.AREAS_HEADING,
    paper_tables.DEFINITIONS_HEADING,
)


def paper_blocks(paper: BoardPaper) -> list[Block]:
    """Cover with contents, executive summary, matrix, trends, schools, area of need, terms."""
    return [
        *paper_front.cover_sheet(paper.cover, CONTENTS),
        *paper_front.executive_summary(paper),
        *paper_tables.matrix(paper),
        *paper_tables.trends(paper),
        *paper_tables.schools_at_a_glance(paper),
        *paper_tables.areas_of_need(paper),
        *paper_tables.definitions(paper),
    ]


def pdf_info(cover: Cover, title: str) -> PdfInfo:
    """Metadata and footer shared by the paper and the annex; the footer keeps the whole
    period (it wraps instead of being cut)."""
    return PdfInfo(
        title=f"{title} — {cover.trust_name}",
        author=cover.fields.author or cover.trust_name,
        subject=f"{cover.fields.item}, {cover.period.text}",
        keywords=f"inclusion, SEND, board paper, {cover.framework_name}{anchor_keyword(cover)}",
        footer=(cover.trust_name, title, cover.period.text),
    )


def write_paper_pdf(
    paper: BoardPaper,
    out: Path,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    *,
    invariant: bool = False,
) -> ReportResult:
    story = paper_blocks(paper)
    return write_pdf(
        lambda: pdf_blocks.flowables(story),
        pdf_info(paper.cover, paper.cover.title),
        out,
        progress,
        cancelled,
        invariant=invariant,
    )
