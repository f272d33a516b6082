"""The two documents a trust lead produces, each as PDF or DOCX by the output's file name:
``write_board_paper`` and ``write_annex``. Both write a temporary file and rename it into place,
so a failed or cancelled run leaves any earlier file as it was."""

from __future__ import annotations

from pathlib import Path

from cst_inclusion_desktop.domain.board_paper import Annex, BoardPaper
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.reports import annex_content, pdf_blocks
from cst_inclusion_desktop.reports.annex_content import ANNEX_TITLE
from cst_inclusion_desktop.reports.document import (
    CancelledFn,
    ProgressFn,
    ReportResult,
    write_pdf,
)
from cst_inclusion_desktop.reports.paper import paper_blocks, pdf_info, write_paper_pdf

SUFFIXES = (".pdf", ".docx")


def output_kind(out: Path) -> str:
    """ "pdf" or "docx" from the file name; anything else is bad input (exit 2)."""
    suffix = Path(out).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError("out", str(out), "a file name ending .pdf or .docx")
    return suffix[1:]


def write_board_paper(
    paper: BoardPaper,
    out: Path,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    *,
    invariant: bool = False,
) -> ReportResult:
    if output_kind(out) == "docx":
        from cst_inclusion_desktop.reports.docx import write_docx

        return write_docx(paper_blocks(paper), paper.cover, paper.cover.title, out, cancelled)
    return write_paper_pdf(paper, out, progress, cancelled, invariant=invariant)


def write_annex(
    annex: Annex,
    out: Path,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    *,
    invariant: bool = False,
) -> ReportResult:
    story = annex_content.annex_blocks(annex)
    if output_kind(out) == "docx":
        from cst_inclusion_desktop.reports.docx import write_docx

        return write_docx(story, annex.cover, ANNEX_TITLE, out, cancelled)
    return write_pdf(
        lambda: pdf_blocks.flowables(story),
        pdf_info(annex.cover, ANNEX_TITLE),
        out,
        progress,
        cancelled,
        invariant=invariant,
    )
