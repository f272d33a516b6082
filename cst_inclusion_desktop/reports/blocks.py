"""A report as a list of plain blocks. The wording is written once, as blocks, and two writers
draw them (ReportLab for the PDF, python-docx for the DOCX), so both carry the same figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing

from cst_inclusion_desktop.domain.definitions import Mark


@dataclass(frozen=True, slots=True)
class Title:
    """The cover's title with the lines above (trust) and below (item) it."""

    above: str
    text: str
    below: str
    logo: bytes | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; level 1 and 2 become bookmarks (PDF) and heading styles (DOCX)."""

    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    lead: str = ""
    """Printed bold before the text ("Recommendation: ")."""
    muted: bool = False


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text, and the mark whose fill it carries (its letter is in the text)."""

    text: str
    mark: Mark | None = None
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose header row repeats on every page it runs onto.

    ``widths`` are shares of the text width (they add up to 1). ``header`` empty: a two-column
    facts table (label, value) with no header row.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    caption: str = ""
    small: bool = False
    """Denser type for the annex's long lists."""


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart, drawn on demand (vector in the PDF, PNG in the DOCX), with its alt text."""

    draw: Callable[[], Drawing]
    alt_text: str
    name: str


@dataclass(frozen=True, slots=True)
class Contents:
    """The contents list: the level-1 headings that follow, with their pages in the PDF."""

    entries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewPage:
    pass


@dataclass(frozen=True, slots=True)
class KeepRoom:
    """Start a new page unless ``millimetres`` are left (keeps a heading with its table)."""

    millimetres: float


@dataclass(frozen=True, slots=True)
class Running:
    """From here on, continuation pages repeat ``text`` at the top (a school's name)."""

    text: str


Block = Title | Heading | Text | Bullets | Table | Chart | Contents | NewPage | KeepRoom | Running


def cells(*texts: str) -> tuple[Cell, ...]:
    """A row of plain cells."""
    return tuple(Cell(text) for text in texts)
