"""The report's opening pages: cover, executive summary, matrix and charts."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.records import MatrixCell
from cst_inclusion_desktop.domain.report_model import (
    BoardReportData,
    Summary,
)
from cst_inclusion_desktop.reports import charts
from cst_inclusion_desktop.reports.styles import (
    BODY,
    CELL,
    HEADING1,
    HEADING2,
    HEADING3,
    MUTED_TEXT,
    RAG_FILL,
    SUBTITLE,
    TITLE,
    para,
    table_chunks,
)


def cover(data: BoardReportData) -> list[Flowable]:
    flowables: list[Flowable] = []
    logo = _logo(data.logo)
    if logo is not None:
        flowables += [logo, Spacer(1, 8 * mm)]
    else:
        flowables.append(Spacer(1, 30 * mm))
    flowables += [
        para(data.trust_name, SUBTITLE),
        para(data.title, TITLE),
        para(data.period.text, SUBTITLE),
        Spacer(1, 10 * mm),
    ]
    facts = [
        ("Framework", f"{data.framework_name} (version {data.framework_version})"),
        ("Generated", f"{data.generated_at:%d %b %Y %H:%M} UTC by {data.generated_by}"),
        ("Compared with", data.previous_period.text),
        *(("Filter", text) for text in data.filters),
    ]
    flowables += table_chunks(["", ""], [[k, v] for k, v in facts], [40 * mm, 140 * mm])
    if data.limits_note:
        flowables += [Spacer(1, 6 * mm), para(data.limits_note, MUTED_TEXT)]
    flowables.append(PageBreak())
    return flowables


def _logo(logo: bytes | None) -> Image | None:
    """The trust's logo fitted into 60 × 30 mm; a logo that cannot be read is left out."""
    if not logo:
        return None
    try:
        width, height = ImageReader(io.BytesIO(logo)).getSize()
    except Exception:  # an unreadable image must not stop the board pack
        return None
    scale = min(60 * mm / width, 30 * mm / height)
    image = Image(io.BytesIO(logo), width * scale, height * scale)
    image.hAlign = "LEFT"
    return image


def summary(data: BoardReportData) -> list[Flowable]:
    counts = data.summary
    flowables: list[Flowable] = [para("Executive summary", HEADING1)]
    flowables.append(
        para(
            f"{counts.total:,} live actions across {len(data.schools):,} school(s) and "
            f"{len(data.principles)} principle(s). {counts.overdue:,} are overdue; "
            f"{counts.completed_in_period:,} were completed and {counts.new_evidence_in_period:,} "
            "evidence items were added in the period.",
            BODY,
        )
    )
    flowables += _key_figures(counts)
    flowables.append(para("Change since the previous period", HEADING2))
    flowables.append(
        para(
            f"This period ({data.period.text}) against the previous period of equal length "
            f"({data.previous_period.text}). RAG and overdue counts are as they stood at the end "
            "of each period (today, if the period has not ended).",
            MUTED_TEXT,
        )
    )
    rows = [
        [c.label, f"{c.previous:,}", f"{c.current:,}", c.text.split("(")[-1].rstrip(")")]
        for c in data.comparisons
    ]
    flowables += table_chunks(
        ["Measure", "Previous period", "This period", "Change"],
        rows,
        [70 * mm, 35 * mm, 35 * mm, 40 * mm],
    )
    flowables.append(Spacer(1, 3 * mm))
    flowables += [para(c.text, CELL) for c in data.comparisons if c.change]
    flowables.append(PageBreak())
    return flowables


def _key_figures(counts: Summary) -> list[Flowable]:
    status_rows = [[status.label, f"{counts.by_status.get(status, 0):,}"] for status in Status]
    rag_rows = [[rag.label, f"{counts.by_rag.get(rag, 0):,}"] for rag in Rag]
    fills = [(0, index, RAG_FILL[rag]) for index, rag in enumerate(Rag)]
    flow_rows = [
        ["Total", f"{counts.total:,}"],
        ["Overdue", f"{counts.overdue:,}"],
        ["Completed in period", f"{counts.completed_in_period:,}"],
        ["New actions in period", f"{counts.new_actions_in_period:,}"],
        ["New evidence in period", f"{counts.new_evidence_in_period:,}"],
        ["Reviews in period", f"{counts.reviews_in_period:,}"],
    ]
    return [
        para("Actions by status", HEADING3),
        *table_chunks(["Status", "Actions"], status_rows, [60 * mm, 30 * mm]),
        para("Actions by RAG", HEADING3),
        *table_chunks(["RAG", "Actions"], rag_rows, [60 * mm, 30 * mm], fills),
        para("Key figures", HEADING3),
        *table_chunks(["Measure", "Count"], flow_rows, [60 * mm, 30 * mm]),
    ]


def cell_text(cell: MatrixCell) -> str:
    """What a matrix cell says: the most common RAG as a word, then the counts (readable in
    grey), so the colour is never the only signal."""
    rag = cell.dominant
    if rag is None:
        return "—"
    return f"{rag.label.upper()} · {cell.total:,}\nR {cell.red} A {cell.amber} G {cell.green}"


def matrix(data: BoardReportData) -> list[Flowable]:
    numbers = [p.number for p in data.principles]
    flowables: list[Flowable] = [
        para("Principle × school matrix", HEADING1),
        para(
            "Each cell names the most common RAG among a school's actions under a principle "
            "(a tie counts as the worse) and their number, then the red (R), amber (A) and "
            "green (G) counts. A dash means no actions.",
            MUTED_TEXT,
        ),
    ]
    flowables += [para(f"{p.number}. {p.title}", CELL) for p in data.principles]
    flowables.append(Spacer(1, 3 * mm))
    rows, fills = [], []
    for row_index, school in enumerate(data.schools):
        row: list[object] = [para(f"{school.name} ({school.urn})", CELL)]
        for column, number in enumerate(numbers, start=1):
            cell = data.cell(school.id, number)
            row.append(para(cell_text(cell), CELL))
            if cell.total:
                fills.append((column, row_index, RAG_FILL[cell.dominant]))
        rows.append(row)
    school_width = 180 * mm - 27 * mm * len(numbers)
    widths = [
        max(school_width, 45 * mm),
        *([min(27 * mm, 135 * mm / max(len(numbers), 1))] * len(numbers)),
    ]
    flowables += table_chunks(["School", *(f"Principle {n}" for n in numbers)], rows, widths, fills)
    flowables.append(PageBreak())
    return flowables


def chart_pages(data: BoardReportData) -> list[Flowable]:
    numbers = [p.number for p in data.principles]
    series = [
        charts.Series(
            rag.label,
            tuple(
                sum(getattr(c, rag.token) for c in data.matrix if c.principle_number == n)
                for n in numbers
            ),
        )
        for rag in Rag
    ]
    return [
        para("Charts", HEADING1),
        charts.grouped_bars(
            "Actions by principle and RAG", [f"Principle {n}" for n in numbers], series
        ),
        PageBreak(),
    ]
