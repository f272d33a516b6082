"""The annex's PDF from hand-built data: every section, "N of M" on shortened lists, notes in
full even past a page, continuation pages that say whose they are, bookmarks, page X of Y."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cst_inclusion_desktop.domain.board_paper import Annex
from cst_inclusion_desktop.reports.outputs import write_annex
from tests.paper_samples import LONG_NOTE, TRUST, sample_annex
from tests.pdf_checks import (
    assert_bookmarks_open_their_headings,
    assert_only_embedded_dejavu,
    page_texts,
)

PAGE_LONG_NOTE = "A note that runs past a page. " * 300 + "THE LAST WORDS."


def with_page_long_note(annex: Annex) -> Annex:
    first = annex.sections[0]
    group = first.groups[0]
    actions = list(group.actions)
    actions[3] = replace(actions[3], latest_review_note=PAGE_LONG_NOTE)
    groups = (replace(group, actions=tuple(actions)), *first.groups[1:])
    return replace(annex, sections=(replace(first, groups=groups), *annex.sections[1:]))


@pytest.fixture(scope="module")
def annex_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("annex") / "annex.pdf"
    write_annex(with_page_long_note(sample_annex(3, 40)), out)
    return out, page_texts(out)


def test_sections_and_bookmarks(annex_pdf: tuple) -> None:
    out, _ = annex_pdf
    marks = assert_bookmarks_open_their_headings(out)
    top = [title for title, depth, _ in marks if depth == 0]
    assert top == [
        *(f"Principle {n}: {title}" for n, title in _principles()),
        "Exceptions",
        "School pages",
        "Evidence index",
        "Integrity statement",
    ]
    assert "Ysgol Bryn Ŵyn, URN 100001" in [title for title, depth, _ in marks if depth == 1]


def _principles() -> list[tuple[int, str]]:
    return [(s.principle.number, s.principle.title) for s in sample_annex(1, 1).sections]


def test_every_shortened_list_says_n_of_m(annex_pdf: tuple) -> None:
    _, pages = annex_pdf
    text = " ".join(pages)
    assert "Ysgol Bryn Ŵyn, URN 100001: 40 of 113 actions" in text
    assert "Overdue actions: 30 of 310" in text
    assert "Red actions: all 20" in text
    assert "Red or overdue actions: 8 of 85" in text
    assert "320 evidence items dated in the period, 40 of 320 listed" in text
    for banned in ["(s)", "see the app", "… and"]:
        assert banned not in text, banned


def test_notes_are_complete_even_when_longer_than_a_page(annex_pdf: tuple) -> None:
    _, pages = annex_pdf
    text = " ".join(pages)
    assert text.count("THE LAST WORDS.") == 1
    assert text.split().count("runs") == 300  # no line lost where the row splits
    assert LONG_NOTE.split(";")[0] in text and "THE END OF THE NOTE." in text


def test_continuation_pages_repeat_whose_they_are(annex_pdf: tuple) -> None:
    _, pages = annex_pdf
    continued = [page for page in pages if "(continued)" in page]
    assert continued
    heading = "Principle 1: Knowing children well, early and often · Ysgol Bryn Ŵyn (continued)"
    assert any(heading in page for page in continued)
    assert any("Overdue actions (continued)" in page for page in continued)
    assert any("Ørsted Academy, URN 100002 (continued)" in page for page in continued)
    # a school's first page is not marked as a continuation
    first = next(page for page in pages if "Ørsted Academy, URN 100002 Phase:" in page)
    assert "(continued)" not in first


def test_no_word_is_broken_across_lines(annex_pdf: tuple) -> None:
    _, pages = annex_pdf
    words = set(" ".join(pages).split())
    for word in ["Completed", "Cancelled", "progress", "Evidence", "Fingerprint", "Owner"]:
        assert word in words, word
    assert not {"Complet", "Cancelle", "Eviden", "Fingerpri"} & words


def test_rag_is_a_word_fingerprints_and_integrity_are_here(annex_pdf: tuple) -> None:
    _, pages = annex_pdf
    text = " ".join(pages)
    assert "Not yet rated" in text and " Red " in text and " Amber " in text
    assert f"{5:064x}"[:12] in text.split()  # evidence fingerprints live in the annex, whole
    assert "FAILED" in text and "1,234 audit events verified" in text
    assert "At generation at least one check FAILED." in text


def test_page_x_of_y_fonts_and_footer(annex_pdf: tuple) -> None:
    out, pages = annex_pdf
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert TRUST in text and "Annex to the board paper" in text
        assert "Autumn term 2026 (1 Sep 2026 – 31 Dec 2026)" in text
    assert_only_embedded_dejavu(out)
