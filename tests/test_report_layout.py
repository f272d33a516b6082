"""The board paper's PDF, from hand-built data (no database): order, bookmarks, contents, cover,
wording, wrapping, page bounds, fonts and sizes, greyscale-safe charts and marks."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from reportlab.lib import colors

from cst_inclusion_desktop import __version__
from cst_inclusion_desktop.domain.board_paper import Shortened
from cst_inclusion_desktop.domain.definitions import Mark
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.reports.outputs import write_board_paper
from cst_inclusion_desktop.reports.paper import CONTENTS
from cst_inclusion_desktop.reports.paper_tables import matrix_cell
from cst_inclusion_desktop.reports.styles import INK, MARK_FILL, SERIES_FILLS
from tests.paper_samples import LONG_NAME, LONG_NOTE, TRUST, cell, sample_paper
from tests.pdf_checks import (
    assert_bookmarks_open_their_headings,
    assert_only_embedded_dejavu,
    bookmarks,
    grey_page,
    page_texts,
    section_page,
    section_text,
)


@pytest.fixture(scope="module")
def paper_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("paper") / "board.pdf"
    result = write_board_paper(sample_paper(3), out)
    assert result.path == out and result.pages == len(pypdf.PdfReader(out).pages)
    return out, page_texts(out)


@pytest.fixture(scope="module")
def one_school(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("one") / "school.pdf"
    paper = sample_paper(1, escalations=1)
    write_board_paper(replace(paper, escalations_shown=Shortened(1, 1)), out)
    return out, page_texts(out)


def test_sections_come_in_order_and_every_bookmark_opens_its_heading(paper_pdf: tuple) -> None:
    out, pages = paper_pdf
    text = " ".join(pages)
    positions = [text.find(heading, text.find("Contents") + 200) for heading in CONTENTS]
    assert all(position >= 0 for position in positions), dict(zip(CONTENTS, positions, strict=True))
    assert positions == sorted(positions)
    marks = assert_bookmarks_open_their_headings(out)
    assert [title for title, depth, _ in marks if depth == 0] == list(CONTENTS)
    assert {"Key messages", "Headline figures", "Questions for the board"} <= {
        title for title, depth, _ in marks if depth == 1
    }


def test_contents_list_gives_each_section_its_page(paper_pdf: tuple) -> None:
    out, pages = paper_pdf
    first_pages = {title: page + 1 for title, depth, page in bookmarks(out) if depth == 0}
    for number, heading in enumerate(CONTENTS, start=1):
        assert f"{number}. {heading} {first_pages[heading]}" in pages[0], heading


def test_cover_sheet_says_why_the_paper_is_there(paper_pdf: tuple) -> None:
    _, pages = paper_pdf
    cover = pages[0]
    for expected in [
        TRUST,
        "Board paper: inclusion",
        "Meeting 14 Jan 2027",
        "Item Item 7: inclusion and SEND",
        "Purpose For discussion",
        "Recommendation The board is asked to discuss the three questions below.",
        "Author Siân Ørsted, Trust inclusion lead",
        "Lead trustee Dafydd ap Gŵyn",
        "Period covered Autumn term 2026 (1 Sep 2026 – 31 Dec 2026)",
        "Compared with Summer term 2026 (1 Apr 2026 – 31 Aug 2026)",
        "Framework Five principles – Inclusion in Practice, version 3",
        "Generated 31 Dec 2026 at 09:30 UTC by Siân Ørsted",
    ]:
        assert expected in cover, expected


def test_summary_figures_escalations_and_questions(paper_pdf: tuple) -> None:
    _, pages = paper_pdf
    paper = sample_paper(3)
    summary = " ".join(pages[1:3])
    for message in paper.key_messages:
        assert message in summary
    assert "A second paragraph of commentary." in summary
    for figure in paper.headline.figures:
        assert f"{figure.label} {figure.current:,}" in summary
    assert "Showing 5 of 12 escalated actions, most overdue first" in summary
    assert "1 day overdue" in summary and "11 days overdue" in summary
    assert LONG_NOTE.strip() in summary  # the latest review note in full
    assert "1. What is blocking the overdue screening at Ysgol Bryn Ŵyn?" in summary
    assert "Executive summary" not in " ".join(pages[3:])  # at most two pages


def test_wording_has_no_hedges_nested_brackets_accounts_or_hashes(paper_pdf: tuple) -> None:
    _, pages = paper_pdf
    text = " ".join(pages)
    for banned in ["(s)", "see the app", " by root", "bytes", "SHA-256"]:
        assert banned not in text, banned
    assert not re.search(r"(?<![\d,])1 (actions|days|schools)\b", text)
    assert not re.search(r"\([^()]*\(", text), "nested brackets"
    assert not re.search(r"\b[0-9a-f]{12,}\b", text), "a hash in the main body"


def test_names_wrap_at_spaces_and_no_word_or_urn_is_cut(paper_pdf: tuple) -> None:
    _, pages = paper_pdf
    text = " ".join(pages)
    assert text.count(LONG_NAME) >= 3  # matrix, schools at a glance, concerns: whole each time
    words = set(text.split())
    for word in ["Overdue", "Evidence", "reviewed", "Cardinal", "Voluntary", *LONG_NAME.split()]:
        assert word in words, word
    for urn in ("100001", "100002", "100003"):
        assert text.count(urn) >= 3, urn


def test_matrix_cells_carry_letter_counts_arrow_and_never_hide_a_red(paper_pdf: tuple) -> None:
    one_red = cell(1, 1)  # one red among thirty greens
    assert one_red.counts.green == 30 and matrix_cell(one_red).mark is Mark.RED
    assert matrix_cell(one_red).text.startswith("R 1/2")
    _, pages = paper_pdf
    matrix = pages[section_page(paper_pdf[0], "Matrix: schools against principles")]
    assert "– 0/0 ↓" in matrix  # nothing open, one red before: the arrow still shows
    row = sample_paper(3).matrix.rows[0]
    for value in row.cells:
        assert matrix_cell(value).text in matrix
    assert "All schools" in matrix


def test_trends_have_a_text_alternative_and_labelled_values(paper_pdf: tuple) -> None:
    _, pages = paper_pdf
    page = section_text(paper_pdf[0], pages, "Trends over six terms")
    paper = sample_paper(3)
    assert paper.trends.text in page
    for point in paper.trends.points:
        label = point.term.label
        assert f"{label} {point.red} {point.overdue} {point.completed} {point.reviews}" in page
        assert str(point.reviews) in page


def test_page_x_of_y_and_one_school_footer_keeps_the_whole_period(one_school: tuple) -> None:
    _, pages = one_school
    assert "Showing 1 escalated action." in " ".join(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Autumn term 2026 (1 Sep 2026 – 31 Dec 2026)" in text
        assert TRUST in text


@pytest.mark.parametrize(("schools", "most"), [(1, 6), (60, 12), (100, 16)])
def test_page_count_bounds(tmp_path: Path, schools: int, most: int) -> None:
    paper = sample_paper(schools, escalations=5)
    many = replace(paper.headline.current, open=99_999, red=31_234, overdue=12_345)
    paper = replace(paper, headline=replace(paper.headline, current=many))
    pages = write_board_paper(paper, tmp_path / "paper.pdf").pages
    assert pages <= most


def test_body_text_is_at_least_10_point(paper_pdf: tuple) -> None:
    out, _ = paper_pdf
    paper = sample_paper(3)
    footer = f"{TRUST} · {paper.cover.title} {paper.cover.period.text}"
    small: list[str] = []
    for page in pypdf.PdfReader(out).pages:

        def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
            shown = text.strip()
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            if shown and size * scale < 9.95:
                small.append(shown)

        page.extract_text(visitor_text=visit)
    assert small
    chart_labels = {"Red open actions", "Overdue open actions", "Actions completed"}
    chart_labels |= {"Reviews recorded", *(p.term.label for p in paper.trends.points)}
    chart_labels |= {word for p in paper.trends.points for word in p.term.label.split()}
    odd = [
        text
        for text in small
        if text not in footer
        and not text.startswith("Page ")
        and text not in chart_labels
        and not text.replace(",", "").isdigit()
    ]
    assert not odd


def test_only_embedded_dejavu_fonts(paper_pdf: tuple) -> None:
    assert_only_embedded_dejavu(paper_pdf[0])


def luma(colour: colors.Color) -> float:
    """The grey a colour prints as (ITU-R 601, as PIL's convert("L"))."""
    return 255 * (0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue)


def contrast(first: colors.Color, second: colors.Color) -> float:
    def relative(colour: colors.Color) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(v) for v in (colour.red, colour.green, colour.blue))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((relative(first), relative(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_palette_is_greyscale_and_contrast_safe() -> None:
    white = colors.white
    assert contrast(INK, white) >= 3  # every bar's outline
    assert all(contrast(colour, white) >= 3 for colour in SERIES_FILLS)  # amber too
    assert all(contrast(colors.black, fill) >= 4.5 for fill in MARK_FILL.values())
    fills = sorted(luma(MARK_FILL[mark]) for mark in (Mark.RED, Mark.AMBER, Mark.GREEN))
    assert min(b - a for a, b in itertools.pairwise(fills)) >= 20
    for pair in (SERIES_FILLS[:2], SERIES_FILLS[2:]):  # the two series of each chart
        assert abs(luma(pair[0]) - luma(pair[1])) >= 60


def _pixels_near(image: object, level: float) -> int:
    histogram = image.histogram()  # type: ignore[attr-defined]
    return sum(histogram[max(0, round(level) - 3) : round(level) + 4])


def test_charts_and_matrix_print_as_distinct_greys(paper_pdf: tuple) -> None:
    out, _ = paper_pdf
    trends = section_page(out, "Trends over six terms")
    image = grey_page(out, trends)
    for colour in SERIES_FILLS:
        assert _pixels_near(image, luma(colour)) > 500, colour  # each series its own grey
    matrix = section_page(out, "Matrix: schools against principles")
    image = grey_page(out, matrix)
    for mark in (Mark.RED, Mark.AMBER, Mark.GREEN):
        assert _pixels_near(image, luma(MARK_FILL[mark])) > 300, mark


def test_metadata(paper_pdf: tuple) -> None:
    out, _ = paper_pdf
    reader = pypdf.PdfReader(out)
    meta = reader.metadata
    assert meta.title == f"Board paper: inclusion — {TRUST}"
    assert meta.author == "Siân Ørsted"
    assert "Autumn term 2026" in meta.subject
    assert meta.creator == f"CST Inclusion Desktop {__version__}"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_invariant_output_is_byte_identical(tmp_path: Path) -> None:
    paper = sample_paper(2)
    first = write_board_paper(paper, tmp_path / "a.pdf", invariant=True)
    second = write_board_paper(paper, tmp_path / "b.pdf", invariant=True)
    assert first.path.read_bytes() == second.path.read_bytes()


def test_logo_is_drawn_and_a_broken_logo_is_left_out(tmp_path: Path) -> None:
    from PIL import Image

    logo_path = tmp_path / "logo.png"
    Image.new("RGB", (200, 100), (20, 60, 140)).save(logo_path)
    paper = sample_paper(1)
    good = replace(paper, cover=replace(paper.cover, logo=logo_path.read_bytes()))
    broken = replace(paper, cover=replace(paper.cover, logo=b"not an image"))
    with_logo = write_board_paper(good, tmp_path / "l.pdf")
    assert "/Image" in str(pypdf.PdfReader(with_logo.path).pages[0]["/Resources"])
    assert write_board_paper(broken, tmp_path / "b.pdf").pages >= 1


def test_cancel_and_failure_leave_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    out.write_bytes(b"previous report")
    with pytest.raises(CancelledError):
        write_board_paper(sample_paper(60), out, cancelled=lambda: True)
    with pytest.raises(ValidationError, match=r"\.pdf or \.docx"):
        write_board_paper(sample_paper(1), tmp_path / "board.txt")
    assert out.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.pdf"]


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_board_paper(
        sample_paper(60),
        tmp_path / "r.pdf",
        progress=lambda done, total, _message: seen.append((done, total)),
    )
    assert seen and all(0 < done <= total for done, total in seen)
