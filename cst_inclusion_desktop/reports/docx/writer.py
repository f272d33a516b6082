"""Blocks to a DOCX: real heading styles, tables whose header row repeats, charts as PNGs with
alt text, title and language set. The same blocks as the PDF, so the same figures."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from cst_inclusion_desktop.atomic_write import write_via_temporary
from cst_inclusion_desktop.domain.board_paper import Cover
from cst_inclusion_desktop.domain.errors import CancelledError
from cst_inclusion_desktop.reports import blocks, charts
from cst_inclusion_desktop.reports.document import CancelledFn, PdfInfo, ReportResult
from cst_inclusion_desktop.reports.docx.parts import (
    add_field,
    repeat_as_header,
    set_alt_text,
    set_column_widths,
    set_language,
    shade,
)
from cst_inclusion_desktop.reports.styles import MARK_FILL

TEXT_WIDTH_MM = 180
BODY_SIZE = Pt(10)
CELL_SIZE = Pt(9)
"""Table text: Word's cell margins are wider than the PDF's, and a reader without the
default font gets a wider substitute, so URNs and one-word headers still fit their columns."""


def write_docx(
    story: Sequence[blocks.Block],
    cover: Cover,
    title: str,
    out: Path,
    cancelled: CancelledFn | None = None,
) -> ReportResult:
    """Write ``story`` as a DOCX at ``out`` (temporary file, then renamed into place)."""
    from cst_inclusion_desktop.reports.paper import pdf_info

    return write_docx_with(story, pdf_info(cover, title), out, cancelled)


def write_docx_with(
    story: Sequence[blocks.Block],
    info: PdfInfo,
    out: Path,
    cancelled: CancelledFn | None = None,
) -> ReportResult:
    """Write ``story`` as a DOCX whose properties and footer are the PDF's (``info``)."""

    def build(path: Path) -> None:
        document = docx.Document()
        _set_up(document, info)
        for index, block in enumerate(story):
            if cancelled is not None and index % 50 == 0 and cancelled():
                raise CancelledError("report cancelled; no file was written")
            _add(document, block)
        document.save(str(path))

    write_via_temporary(Path(out), build)
    return ReportResult(Path(out).expanduser(), 0)


def _set_up(document: Document, info: PdfInfo) -> None:
    properties = document.core_properties
    properties.title = info.title
    properties.author = info.author
    properties.subject = info.subject
    properties.keywords = info.keywords
    set_language(document)
    document.styles["Normal"].font.size = BODY_SIZE
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    footer = section.footer.paragraphs[0]
    footer.text = " · ".join((*info.footer, "Page "))
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")


def _add(document: Document, block: blocks.Block) -> None:
    match block:
        case blocks.Title(above, text, below, logo):
            if logo:
                _logo(document, logo, above)
            document.add_paragraph(above, style="Subtitle")
            document.add_heading(text, level=0)
            if below:
                document.add_paragraph(below, style="Subtitle")
        case blocks.Heading(text, level):
            document.add_heading(text, level=min(level, 9))
        case blocks.Text(text, lead, _muted):
            paragraph = document.add_paragraph()
            if lead:
                paragraph.add_run(lead).bold = True
            paragraph.add_run(text)
        case blocks.Bullets(items, numbered):
            style = "List Number" if numbered else "List Bullet"
            for item in items:
                document.add_paragraph(item, style=style)
        case blocks.Table():
            _table(document, block)
        case blocks.Chart(draw, alt_text, name):
            picture = document.add_picture(
                io.BytesIO(charts.to_png(draw())), width=Mm(TEXT_WIDTH_MM)
            )
            set_alt_text(picture, name, alt_text)
        case blocks.Contents(entries):
            document.add_paragraph().add_run("Contents").bold = True
            for entry in entries:
                document.add_paragraph(entry, style="List Number")
        case blocks.NewPage():
            document.add_page_break()  # type: ignore[no-untyped-call]
        case blocks.KeepRoom() | blocks.Running():
            pass  # Word paginates itself; header rows repeat on their own


def _table(document: Document, table: blocks.Table) -> None:
    if table.caption:
        document.add_paragraph(table.caption)
    columns = len(table.widths)
    grid = document.add_table(rows=0, cols=columns)
    grid.style = "Table Grid"
    if table.header:
        row = grid.add_row()
        repeat_as_header(row)
        for cell, text in zip(row.cells, table.header, strict=True):
            run = cell.paragraphs[0].add_run(text)
            run.bold, run.font.size = True, CELL_SIZE
    for values in table.rows:
        row = grid.add_row()
        for cell, value in zip(row.cells, values, strict=False):
            run = cell.paragraphs[0].add_run(value.text)
            run.bold, run.font.size = value.bold or None, CELL_SIZE
            if value.mark in MARK_FILL:
                shade(cell, MARK_FILL[value.mark].hexval()[2:].upper())
    set_column_widths(grid, [Mm(TEXT_WIDTH_MM * share) for share in table.widths])
    document.add_paragraph()


def _logo(document: Document, logo: bytes, trust: str) -> None:
    try:
        picture = document.add_picture(io.BytesIO(logo), height=Mm(20))
    except Exception:  # an unreadable logo must not stop the paper
        return
    set_alt_text(picture, "Logo", f"Logo of {trust}")
