"""Charts built from plain shapes (rectangles, lines, strings), so one drawing serves the PDF as
vector art and the DOCX as a PNG (``to_png``, drawn with Pillow: ReportLab's own bitmap
renderer needs a cairo plug-in we do not ship).

Readable without colour: every bar carries its value, each series has its own grey level and a
dark outline, and the legend names the series in the order the bars stand.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from cst_inclusion_desktop import paths
from cst_inclusion_desktop.reports.fonts import BOLD, REGULAR, register_fonts
from cst_inclusion_desktop.reports.styles import INK, MUTED, RULE, SERIES_FILLS

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

WIDTH = 510
HEIGHT = 215
LABEL_SIZE = 8
TITLE_SIZE = 10


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[int, ...]
    fill: int = 0
    """Index into SERIES_FILLS: each series on a page gets its own grey level."""


def grouped_bars(title: str, categories: Sequence[str], series: Sequence[Series]) -> Drawing:
    """One group of bars per category (a term), one bar per series, each labelled with its
    value; the series are told apart by grey level, outline order and the legend."""
    register_fonts()
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(String(0, HEIGHT - TITLE_SIZE, title, fontName=BOLD, fontSize=TITLE_SIZE))
    legend_y = HEIGHT - TITLE_SIZE - 16
    x = 0.0
    for item in series:
        drawing.add(_bar_rect(x, legend_y, 10, 8, item.fill))
        drawing.add(String(x + 14, legend_y, item.name, fontName=REGULAR, fontSize=LABEL_SIZE))
        x += 14 + _text_width(item.name) + 18
    bottom, top = 30.0, legend_y - 16
    left, right = 4.0, WIDTH - 4.0
    drawing.add(Line(left, bottom, right, bottom, strokeColor=RULE, strokeWidth=0.8))
    highest = max((value for item in series for value in item.values), default=0) or 1
    group_width = (right - left) / max(len(categories), 1)
    bar_width = min(28.0, (group_width - 12) / max(len(series), 1))
    for group, category in enumerate(categories):
        start = left + group * group_width + (group_width - bar_width * len(series)) / 2
        for index, item in enumerate(series):
            value = item.values[group] if group < len(item.values) else 0
            height = (top - bottom) * value / highest
            bar_x = start + index * bar_width
            drawing.add(_bar_rect(bar_x, bottom, bar_width - 2, height, item.fill))
            drawing.add(
                String(
                    bar_x + (bar_width - 2) / 2,
                    bottom + height + 2,
                    f"{value:,}",
                    fontName=REGULAR,
                    fontSize=LABEL_SIZE - 0.5,
                    textAnchor="middle",
                )
            )
        centre = left + group * group_width + group_width / 2
        for line, text in enumerate(simpleSplit(category, REGULAR, LABEL_SIZE, group_width - 4)):
            drawing.add(
                String(
                    centre,
                    bottom - 11 - line * (LABEL_SIZE + 1),
                    text,
                    fontName=REGULAR,
                    fontSize=LABEL_SIZE,
                    fillColor=MUTED,
                    textAnchor="middle",
                )
            )
    return drawing


def _bar_rect(x: float, y: float, width: float, height: float, fill: int) -> Rect:
    rect = Rect(x, y, width, height)
    rect.fillColor = SERIES_FILLS[fill % len(SERIES_FILLS)]
    rect.strokeColor, rect.strokeWidth = INK, 0.6
    return rect


def _text_width(text: str) -> float:
    return float(stringWidth(text, REGULAR, LABEL_SIZE))


def to_png(drawing: Drawing, scale: float = 3.0) -> bytes:
    """The drawing as a PNG (white background), for documents that cannot take vector art.

    Handles exactly the shapes this module draws: Rect, Line and String. Pillow's drawing is
    imported here, on use: only the DOCX needs it.
    """
    from PIL import Image, ImageDraw

    size = (round(drawing.width * scale), round(drawing.height * scale))
    image = Image.new("RGB", size, "white")
    pen = ImageDraw.Draw(image)

    def point(x: float, y: float) -> tuple[float, float]:
        return x * scale, (drawing.height - y) * scale

    for shape in drawing.contents:
        if isinstance(shape, Rect):
            if shape.height <= 0:
                continue
            (x0, y1), (x1, y0) = (
                point(shape.x, shape.y),
                point(shape.x + shape.width, shape.y + shape.height),
            )
            pen.rectangle(
                (x0, y0, x1, y1),
                fill=_rgb(shape.fillColor),
                outline=_rgb(shape.strokeColor),
                width=max(1, round(shape.strokeWidth * scale)),
            )
        elif isinstance(shape, Line):
            pen.line(
                (*point(shape.x1, shape.y1), *point(shape.x2, shape.y2)),
                fill=_rgb(shape.strokeColor),
                width=max(1, round(shape.strokeWidth * scale)),
            )
        elif isinstance(shape, String):
            font = _font(shape.fontName, shape.fontSize * scale)
            x, y = point(shape.x, shape.y)
            anchor = {"middle": "ms", "end": "rs"}.get(shape.textAnchor, "ls")
            pen.text((x, y), shape.text, fill=_rgb(shape.fillColor), font=font, anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _rgb(colour: colors.Color | None) -> tuple[int, int, int]:
    if colour is None:
        return (0, 0, 0)
    return (round(colour.red * 255), round(colour.green * 255), round(colour.blue * 255))


_FONT_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_FONTS: dict[tuple[str, float], FreeTypeFont] = {}


def _font(name: str, size: float) -> FreeTypeFont:
    from PIL import ImageFont

    key = (name, size)
    if key not in _FONTS:
        path = paths.resource("fonts", _FONT_FILES.get(name, _FONT_FILES[REGULAR]))
        _FONTS[key] = ImageFont.truetype(str(path), size)
    return _FONTS[key]
