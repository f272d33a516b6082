"""The report's detail: principle sections, exceptions, appendix, evidence, integrity."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.records import MatrixCell
from cst_inclusion_desktop.domain.report_model import (
    ActionLine,
    ActionList,
    BoardReportData,
    SchoolAppendix,
    format_day,
)
from cst_inclusion_desktop.reports.overview import cell_text
from cst_inclusion_desktop.reports.styles import (
    BODY,
    CELL,
    HEADING1,
    HEADING2,
    HEADING3,
    MUTED_TEXT,
    RAG_FILL,
    clip,
    markup,
    para,
    table_chunks,
)

_ACTION_WIDTHS = [48 * mm, 28 * mm, 18 * mm, 13 * mm, 22 * mm, 41 * mm, 10 * mm]
_ACTION_HEADER = ["Action", "Owner", "Status", "RAG", "Due", "Latest review", "Evid."]


def action_rows(
    lines: Sequence[ActionLine],
) -> tuple[list[list[object]], list[tuple[int, int, colors.Color]]]:
    rows, fills = [], []
    for index, line in enumerate(lines):
        due = format_day(line.due_date) + (" (overdue)" if line.overdue else "")
        review = ""
        if line.latest_review_date:
            review = f"{format_day(line.latest_review_date)}: {clip(line.latest_review_note, 220)}"
        rows.append(
            [
                para(line.title, CELL, 300),
                para(line.owner, CELL, 120),
                line.status.label,
                line.rag.label,
                due,
                para(review, CELL),
                str(line.evidence_count),
            ]
        )
        fills.append((3, index, RAG_FILL[line.rag]))
    return rows, fills


def principle_sections(data: BoardReportData) -> list[Flowable]:
    flowables: list[Flowable] = []
    for section in data.sections:
        principle = section.principle
        rag_text = ", ".join(f"{section.by_rag.get(rag, 0):,} {rag.label.lower()}" for rag in Rag)
        flowables += [
            para(f"Principle {principle.number}: {principle.title}", HEADING1),
            para(principle.summary, BODY),
            para(f"{section.total:,} actions: {rag_text}.", MUTED_TEXT),
        ]
        if not section.groups:
            flowables.append(para("No actions recorded under this principle.", BODY))
        for group in section.groups:
            shown = f"{group.total:,} action(s)"
            if group.omitted:
                shown += f"; the {len(group.actions):,} most pressing are listed"
            flowables += [
                CondPageBreak(30 * mm),
                para(f"{group.school.name} ({group.school.urn}) — {shown}", HEADING3),
            ]
            rows, fills = action_rows(group.actions)
            flowables += table_chunks(_ACTION_HEADER, rows, _ACTION_WIDTHS, fills)
            if group.omitted:
                flowables.append(para(f"… and {group.omitted:,} more (see the app).", MUTED_TEXT))
        flowables.append(PageBreak())
    return flowables


_LIST_WIDTHS = [40 * mm, 10 * mm, 55 * mm, 30 * mm, 25 * mm, 20 * mm]


def _exception_list(items: ActionList) -> list[Flowable]:
    flowables: list[Flowable] = [
        para(f"{items.title}: {items.total:,}", HEADING2),
        para(items.explanation, MUTED_TEXT),
    ]
    rows, fills = [], []
    for index, line in enumerate(items.rows):
        rows.append(
            [
                para(f"{line.school_name} ({line.school_urn})", CELL, 120),
                str(line.principle_number),
                para(line.title, CELL, 300),
                para(line.owner, CELL, 120),
                format_day(line.due_date),
                line.rag.label,
            ]
        )
        fills.append((5, index, RAG_FILL[line.rag]))
    flowables += table_chunks(
        ["School", "P.", "Action", "Owner", "Due", "RAG"], rows, _LIST_WIDTHS, fills
    )
    if items.omitted:
        flowables.append(para(f"… and {items.omitted:,} more (see the app).", MUTED_TEXT))
    return flowables


def exceptions(data: BoardReportData) -> list[Flowable]:
    found = data.exceptions
    flowables: list[Flowable] = [para("Exceptions", HEADING1)]
    for items in (found.overdue, found.red, found.no_evidence):
        flowables += _exception_list(items)
    flowables.append(
        para(f"Schools with no actions under a principle: {len(found.gaps):,}", HEADING2)
    )
    rows = [
        [f"{gap.school.name} ({gap.school.urn})", f"{gap.principle_number}. {gap.principle_title}"]
        for gap in found.gaps
    ]
    flowables += table_chunks(["School", "Principle"], rows, [80 * mm, 100 * mm])
    flowables.append(PageBreak())
    return flowables


def appendix(data: BoardReportData) -> list[Flowable]:
    flowables: list[Flowable] = [para("School appendix", HEADING1)]
    for index, item in enumerate(data.appendix):
        if index:
            flowables.append(PageBreak())
        flowables += _school_page(data, item)
    flowables.append(PageBreak())
    return flowables


def _school_page(data: BoardReportData, item: SchoolAppendix) -> list[Flowable]:
    school, counts = item.school, item.summary
    flowables: list[Flowable] = [
        para(f"{school.name} ({school.urn})", HEADING2),
        para(f"Phase: {school.phase}. SENCO: {school.senco or 'not recorded'}.", MUTED_TEXT),
        markup(
            f"<b>{counts.total:,}</b> actions · <b>{counts.overdue:,}</b> overdue · "
            f"<b>{counts.completed_in_period:,}</b> completed in period · "
            f"<b>{counts.new_evidence_in_period:,}</b> new evidence · "
            f"<b>{counts.reviews_in_period:,}</b> reviews",
            BODY,
        ),
    ]
    status_text = ", ".join(f"{s.label} {counts.by_status.get(s, 0):,}" for s in Status)
    flowables.append(para(f"By status: {status_text}.", CELL))
    rows, fills = [], []
    by_number = {cell.principle_number: cell for cell in item.cells}
    for row_index, principle in enumerate(data.principles):
        cell = by_number.get(principle.number, MatrixCell(school.id, principle.number))
        rows.append(
            [
                para(f"{principle.number}. {principle.title}", CELL, 120),
                cell_text(cell).replace("\n", ": "),
            ]
        )
        if cell.dominant is not None:
            fills.append((1, row_index, RAG_FILL[cell.dominant]))
    flowables += table_chunks(["Principle", "RAG"], rows, [110 * mm, 70 * mm], fills)
    flowables.append(para("Red or overdue actions to ask about", HEADING3))
    rows, fills = action_rows(item.concerns)
    flowables += table_chunks(_ACTION_HEADER, rows, _ACTION_WIDTHS, fills)
    return flowables


def evidence_index(data: BoardReportData) -> list[Flowable]:
    index = data.evidence
    flowables: list[Flowable] = [
        para("Evidence index", HEADING1),
        para(
            f"{index.total:,} evidence item(s) dated in the period; {index.with_file:,} with a "
            f"stored file, of which {index.verified:,} verified against their SHA-256 "
            f"fingerprint and {index.failed:,} did not.",
            BODY,
        ),
    ]
    rows = [
        [
            format_day(line.day),
            line.kind.label,
            para(line.title, CELL, 120),
            para(line.action_title or "(not linked to an action)", CELL, 160),
            f"{line.school_urn} / {line.principle_number}",
            line.fingerprint or "—",
            {True: "Verified", False: "FAILED", None: "No file"}[line.verified],
        ]
        for line in index.rows
    ]
    flowables += table_chunks(
        ["Date", "Kind", "Title", "Action", "URN / P.", "SHA-256", "Bytes"],
        rows,
        [19 * mm, 21 * mm, 34 * mm, 45 * mm, 20 * mm, 25 * mm, 16 * mm],
    )
    if index.omitted:
        flowables.append(para(f"… and {index.omitted:,} more (see the app).", MUTED_TEXT))
    flowables.append(PageBreak())
    return flowables


def integrity(data: BoardReportData) -> list[Flowable]:
    ok = all(item.ok for item in data.integrity)
    statement = (
        "At generation every check below passed: the audit log's hash chain is unbroken and the "
        "stored evidence files match their fingerprints."
        if ok
        else "At generation at least one check FAILED. The figures in this report may rest on "
        "records that were altered outside the application; see the details below."
    )
    rows = [
        [
            item.name.replace("_", " ").capitalize(),
            "Passed" if item.ok else "FAILED",
            para(item.detail, CELL, 400),
        ]
        for item in data.integrity
    ]
    return [
        para("Integrity statement", HEADING1),
        para(statement, BODY),
        *table_chunks(["Check", "Result", "Detail"], rows, [40 * mm, 20 * mm, 120 * mm]),
        Spacer(1, 4 * mm),
        para(
            f"Generated {data.generated_at:%d %b %Y %H:%M} UTC by {data.generated_by} from the "
            f"{data.framework_name} framework, version {data.framework_version}.",
            MUTED_TEXT,
        ),
    ]
