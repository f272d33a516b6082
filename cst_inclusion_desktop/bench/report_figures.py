"""Board paper (PDF and DOCX) and annex figures, each with the ratio to its bare-library floor.

The app's figure (``*_ms``) is everything a user waits for: the service
(``services.report.board_paper`` or ``.annex``: queries and arithmetic) plus the writer
(``reports.outputs``: blocks, layout, footers, bookmarks, the rename into place). Each floor does
only the library's part for the same content: the PDF floors lay out the very same flowables with
a plain ``SimpleDocTemplate`` and canvas in one pass; the DOCX floor writes the same headings,
paragraphs, table cells and chart PNGs with plain python-docx calls (no styles, shading, header
flags or alt text). ``*_layout_ms`` time the writer alone on the same model, so
``*_layout_to_floor`` compares like with like.
"""

from __future__ import annotations

import importlib.util
import io
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.bench.timing import median_ms, not_measured, ratio
from cst_inclusion_desktop.services import Services

FIGURES = (
    "board_paper_pdf_ms",
    "board_paper_pdf_floor_ms",
    "board_paper_pdf_to_floor",
    "board_paper_docx_ms",
    "board_paper_docx_floor_ms",
    "board_paper_docx_to_floor",
    "board_paper_school_ms",
    "annex_pdf_ms",
    "annex_pdf_floor_ms",
    "annex_pdf_to_floor",
)


def _missing() -> str | None:
    for name in ("services.reporting.paper_service", "reports.outputs", "reports.docx"):
        if importlib.util.find_spec(f"cst_inclusion_desktop.{name}") is None:
            return f"cst_inclusion_desktop/{name.replace('.', '/')} does not exist"
    return None


def measure_reports(services: Services, runs: int) -> dict[str, Any]:
    missing = _missing()
    if missing:
        return not_measured(FIGURES, missing)
    from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest
    from cst_inclusion_desktop.reports import annex_content, pdf_blocks
    from cst_inclusion_desktop.reports.outputs import write_annex, write_board_paper
    from cst_inclusion_desktop.reports.paper import paper_blocks

    reporter = services.report
    whole = BoardPaperRequest(generated_by="Benchmark")
    one_school = BoardPaperRequest(
        school_urns=(services.schools.list()[0].urn,), generated_by="Benchmark"
    )
    with tempfile.TemporaryDirectory(prefix="cst-bench-report-") as folder:
        out = Path(folder)
        paper_ms = median_ms(
            lambda: write_board_paper(reporter.board_paper(whole), out / "paper.pdf"), runs
        )
        docx_ms = median_ms(
            lambda: write_board_paper(reporter.board_paper(whole), out / "paper.docx"), runs
        )
        school_ms = median_ms(
            lambda: write_board_paper(reporter.board_paper(one_school), out / "school.pdf"), runs
        )
        annex_ms = median_ms(lambda: write_annex(reporter.annex(whole), out / "annex.pdf"), runs)
        paper = reporter.board_paper(whole)
        annex = reporter.annex(whole)
        paper_pages = write_board_paper(paper, out / "paper.pdf").pages
        annex_pages = write_annex(annex, out / "annex.pdf").pages
        paper_layout = median_ms(lambda: write_board_paper(paper, out / "paper.pdf"), runs)
        docx_layout = median_ms(lambda: write_board_paper(paper, out / "paper.docx"), runs)
        annex_layout = median_ms(lambda: write_annex(annex, out / "annex.pdf"), runs)
        paper_story = paper_blocks(paper)
        annex_story = annex_content.annex_blocks(annex)
        paper_floor = _pdf_floor(lambda: pdf_blocks.flowables(paper_story), out, runs)
        annex_floor = _pdf_floor(lambda: pdf_blocks.flowables(annex_story), out, runs)
        docx_floor = _docx_floor(paper_story, runs)
    return {
        "board_paper_pdf_layout_ms": paper_layout,
        "board_paper_pdf_layout_to_floor": ratio(paper_layout, paper_floor),
        "board_paper_docx_layout_ms": docx_layout,
        "board_paper_docx_layout_to_floor": ratio(docx_layout, docx_floor),
        "annex_pdf_layout_ms": annex_layout,
        "annex_pdf_layout_to_floor": ratio(annex_layout, annex_floor),
        "board_paper_pdf_ms": paper_ms,
        "board_paper_pdf_pages": paper_pages,
        "board_paper_pdf_floor_ms": paper_floor,
        "board_paper_pdf_to_floor": ratio(paper_ms, paper_floor),
        "board_paper_docx_ms": docx_ms,
        "board_paper_docx_floor_ms": docx_floor,
        "board_paper_docx_to_floor": ratio(docx_ms, docx_floor),
        "board_paper_school_ms": school_ms,
        "annex_pdf_ms": annex_ms,
        "annex_pdf_pages": annex_pages,
        "annex_pdf_floor_ms": annex_floor,
        "annex_pdf_to_floor": ratio(annex_ms, annex_floor),
    }


def _pdf_floor(make: Any, folder: Path, runs: int) -> float:
    """ReportLab alone: the same flowables, one pass, plain template and canvas."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from cst_inclusion_desktop.reports.fonts import REGULAR, register_fonts

    register_fonts()
    story: list[Any] = []

    def fresh_story() -> None:
        # Flowables are consumed by layout, so each run gets new ones (untimed).
        story[:] = make()

    def bare_reportlab() -> None:
        target = str(folder / "floor.pdf")
        SimpleDocTemplate(target, pagesize=A4, initialFontName=REGULAR).build(story)

    return median_ms(bare_reportlab, runs, setup=fresh_story)


def _docx_floor(story: Sequence[Any], runs: int) -> float:
    """python-docx alone: the same texts, cells and (pre-rendered) chart PNGs."""
    import docx

    from cst_inclusion_desktop.reports import blocks, charts

    pictures = {id(b): charts.to_png(b.draw()) for b in story if isinstance(b, blocks.Chart)}

    def bare_docx() -> None:
        document = docx.Document()
        for block in story:
            if isinstance(block, blocks.Heading):
                document.add_heading(block.text, level=block.level)
            elif isinstance(block, blocks.Text):
                document.add_paragraph(block.lead + block.text)
            elif isinstance(block, blocks.Bullets):
                for item in block.items:
                    document.add_paragraph(item)
            elif isinstance(block, blocks.Table):
                table = document.add_table(rows=0, cols=len(block.widths))
                for values in ((blocks.cells(*block.header),) if block.header else ()) + block.rows:
                    for cell, value in zip(table.add_row().cells, values, strict=False):
                        cell.text = value.text
            elif isinstance(block, blocks.Chart):
                document.add_picture(io.BytesIO(pictures[id(block)]))
        document.save(io.BytesIO())

    return median_ms(bare_docx, runs)
