"""Paragraph styles, colours and the table helpers every section shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paraparser import ParaFrag

from cst_inclusion_desktop.domain.definitions import Mark
from cst_inclusion_desktop.reports.fonts import BOLD, REGULAR

TABLE_CHUNK = 200
"""Rows per Table: one huge Table lays out super-linearly (DESIGN.md §7)."""

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4e7eb")
ACCENT = colors.HexColor("#1d4e89")
# Cell fills by mark: black text stays readable on each, and each prints as its own grey
# (about 150, 195, 225 and 240 of 255) so a greyscale copy still tells them apart; the cell's
# letter says it again in words.
MARK_FILL = {
    Mark.RED: colors.HexColor("#e57373"),
    Mark.AMBER: colors.HexColor("#ffe08a"),
    Mark.GREEN: colors.HexColor("#a5d6a7"),
    Mark.NOT_RATED: colors.HexColor("#eeeeee"),
}
# Chart fills, one pair per chart: each at least 3:1 against white (amber included), each
# pair far apart in grey (checked by rendering to greyscale), all with a dark outline.
SERIES_FILLS = (
    colors.HexColor("#8e0000"),
    colors.HexColor("#b36b00"),
    colors.HexColor("#0b2f5a"),
    colors.HexColor("#4a90c8"),
)


def _style(name: str, **values: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": REGULAR,
        "bulletFontName": REGULAR,
        "fontSize": 10,
        "leading": 12.5,
        "textColor": INK,
    }
    base.update(values)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


BODY = _style("Body", spaceAfter=4)
SMALL = _style("Small", fontSize=8.5, leading=10.5)
SMALL_BOLD = _style("SmallBold", fontName=BOLD, fontSize=8.5, leading=10.5)
CELL = _style("Cell", fontSize=10, leading=12)
CELL_BOLD = _style("CellBold", fontName=BOLD, fontSize=10, leading=12)
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
HEAD_CELL = CELL_BOLD
BULLET = _style("Bullet", leftIndent=14, bulletIndent=2, spaceAfter=3)
LEAD = _style("Lead", fontSize=11, leading=14.5, spaceAfter=6)


def para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A Paragraph of plain text (escaped: user text is never markup).

    Text with nothing to escape, on one line with single spaces, skips ReportLab's markup
    parser: its one fragment is a copy of the style's holding the text, exactly what the parser
    makes of it. A whole-trust report has ~35,000 cells, and parsing them took about a second.
    """
    shown = text or ""
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


def table_chunks(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    fills: Sequence[tuple[int, int, colors.Color]] = (),
    *,
    small: bool = False,
) -> list[Flowable]:
    """Tables of at most TABLE_CHUNK rows, each repeating the header when it splits.

    ``fills`` are (column, row index in ``rows``, colour) for cells that need a background;
    ``small`` sets the annex's denser type. Text that does not fit its cell on one line becomes
    a Paragraph, so it wraps at spaces instead of running out of its cell; text that fits stays
    a plain string, which ReportLab draws without the Paragraph's repeated line breaking.
    """
    cell_style = SMALL if small else CELL
    head = [para(text, SMALL_BOLD if small else HEAD_CELL) for text in header]
    tables: list[Flowable] = []
    for start in range(0, max(len(rows), 1), TABLE_CHUNK):
        chunk = list(rows[start : start + TABLE_CHUNK])
        if not chunk:
            chunk = [[para("None.", cell_style)] + [""] * (len(header) - 1)]
        body = [
            [_cell(cell, width, cell_style) for cell, width in zip(row, widths, strict=False)]
            for row in chunk
        ]
        # Rows may split inside a cell, so a review note longer than a page is printed whole.
        table = Table([head, *body], colWidths=list(widths), repeatRows=1, splitInRow=1)
        table.hAlign = "LEFT"
        commands: list[Any] = [
            # Tables set their cells' font even for Paragraphs: without this, Helvetica.
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("FONTSIZE", (0, 1), (-1, -1), cell_style.fontSize),
            ("LEADING", (0, 1), (-1, -1), cell_style.leading),
            ("TEXTCOLOR", (0, 1), (-1, -1), cell_style.textColor),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        for column, row, colour in fills:
            if start <= row < start + TABLE_CHUNK:
                cell = (column, row - start + 1)
                commands.append(("BACKGROUND", cell, cell, colour))
        table.setStyle(TableStyle(commands))
        tables.append(table)
    return tables


FULL_WIDTH = 180 * mm
CELL_PADDING = 3


def _cell(value: object, width: float, style: ParagraphStyle) -> object:
    """A plain string when the text fits on one line of its cell, else a wrapping Paragraph."""
    if isinstance(value, Flowable):
        return value
    text = str(value)
    room = width - 2 * CELL_PADDING - 0.5
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= room:
        return text
    return para(text, style)
