"""One action's record as a PDF: its fields, its reviews (newest first) and its evidence list,
drawn with the board paper's fonts, styles and page template (Page X of Y, bookmarks, written
to a temporary file and renamed into place). RAG is printed as a word as well as a colour.
"""

from __future__ import annotations

from pathlib import Path

from cst_inclusion_desktop.domain.action_sheet import ActionSheet
from cst_inclusion_desktop.domain.definitions import Mark, plural, rated
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.report_model import format_day
from cst_inclusion_desktop.reports import pdf_blocks
from cst_inclusion_desktop.reports.blocks import Block, Cell, Heading, Table, Text, Title
from cst_inclusion_desktop.reports.document import PdfInfo, ReportResult, write_pdf

SHEET_TITLE = "Action record"
PRIVACY_NOTE = (
    "A school-level record of inclusion work: it holds no pupil records. Check free text for "
    "names before sharing it outside the school."
)


def _mark(rag: Rag | None) -> Mark:
    return Mark.from_token(rag.token) if rag is not None else Mark.NOT_RATED


def _rag_cell(rag: Rag | None) -> Cell:
    mark = _mark(rag)
    return Cell(f"{mark.label} ({mark.letter})", mark)


def sheet_blocks(sheet: ActionSheet) -> list[Block]:
    action = sheet.action
    generated = f"{sheet.generated_at:%d %b %Y %H:%M} UTC"
    facts = [
        ("School", f"{action.school_name} (URN {action.urn})"),
        ("Principle", f"{action.number}. {action.principle_title}"),
        ("Owner", action.owner or "—"),
        ("Status", action.status.label),
        ("Start date", format_day(action.start_date) or "—"),
        (
            "Due date",
            (format_day(action.due_date) or "—") + (" (overdue)" if action.overdue else ""),
        ),
        ("Completed", format_day(action.completed_date) or "—"),
        ("Area of need", action.area_of_need.label if action.area_of_need else "—"),
        ("Last review", format_day(action.last_review_date) or "None yet"),
    ]
    rows = [(Cell(label, bold=True), Cell(value)) for label, value in facts]
    # Not yet rated until a review or a hand-set RAG (domain/definitions.py).
    standing = rated(
        action.rag if action.last_review_date else None, action.rag, action.rag_overridden
    )
    rows.insert(4, (Cell("RAG", bold=True), _rag_cell(standing)))
    story: list[Block] = [
        Title(sheet.trust_name, action.title, f"{SHEET_TITLE} · printed {generated}"),
        Heading("The action"),
        Table((), tuple(rows), (0.25, 0.75)),
    ]
    if action.description:
        story.append(Text(action.description, lead="Description: "))
    story.append(Heading(f"Reviews ({plural(len(sheet.reviews), 'review')})"))
    if sheet.reviews:
        story.append(
            Table(
                ("Date", "RAG", "Progress note", "Next review", "Reviewer"),
                tuple(
                    (
                        Cell(format_day(review.date)),
                        _rag_cell(review.rag),
                        Cell(review.note),
                        Cell(format_day(review.next_review_date) or "—"),
                        Cell(review.reviewer),
                    )
                    for review in sheet.reviews
                ),
                (0.14, 0.14, 0.44, 0.14, 0.14),
            )
        )
    else:
        story.append(Text("No review has been recorded yet.", muted=True))
    story.append(Heading(f"Evidence ({plural(len(sheet.evidence), 'item')})"))
    if sheet.evidence:
        story.append(
            Table(
                ("Date", "Kind", "Title", "File"),
                tuple(
                    (
                        Cell(format_day(item.date)),
                        Cell(item.kind.label),
                        Cell(item.title + (f" — {item.note}" if item.note else "")),
                        Cell(item.file_name or "—"),
                    )
                    for item in sheet.evidence
                ),
                (0.14, 0.18, 0.43, 0.25),
            )
        )
    else:
        story.append(Text("No evidence is attached yet.", muted=True))
    story.append(Text(f"Printed by {sheet.generated_by}. {PRIVACY_NOTE}", muted=True))
    return story


def write_action_sheet(sheet: ActionSheet, out: Path, *, invariant: bool = False) -> ReportResult:
    """The sheet as a PDF at ``out`` (which must end .pdf)."""
    if Path(out).suffix.lower() != ".pdf":
        raise ValidationError("out", str(out), "a file name ending .pdf")
    story = sheet_blocks(sheet)
    info = PdfInfo(
        title=f"{SHEET_TITLE}: {sheet.action.title}",
        author=sheet.generated_by,
        subject=f"{sheet.action.school_name}, principle {sheet.action.number}",
        keywords="inclusion, SEND, action record",
        footer=(sheet.trust_name, f"{SHEET_TITLE}: {sheet.action.title}", sheet.action.school_name),
    )
    return write_pdf(lambda: pdf_blocks.flowables(story), info, out, invariant=invariant)
