"""The documents the app produces, each as PDF or DOCX by the output's file name:
``write_board_paper``, ``write_annex`` and a school's ``write_inspection_summary``. All write a
temporary file and rename it into place, so a failed or cancelled run leaves any earlier file
as it was."""

from __future__ import annotations

from pathlib import Path

from cst_inclusion_desktop.domain.board_paper import Annex, BoardPaper
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.inspection import InspectionSummary
from cst_inclusion_desktop.domain.report_model import format_day
from cst_inclusion_desktop.reports import annex_content, inspection_content, pdf_blocks
from cst_inclusion_desktop.reports.annex_content import ANNEX_TITLE
from cst_inclusion_desktop.reports.document import (
    CancelledFn,
    PdfInfo,
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


def inspection_info(summary: InspectionSummary) -> PdfInfo:
    cover = summary.cover
    school = cover.school
    return PdfInfo(
        title=f"{summary.title} — {cover.trust_name}",
        author=cover.generated_by or cover.trust_name,
        subject=f"Inclusion record of {school.name} (URN {school.urn}) for inspection",
        keywords=f"inclusion, SEND, inspection, {cover.toolkit.name}"
        + (f", audit-anchor {cover.audit_anchor.token}" if cover.audit_anchor else ""),
        footer=(
            cover.trust_name,
            f"{inspection_content.SUMMARY_TITLE}: {school.name}, URN {school.urn}",
            f"as it stood on {format_day(cover.day)}",
        ),
    )


def write_inspection_summary(
    summary: InspectionSummary,
    out: Path,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    *,
    invariant: bool = False,
) -> ReportResult:
    story = inspection_content.inspection_blocks(summary)
    info = inspection_info(summary)
    if output_kind(out) == "docx":
        from cst_inclusion_desktop.reports.docx import write_docx_with

        return write_docx_with(story, info, out, cancelled)
    return write_pdf(
        lambda: pdf_blocks.flowables(story), info, out, progress, cancelled, invariant=invariant
    )
