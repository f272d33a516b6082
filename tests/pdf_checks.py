"""Checks on written PDFs shared by the layout tests: bookmarks, fonts, page text, grey levels."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2


def flat(text: str) -> str:
    """Text with every run of white space as one space (long titles wrap)."""
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [flat(page.extract_text()) for page in pypdf.PdfReader(path).pages]


def bookmarks(path: Path) -> list[tuple[str, int, int]]:
    """(title, depth, 0-based page index) for every outline entry, in order."""
    reader = pypdf.PdfReader(path)
    found: list[tuple[str, int, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((str(item.title), depth, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def section_page(path: Path, heading: str) -> int:
    """The 0-based page the bookmark named ``heading`` opens."""
    return next(page for title, _, page in bookmarks(path) if title == heading)


def section_text(path: Path, texts: list[str], heading: str) -> str:
    """The text of the pages from ``heading``'s bookmark to the next top-level one."""
    starts = [(title, page) for title, depth, page in bookmarks(path) if depth == 0]
    index = [title for title, _ in starts].index(heading)
    end = starts[index + 1][1] if index + 1 < len(starts) else len(texts) - 1
    return " ".join(texts[starts[index][1] : end + 1])


def assert_bookmarks_open_their_headings(path: Path) -> list[tuple[str, int, int]]:
    """Every bookmark's page holds its heading's text, and they are not all on one page."""
    texts = page_texts(path)
    marks = bookmarks(path)
    assert marks, "no bookmarks"
    for title, _depth, page in marks:
        assert flat(title) in texts[page], (title, page + 1)
    if len(texts) > 1:
        assert len({page for _, _, page in marks}) > 1
    return marks


def font_names(path: Path) -> set[str]:
    """Base font names of every font on every page; each must be an embedded TrueType."""
    names: set[str] = set()
    for page in pypdf.PdfReader(path).pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font
    return names


def assert_only_embedded_dejavu(path: Path) -> None:
    names = font_names(path)
    assert names, "no fonts found"
    assert all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in names), names


def grey_page(path: Path, index: int, scale: float = 1.5) -> Any:
    """Page ``index`` rendered and converted to 8-bit grey (a PIL image), as a greyscale
    printer would see it."""
    document = pypdfium2.PdfDocument(path)
    try:
        return document[index].render(scale=scale).to_pil().convert("L")
    finally:
        document.close()
