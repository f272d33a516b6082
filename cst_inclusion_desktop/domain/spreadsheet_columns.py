"""The action spreadsheet's columns (DESIGN.md §4): names, synonyms, and formula neutralising.

Headers are matched case-insensitively, in any order, ignoring spaces, underscores, hyphens and
a trailing full stop or colon, so "School URN", "school_urn" and "URN" all find the URN column.

Exported text that a spreadsheet would run as a formula gets a leading apostrophe; the importer
removes exactly that apostrophe, so an export followed by an import changes nothing. Spreadsheet
programs skip leading spaces, no-break spaces, zero-width characters and line breaks before they
look for a formula, and read full-width and small forms of the signs too, so the test is made on
the first character after all of those (see ``is_formula_like``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

FORMULA_SIGNS = frozenset("=+-@")
# Characters a spreadsheet runs as formulas even when only spaces come before them.
CONTROL_STARTS = frozenset("\t\r")
# U+2212 MINUS SIGN is not folded to "-" by NFKC but is read as one by spreadsheet programs.
EXTRA_SIGNS = frozenset("\u2212")
# Unicode categories a spreadsheet may skip before a formula: controls, format characters
# (zero-width space and joiners, byte-order mark, bidi marks) and every kind of space.
SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
APOSTROPHE = "'"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its key (an ActionDraft field or ``urn``/``id``), export header, synonyms."""

    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    is_date: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("urn", "School URN", ("urn", "school urn", "urn of school", "school urn number"), True),
    Column("principle", "Principle", ("principle number", "principle no", "principle #"), True),
    Column("title", "Title", ("action", "action title"), True),
    Column("description", "Description", ("details", "action description")),
    Column("owner", "Owner", ("lead", "action owner", "responsible", "owned by")),
    Column("status", "Status", ("action status",)),
    Column("rag", "RAG", ("rag rating", "rag status", "rating")),
    Column("start_date", "Start date", ("start", "started", "date started"), is_date=True),
    Column("due_date", "Due date", ("due", "deadline", "target date", "due by"), is_date=True),
    Column(
        "completed_date",
        "Completed date",
        ("completed", "date completed", "completion date", "completed on"),
        is_date=True,
    ),
    Column("area_of_need", "Area of need", ("area", "send area", "area of send need")),
    # Codes or titles separated by semicolons (domain/criteria.py).
    Column(
        "criteria",
        "Inspection criteria",
        ("criteria", "inspection criterion", "criterion", "ofsted criteria"),
    ),
    Column("id", "ID", ("action id", "uuid")),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
TEXT_KEYS = ("title", "description", "owner")


def normalise_header(text: str) -> str:
    cleaned = str(text).strip().lower().rstrip(".:").replace("_", " ").replace("-", " ")
    return " ".join(cleaned.split())


_LOOKUP = {
    normalise_header(name): column
    for column in COLUMNS
    for name in (column.key, column.header, *column.synonyms)
}


def column_for(header: str) -> Column | None:
    """The column a header names, or None for a column the importer does not know."""
    return _LOOKUP.get(normalise_header(header))


def accepted_names(column: Column) -> str:
    return ", ".join(dict.fromkeys([column.header, *column.synonyms]))


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """Where each known column is (0-based positions) and what the header row got wrong."""

    positions: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # key -> the header as written
    unknown: tuple[tuple[int, str], ...] = ()
    duplicates: tuple[tuple[int, str], ...] = ()
    missing: tuple[Column, ...] = ()


def match_headers(cells: list[str]) -> HeaderMatch:
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    duplicates: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        text = str(cell or "").strip()
        if not text:
            continue
        column = column_for(text)
        if column is None:
            unknown.append((index, text))
        elif column.key in positions:
            duplicates.append((index, text))
        else:
            positions[column.key] = index
            headers[column.key] = text
    missing = tuple(c for c in COLUMNS if c.required and c.key not in positions)
    return HeaderMatch(positions, headers, tuple(unknown), tuple(duplicates), missing)


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based position: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _skipped(character: str) -> bool:
    return character.isspace() or unicodedata.category(character) in SKIPPED_CATEGORIES


def _is_sign(character: str) -> bool:
    return character in EXTRA_SIGNS or unicodedata.normalize("NFKC", character) in FORMULA_SIGNS


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula: after any spaces, line breaks
    and invisible characters it begins with = + - @ (in any width), or a tab or carriage
    return comes before the first visible character."""
    for character in text:
        if character in CONTROL_STARTS:
            return True
        if not _skipped(character):
            return _is_sign(character)
    return False


def _looks_neutralised(text: str) -> bool:
    return text.startswith(APOSTROPHE) and is_formula_like(text.lstrip(APOSTROPHE))


def neutralise(text: str) -> str:
    """What to write in a text cell so a spreadsheet shows it as text, never runs it."""
    if is_formula_like(text) or _looks_neutralised(text):
        return APOSTROPHE + text
    return text


def restore(text: str) -> str:
    """Undo ``neutralise``: remove the one apostrophe it added, and nothing else."""
    return text[1:] if _looks_neutralised(text) else text
