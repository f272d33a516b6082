"""Blocks to ReportLab flowables: the PDF writer of both the board paper and the annex."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from cst_inclusion_desktop.reports import blocks
from cst_inclusion_desktop.reports.document import HeadingPage, RunningHead
from cst_inclusion_desktop.reports.fonts import REGULAR
from cst_inclusion_desktop.reports.styles import (
    BODY,
    BULLET,
    CELL,
    CELL_BOLD,
    FULL_WIDTH,
    HEADING1,
    HEADING2,
    HEADING3,
    LEAD,
    MARK_FILL,
    MUTED_TEXT,
    RULE,
    SMALL,
    SMALL_BOLD,
    SUBTITLE,
    TITLE,
    para,
    table_chunks,
)

_HEADINGS = {1: HEADING1, 2: HEADING2, 3: HEADING3}


def flowables(story: Iterable[blocks.Block]) -> list[Flowable]:
    """The flowables for ``story``."""
    out: list[Flowable] = []
    for block in story:
        out += _flowables(block)
    return out


def _flowables(block: blocks.Block) -> list[Flowable]:
    match block:
        case blocks.Heading(text, level):
            return [para(text, _HEADINGS.get(level, HEADING3))]
        case blocks.Text(text, lead, muted):
            style = MUTED_TEXT if muted else BODY
            if lead:
                return [Paragraph(f"<b>{escape(lead)}</b>{_escaped(text)}", style)]
            return [para(text, style)]
        case blocks.Bullets(items, numbered):
            return [
                Paragraph(_escaped(item), BULLET, bulletText=f"{n}." if numbered else "•")
                for n, item in enumerate(items, start=1)
            ]
        case blocks.Table():
            return _table(block)
        case blocks.Chart(draw):
            return [Spacer(1, 2 * mm), draw(), Spacer(1, 3 * mm)]
        case blocks.Title(above, text, below, logo):
            return _title(above, text, below, logo)
        case blocks.Contents(entries):
            return _contents(entries)
        case blocks.NewPage():
            return [PageBreak()]
        case blocks.KeepRoom(millimetres):
            return [CondPageBreak(millimetres * mm)]
        case blocks.Running(text):
            return [RunningHead(text)]
    raise TypeError(f"not a report block: {block!r}")


def _escaped(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _table(table: blocks.Table) -> list[Flowable]:
    widths = [share * FULL_WIDTH for share in table.widths]
    regular, bold = (SMALL, SMALL_BOLD) if table.small else (CELL, CELL_BOLD)
    fills = [
        (column, index, MARK_FILL[cell.mark])
        for index, row in enumerate(table.rows)
        for column, cell in enumerate(row)
        if cell.mark in MARK_FILL
    ]
    out: list[Flowable] = []
    if table.caption:
        out.append(para(table.caption, MUTED_TEXT))
    if table.header:
        # Plain text goes on as strings: table_chunks draws them so when they fit their cell.
        rows: list[list[object]] = [
            [para(cell.text, bold) if cell.bold else cell.text for cell in row]
            for row in table.rows
        ]
        out += table_chunks(table.header, rows, widths, fills, small=table.small)
    else:
        facts = [[para(c.text, bold if c.bold else regular) for c in row] for row in table.rows]
        out.append(_facts(facts, widths))
    out.append(Spacer(1, 3 * mm))
    return out


def _facts(rows: Sequence[list[Paragraph]], widths: list[float]) -> PdfTable:
    """A label and value table with no header row (the cover sheet)."""
    facts = PdfTable(rows, colWidths=widths)
    facts.hAlign = "LEFT"
    facts.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return facts


def _title(above: str, text: str, below: str, logo: bytes | None) -> list[Flowable]:
    out: list[Flowable] = []
    image = _logo(logo)
    out += [image, Spacer(1, 4 * mm)] if image is not None else [Spacer(1, 8 * mm)]
    out += [para(above, SUBTITLE), para(text, TITLE)]
    if below:
        out.append(para(below, LEAD))
    out.append(Spacer(1, 3 * mm))
    return out


def _logo(logo: bytes | None) -> Image | None:
    """The trust's logo fitted into 50 × 22 mm; a logo that cannot be read is left out."""
    if not logo:
        return None
    try:
        width, height = ImageReader(io.BytesIO(logo)).getSize()
    except Exception:  # an unreadable image must not stop the board paper
        return None
    scale = min(50 * mm / width, 22 * mm / height)
    image = Image(io.BytesIO(logo), width * scale, height * scale)
    image.hAlign = "LEFT"
    return image


def _contents(entries: tuple[str, ...]) -> list[Flowable]:
    rows = [
        [para(f"{number}. {entry}", CELL), HeadingPage(entry)]
        for number, entry in enumerate(entries, start=1)
    ]
    table = PdfTable(rows, colWidths=[FULL_WIDTH - 20 * mm, 20 * mm])
    table.hAlign = "LEFT"
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ]
        )
    )
    return [Spacer(1, 4 * mm), para("Contents", HEADING3), table]
