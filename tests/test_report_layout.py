"""The board report's layout, from hand-built data (no database): text, pages, fonts, metadata."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from cst_inclusion_desktop import __version__
from cst_inclusion_desktop.domain.enums import EvidenceKind, Rag, Status
from cst_inclusion_desktop.domain.errors import CancelledError
from cst_inclusion_desktop.domain.records import CheckItem, MatrixCell, PrincipleRecord
from cst_inclusion_desktop.domain.report_model import (
    ActionLine,
    ActionList,
    BoardReportData,
    Comparison,
    EvidenceIndex,
    EvidenceLine,
    Exceptions,
    Gap,
    Period,
    PrincipleSection,
    ProgressPoint,
    SchoolAppendix,
    SchoolGroup,
    SchoolRef,
    Summary,
)
from cst_inclusion_desktop.reports.board import write_board_report
from tests.pdf_checks import assert_bookmarks_open_their_headings

TRUST = "Ymddiriedolaeth Dysgu Ŵy – “Zoë’s” Trust"
SCHOOLS = (
    SchoolRef("s1", "100001", "Ysgol Bryn Ŵyn", "Secondary", "Siân Jones"),
    SchoolRef("s2", "100002", "Ørsted Academy", "Primary", "Zoë Ørsted"),
    SchoolRef("s3", "100003", "Tŷ Coch Primary School", "Primary", "Dafydd ap Gŵyn"),
)
PRINCIPLES = tuple(
    PrincipleRecord(f"p{n}", n, title, f"What principle {n} asks of a school – in “plain” words.")
    for n, title in enumerate(
        [
            "Knowing children well, early and often",
            "High quality and evidence-informed teaching practice",
            "Coherent and expert targeted support",
        ],
        start=1,
    )
)
LONG_DESCRIPTION = "A very long review note. " * 200  # 5,000 characters
LONG_SUMMARY = "Long summary sentence. " * 220  # 5,060 characters
PRINCIPLES = (*PRINCIPLES[:2], replace(PRINCIPLES[2], summary=LONG_SUMMARY))
HEADINGS_IN_ORDER = [
    "Executive summary",
    "Principle × school matrix",
    "Charts",
    *(f"Principle {p.number}: {p.title}" for p in PRINCIPLES),
    "Exceptions",
    "School appendix",
    "Evidence index",
    "Integrity statement",
]


def _line(index: int, school: SchoolRef, number: int) -> ActionLine:
    rag = list(Rag)[index % 3]
    return ActionLine(
        title=f"Action {index:04d} for “{school.name}” – screening ŵ ŷ",
        owner="Zoë Ørsted (SENCO)",
        status=list(Status)[index % 5],
        rag=rag,
        due_date=date(2026, 9, 1) + timedelta(days=index % 90),
        overdue=index % 4 == 0,
        evidence_count=index % 3,
        latest_review_note=LONG_DESCRIPTION if index == 7 else "On track – see notes.",
        latest_review_date=date(2026, 10, 1),
        school_urn=school.urn,
        school_name=school.name,
        principle_number=number,
    )


def sample_data(actions_per_group: int = 120) -> BoardReportData:
    """Three schools × three principles × 120 actions: 1,080 rows, so tables must split."""
    counter = iter(range(100_000))
    sections = []
    for principle in PRINCIPLES:
        groups = tuple(
            SchoolGroup(
                school,
                tuple(
                    _line(next(counter), school, principle.number) for _ in range(actions_per_group)
                ),
                actions_per_group + 5,
                5,
            )
            for school in SCHOOLS
        )
        sections.append(
            PrincipleSection(principle, 3 * (actions_per_group + 5), {r: 100 for r in Rag}, groups)
        )
    lines = [line for section in sections for group in section.groups for line in group.actions]
    summary = Summary(
        total=len(lines),
        by_status={s: 216 for s in Status},
        by_rag={Rag.RED: 360, Rag.AMBER: 361, Rag.GREEN: 359},
        overdue=270,
        completed_in_period=42,
        new_actions_in_period=17,
        new_evidence_in_period=311,
        reviews_in_period=99,
    )
    matrix = tuple(
        MatrixCell(school.id, p.number, 3, 5, 2 + i)
        for i, school in enumerate(SCHOOLS[:2])
        for p in PRINCIPLES
    )
    evidence = tuple(
        EvidenceLine(
            EvidenceKind.DOCUMENT,
            date(2026, 9, 2),
            f"Evidence {i} – Zoë’s note",
            lines[i % len(lines)].title,
            "100001",
            1,
            f"{i:064x}",
            i % 10 != 3,
        )
        for i in range(300)
    )
    return BoardReportData(
        title="Board report: inclusion",
        trust_name=TRUST,
        logo=None,
        period=Period(date(2026, 9, 1), date(2026, 12, 31), "Autumn term 2026"),
        previous_period=Period(date(2026, 5, 1), date(2026, 8, 31), "previous period"),
        framework_name="Five principles – Inclusion in Practice",
        framework_version=3,
        generated_at=datetime(2026, 11, 23, 9, 30, tzinfo=UTC),
        generated_by="Siân Ørsted",
        filters=("Period: Autumn term 2026", "Schools: all 3", "Principles: all principles"),
        principles=PRINCIPLES,
        schools=SCHOOLS,
        summary=summary,
        comparisons=(
            Comparison("Red", 12, 9, lower_is_better=True),
            Comparison("Completed in period", 30, 42),
        ),
        matrix=matrix,
        progress=tuple(
            ProgressPoint(date(2026, 9, 1) + timedelta(days=7 * i), i * 3, i * 20, i * 5)
            for i in range(12)
        ),
        sections=tuple(sections),
        exceptions=Exceptions(
            ActionList("Overdue actions", "Open and past due.", tuple(lines[:300]), 310),
            ActionList("Red actions", "Open and red.", tuple(lines[300:320]), 20),
            ActionList("Actions with no evidence", "None recorded.", (), 0),
            (Gap(SCHOOLS[2], 1, PRINCIPLES[0].title),),
        ),
        appendix=tuple(
            SchoolAppendix(school, summary, matrix[:3], tuple(lines[:8])) for school in SCHOOLS
        ),
        evidence=EvidenceIndex(evidence, 320, 300, 270, 30),
        integrity=(
            CheckItem("audit_chain", True, "1,234 audit events verified"),
            CheckItem("evidence_hashes", True, "40 stored files match their SHA-256"),
        ),
        limits_note="Lists are shortened: worst first.",
    )


def flat(pages: list[str]) -> str:
    """The text of the pages with line breaks as spaces (long titles wrap)."""
    return " ".join(" ".join(pages).split())


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pypdf.PdfReader, list[str]]:
    out = tmp_path_factory.mktemp("report") / "board.pdf"
    result = write_board_report(sample_data(), out)
    reader = pypdf.PdfReader(out)
    assert result.path == out
    assert result.pages == len(reader.pages)
    return out, reader, [page.extract_text() for page in reader.pages]


def test_every_section_heading_appears_in_order(report: tuple) -> None:
    _, _, pages = report
    text = flat(pages)
    positions = [text.find(heading) for heading in HEADINGS_IN_ORDER]
    assert all(position >= 0 for position in positions), dict(
        zip(HEADINGS_IN_ORDER, positions, strict=True)
    )
    assert positions == sorted(positions)


def test_page_x_of_y_and_trust_name_on_every_page(report: tuple) -> None:
    _, reader, pages = report
    total = len(reader.pages)
    assert total > 40  # 1,080 action rows cannot fit on a few pages
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "Ymddiriedolaeth Dysgu Ŵy" in text


def test_counts_titles_and_non_ascii_text_survive(report: tuple) -> None:
    _, _, pages = report
    text = flat(pages)
    for expected in [
        "Ysgol Bryn Ŵyn",
        "Ørsted Academy",
        "Tŷ Coch Primary School",
        "Zoë Ørsted",
        "“Zoë’s” Trust",
        "Siân Ørsted",
        "screening ŵ ŷ",
        "Red: 12 → 9 (−3)",
        "Overdue actions: 310",
        "Red actions: 20",
        "Schools with no actions under a principle: 1",
        "320 evidence item(s)",
        "1,234 audit events verified",
        "Five principles – Inclusion in Practice (version 3)",
        "… and 5 more (see the app).",
        "Action 1079",  # the last row of the last table, so every chunk was laid out
    ]:
        assert expected in text, expected
    for principle in PRINCIPLES:
        assert principle.title in text
    assert "FAILED" in text  # evidence rows whose bytes did not verify are marked


def test_long_texts_are_shortened_in_tables_and_flow_in_paragraphs(report: tuple) -> None:
    _, _, pages = report
    text = flat(pages)
    assert "A very long review note." in text
    assert text.count("A very long review note.") < 40  # clipped in its cell, not 200 repeats
    assert text.count("Long summary sentence.") == 220  # a 5,000-character wording, all of it


def test_matrix_cells_are_labelled_not_only_coloured(report: tuple) -> None:
    _, _, pages = report
    matrix_page = next(page for page in pages if "Principle × school matrix" in page)
    assert "AMBER · 10" in matrix_page and "R 3 A 5 G 2" in matrix_page
    assert "—" in matrix_page  # the school with no actions says so


def test_metadata(report: tuple) -> None:
    _, reader, _ = report
    meta = reader.metadata
    assert meta.title == f"Board report: inclusion — {TRUST}"
    assert meta.author == TRUST
    assert "Autumn term 2026" in meta.subject
    assert meta.creator == f"CST Inclusion Desktop {__version__}"


def test_only_embedded_dejavu_fonts(report: tuple) -> None:
    _, reader, _ = report
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object()
    assert fonts, "no fonts found"
    assert all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in fonts), fonts


def test_pages_render_and_are_not_blank(report: tuple) -> None:
    out, reader, _ = report
    document = pypdfium2.PdfDocument(out)
    try:
        assert len(document) == len(reader.pages)
        for index in (0, 1, 2, 3, 5, len(document) - 1):
            image = document[index].render(scale=0.5).to_pil().convert("L")
            low, high = image.getextrema()
            assert low < 100 < high  # dark text on a light page
    finally:
        document.close()


def test_invariant_output_is_byte_identical(tmp_path: Path) -> None:
    data = sample_data(actions_per_group=3)
    first = write_board_report(data, tmp_path / "a.pdf", invariant=True)
    second = write_board_report(data, tmp_path / "b.pdf", invariant=True)
    assert first.path.read_bytes() == second.path.read_bytes()


def test_logo_is_drawn_and_a_broken_logo_is_left_out(tmp_path: Path) -> None:
    from PIL import Image

    logo_path = tmp_path / "logo.png"
    Image.new("RGB", (200, 100), (20, 60, 140)).save(logo_path)
    data = sample_data(actions_per_group=2)
    with_logo = write_board_report(replace(data, logo=logo_path.read_bytes()), tmp_path / "l.pdf")
    broken = write_board_report(replace(data, logo=b"not an image"), tmp_path / "b.pdf")
    assert "/Image" in str(pypdf.PdfReader(with_logo.path).pages[0]["/Resources"])
    assert broken.pages >= 1


def test_cancel_and_failure_leave_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    out.write_bytes(b"previous report")
    with pytest.raises(CancelledError):
        write_board_report(sample_data(actions_per_group=20), out, cancelled=lambda: True)
    assert out.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.pdf"]


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_board_report(
        sample_data(actions_per_group=20),
        tmp_path / "r.pdf",
        progress=lambda done, total, _message: seen.append((done, total)),
    )
    assert seen and all(0 < done <= total for done, total in seen)


def test_every_bookmark_opens_the_page_with_its_heading(report: tuple) -> None:
    out, _, _ = report
    marks = assert_bookmarks_open_their_headings(out)
    assert [title for title, _, _ in marks if title in HEADINGS_IN_ORDER] == HEADINGS_IN_ORDER
