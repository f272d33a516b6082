"""Paragraph styles, colours and the table helpers every section shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paraparser import ParaFrag

from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.reports.fonts import BOLD, REGULAR

TABLE_CHUNK = 200
"""Rows per Table: one huge Table lays out super-linearly (DESIGN.md §7)."""

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4e7eb")
ACCENT = colors.HexColor("#1d4e89")
# Fills light enough that black text stays readable, even printed in grey.
RAG_FILL = {
    Rag.RED: colors.HexColor("#f4b6b6"),
    Rag.AMBER: colors.HexColor("#fbd99b"),
    Rag.GREEN: colors.HexColor("#b9e4c0"),
}
# Strong colours for chart bars and lines.
RAG_STRONG = {
    Rag.RED: colors.HexColor("#c62828"),
    Rag.AMBER: colors.HexColor("#ef9a00"),
    Rag.GREEN: colors.HexColor("#2e7d32"),
}


def _style(name: str, **values: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": REGULAR,
        "bulletFontName": REGULAR,
        "fontSize": 9,
        "leading": 11.5,
        "textColor": INK,
    }
    base.update(values)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


BODY = _style("Body", spaceAfter=4)
SMALL = _style("Small", fontSize=7.5, leading=9.5)
SMALL_BOLD = _style("SmallBold", fontName=BOLD, fontSize=7.5, leading=9.5)
MUTED_TEXT = _style("Muted", textColor=MUTED)
TITLE = _style("Title", fontName=BOLD, fontSize=24, leading=29, textColor=ACCENT, spaceAfter=10)
SUBTITLE = _style("Subtitle", fontSize=13, leading=17, spaceAfter=6)
HEADING1 = _style(
    "Heading1",
    fontName=BOLD,
    fontSize=16,
    leading=20,
    textColor=ACCENT,
    spaceBefore=4,
    spaceAfter=8,
)
HEADING2 = _style("Heading2", fontName=BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4)
HEADING3 = _style("Heading3", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=3)
CELL = SMALL
HEAD_CELL = SMALL_BOLD


def clip(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters: long free text must not swamp a table."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def para(text: str, style: ParagraphStyle = BODY, limit: int | None = None) -> Paragraph:
    """A Paragraph of plain text (escaped: user text is never markup).

    Text with nothing to escape, on one line with single spaces, skips ReportLab's markup
    parser: its one fragment is a copy of the style's holding the text, exactly what the parser
    makes of it. A whole-trust report has ~35,000 cells, and parsing them took about a second.
    """
    shown = clip(text, limit) if limit else (text or "")
    escaped = escape(shown)
    if shown and escaped == shown and shown == " ".join(shown.split()):
        return Paragraph(escaped, style, frags=[_fragment(style).clone(text=shown)])
    return Paragraph(escaped.replace("\n", "<br/>"), style)


_FRAGMENTS: dict[ParagraphStyle, ParaFrag] = {}


def _fragment(style: ParagraphStyle) -> ParaFrag:
    """The fragment the parser makes for plain text in ``style`` (parsed once per style)."""
    fragment = _FRAGMENTS.get(style)
    if fragment is None:
        fragment = _FRAGMENTS[style] = Paragraph("x", style).frags[0]
    return fragment


def markup(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A Paragraph of trusted markup built by this package (bold, line breaks)."""
    return Paragraph(text, style)


def table_chunks(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    fills: Sequence[tuple[int, int, colors.Color]] = (),
) -> list[Flowable]:
    """Tables of at most TABLE_CHUNK rows, each repeating the header when it splits.

    ``fills`` are (column, row index in ``rows``, colour) for cells that need a background.
    """
    head = [para(text, HEAD_CELL) for text in header]
    tables: list[Flowable] = []
    for start in range(0, max(len(rows), 1), TABLE_CHUNK):
        chunk = list(rows[start : start + TABLE_CHUNK])
        if not chunk:
            chunk = [[para("None.", CELL)] + [""] * (len(header) - 1)]
        body = [
            [cell if isinstance(cell, Flowable) else para(str(cell), CELL) for cell in row]
            for row in chunk
        ]
        table = Table([head, *body], colWidths=list(widths), repeatRows=1)
        table.hAlign = "LEFT"
        commands: list[tuple[Any, ...]] = [
            # Tables set their cells' font even for Paragraphs: without this, Helvetica.
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        for column, row, colour in fills:
            if start <= row < start + TABLE_CHUNK:
                cell = (column, row - start + 1)
                commands.append(("BACKGROUND", cell, cell, colour))
        table.setStyle(TableStyle(commands))
        tables.append(table)
    return tables


FULL_WIDTH = 180 * mm
