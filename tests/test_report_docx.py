"""The DOCX board paper read back: real headings, repeated header rows, alt text on every chart,
title and language, the same figures as the PDF, and (where installed) LibreOffice opens it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from cst_inclusion_desktop.domain.errors import CancelledError
from cst_inclusion_desktop.reports.outputs import write_annex, write_board_paper
from cst_inclusion_desktop.reports.paper import CONTENTS
from tests.paper_samples import TRUST, sample_annex, sample_paper
from tests.pdf_checks import flat, page_texts


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("docx")
    paper = sample_paper(3)
    write_board_paper(paper, folder / "paper.pdf")
    result = write_board_paper(paper, folder / "paper.docx")
    assert result.path == folder / "paper.docx"
    return folder / "paper.docx", folder / "paper.pdf"


def headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style is not None and paragraph.style.name.startswith(("Heading", "Title"))
    ]


def test_real_heading_styles_in_order(written: tuple) -> None:
    document = docx.Document(str(written[0]))
    found = headings(document)
    assert ("Title", "Board paper: inclusion") in found
    top = [text for style, text in found if style == "Heading 1"]
    assert top == list(CONTENTS)
    assert ("Heading 2", "Key messages") in found
    assert ("Heading 2", "Questions for the board") in found


def test_tables_repeat_their_header_row(written: tuple) -> None:
    document = docx.Document(str(written[0]))
    tables = document.tables
    assert len(tables) >= 6
    facts, *others = tables  # the cover sheet's label/value table has no header row
    assert facts.rows[0].cells[0].text == "Meeting"
    for table in others:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert all(
            row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
            for row in table.rows[1:]
        )


def test_every_chart_image_has_alt_text(written: tuple) -> None:
    document = docx.Document(str(written[0]))
    shapes = document.inline_shapes
    assert len(shapes) == 2
    paper = sample_paper(3)
    for shape in shapes:
        description = shape._inline.docPr.get("descr")
        assert description and description.startswith("Bar chart.")
        assert paper.trends.points[-1].term.label in description
    first = shapes[0]._inline.docPr.get("descr")
    assert "Red open actions: Spring term 2025 40" in first


def test_title_and_language(written: tuple) -> None:
    document = docx.Document(str(written[0]))
    assert document.core_properties.title == f"Board paper: inclusion — {TRUST}"
    assert document.core_properties.language == "en-GB"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert language.get(qn("w:val")) == "en-GB"


def test_same_figures_as_the_pdf(written: tuple) -> None:
    docx_path, pdf_path = written
    pdf_text = flat(" ".join(page_texts(pdf_path)))
    document = docx.Document(str(docx_path))
    checked = 0
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                text = flat(cell.text)
                if text:
                    assert text in pdf_text, text
                    checked += 1
    assert checked > 150
    paragraphs = [flat(p.text) for p in document.paragraphs if p.text.strip()]
    for message in sample_paper(3).key_messages:
        assert message in paragraphs and message in pdf_text


def test_annex_docx_and_a_cancel_leaves_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "annex.docx"
    write_annex(sample_annex(2, 5), out)
    document = docx.Document(str(out))
    texts = [text for _, text in headings(document)]
    assert "Exceptions" in texts and "Evidence index" in texts
    assert "Ysgol Bryn Ŵyn, URN 100001: 5 of 78 actions" in texts
    out.write_bytes(b"previous")
    with pytest.raises(CancelledError):
        write_annex(sample_annex(2, 5), out, cancelled=lambda: True)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex.docx"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it_and_converts_it_to_pdf(written: tuple, tmp_path: Path) -> None:
    environment = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own, not the user's
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(written[0]),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env=environment,
    )
    pages = page_texts(tmp_path / "paper.pdf")
    assert len(pages) >= 4
    text = " ".join(pages)
    assert "Executive summary" in text and "Schools at a glance" in text
