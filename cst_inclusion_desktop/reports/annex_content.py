"""The annex as blocks: action lists by principle and school, exceptions, per-school pages, the
evidence index and the integrity statement. Long is allowed; every shortened list says
"N of M"; notes are printed whole."""

from __future__ import annotations

from collections.abc import Sequence

from cst_inclusion_desktop.domain.board_paper import Annex, SchoolPage
from cst_inclusion_desktop.domain.definitions import Mark, plural, rag_text, shown_of
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.report_model import ActionLine, ActionList, format_day
from cst_inclusion_desktop.reports.blocks import (
    Block,
    Cell,
    Heading,
    KeepRoom,
    NewPage,
    Running,
    Table,
    Text,
    Title,
    cells,
)
from cst_inclusion_desktop.reports.coverage_table import coverage_blocks
from cst_inclusion_desktop.reports.paper_front import (
    anchor_fact,
    facts_table,
    framework_text,
    generated_text,
)
from cst_inclusion_desktop.reports.paper_tables import matrix_cell

ANNEX_TITLE = "Annex to the board paper"
ACTION_HEADER = ("Action", "Owner", "Status", "RAG", "Due", "Latest review", "Evidence")
ACTION_WIDTHS = (0.21, 0.12, 0.11, 0.09, 0.11, 0.26, 0.1)
LIST_HEADER = ("School", "URN", "P.", "Action", "Owner", "Due", "RAG")
LIST_WIDTHS = (0.2, 0.09, 0.05, 0.28, 0.14, 0.12, 0.12)
RAG_MARKS = {Rag.RED: Mark.RED, Rag.AMBER: Mark.AMBER, Rag.GREEN: Mark.GREEN}


def rag_word_cell(rag: Rag | None) -> Cell:
    """A RAG as a word with its mark's fill, never colour alone; None is "Not yet rated".
    The annex and the inspection summary both print RAGs through this."""
    return Cell(rag_text(rag), Mark.NOT_RATED if rag is None else RAG_MARKS[rag])


def rag_cell(line: ActionLine) -> Cell:
    return rag_word_cell(line.rag if line.rated else None)


def due_text(line: ActionLine) -> str:
    due = format_day(line.due_date) or "No date"
    return f"{due}, overdue" if line.overdue else due


def action_row(line: ActionLine) -> tuple[Cell, ...]:
    review = "Not reviewed"
    if line.latest_review_date:
        review = f"{format_day(line.latest_review_date)}: {line.latest_review_note}".rstrip(": ")
    return (
        Cell(line.title),
        Cell(line.owner),
        Cell(line.status.label),
        rag_cell(line),
        Cell(due_text(line)),
        Cell(review),
        Cell(f"{line.evidence_count:,}"),
    )


def action_table(lines: Sequence[ActionLine]) -> Table:
    return Table(ACTION_HEADER, tuple(map(action_row, lines)), ACTION_WIDTHS, small=True)


def annex_blocks(annex: Annex) -> list[Block]:
    cover = annex.cover
    return [
        Title(cover.trust_name, ANNEX_TITLE, cover.fields.item, cover.logo),
        facts_table(
            (
                ("Period covered", cover.period.text),
                ("Compared with", cover.compared.text),
                ("Framework", framework_text(cover)),
                ("Scope", "; ".join(cover.scope) or "The whole trust"),
                ("Generated", generated_text(cover)),
                *anchor_fact(cover),
            )
        ),
        Text(annex.limits_note, muted=True),
        NewPage(),
        *principle_sections(annex),
        *exceptions(annex),
        *coverage_section(annex),
        *school_pages(annex),
        *evidence_index(annex),
        *integrity(annex),
    ]


def principle_sections(annex: Annex) -> list[Block]:
    out: list[Block] = []
    for section in annex.sections:
        principle = section.principle
        heading = f"Principle {principle.number}: {principle.title}"
        rag_text = ", ".join(f"{section.by_rag.get(rag, 0):,} {rag.label.lower()}" for rag in Rag)
        out += [
            Heading(heading),
            Text(principle.summary),
            Text(f"{plural(section.total, 'action')}: {rag_text}.", muted=True),
        ]
        if not section.groups:
            out.append(Text("No actions recorded under this principle."))
        for group in section.groups:
            school = group.school
            out += [
                KeepRoom(30),
                Running(f"{heading} · {school.name}"),
                Heading(
                    f"{school.name}, URN {school.urn}: "
                    f"{shown_of(len(group.actions), group.total)} actions",
                    3,
                ),
                action_table(group.actions),
            ]
        out += [Running(""), NewPage()]
    return out


def _action_list(items: ActionList) -> list[Block]:
    rows = tuple(
        (
            Cell(line.school_name),
            Cell(line.school_urn),
            Cell(str(line.principle_number)),
            Cell(line.title),
            Cell(line.owner),
            Cell(due_text(line)),
            rag_cell(line),
        )
        for line in items.rows
    )
    return [
        KeepRoom(30),
        Heading(f"{items.title}: {shown_of(len(items.rows), items.total)}", 2),
        Text(items.explanation, muted=True),
        Running(items.title),
        Table(LIST_HEADER, rows, LIST_WIDTHS, small=True),
    ]


def exceptions(annex: Annex) -> list[Block]:
    found = annex.exceptions
    out: list[Block] = [Heading("Exceptions")]
    for items in (found.overdue, found.red, found.no_evidence):
        out += _action_list(items)
    gaps = tuple(
        cells(gap.school.name, gap.school.urn, f"{gap.principle_number}. {gap.principle_title}")
        for gap in found.gaps
    )
    out += [
        Running(""),
        KeepRoom(30),
        Heading(f"Schools with no actions under a principle: {len(found.gaps):,}", 2),
        Table(("School", "URN", "Principle"), gaps, (0.38, 0.12, 0.5), small=True),
        NewPage(),
    ]
    return out


def coverage_section(annex: Annex) -> list[Block]:
    if annex.coverage is None:
        return []
    return [*coverage_blocks(annex.coverage), NewPage()]


def school_pages(annex: Annex) -> list[Block]:
    out: list[Block] = [Heading("School pages")]
    for index, page in enumerate(annex.schools):
        if index:
            out.append(NewPage())
        out += school_page(annex, page)
    out += [Running(""), NewPage()]
    return out


def school_page(annex: Annex, page: SchoolPage) -> list[Block]:
    school, counts = page.school, page.counts
    titles = {p.number: p.title for section in annex.sections for p in (section.principle,)}
    rows = tuple(
        (
            Cell(f"{cell.principle_number}. {titles.get(cell.principle_number, '')}"),
            matrix_cell(cell),
        )
        for cell in page.cells
    )
    concerns = page.concerns
    return [
        Running(f"{school.name}, URN {school.urn}"),
        Heading(f"{school.name}, URN {school.urn}", 2),
        Text(f"Phase: {school.phase}. SENCO: {school.senco or 'not recorded'}.", muted=True),
        Text(
            f"{plural(counts.open, 'open action')}: {counts.red:,} red, {counts.overdue:,} "
            f"overdue, {counts.not_reviewed_this_term:,} not reviewed this term."
        ),
        Table(("Principle", "Red/overdue and change"), rows, (0.7, 0.3), small=True),
        Heading(f"Red or overdue actions: {shown_of(len(concerns.rows), concerns.total)}", 3),
        action_table(concerns.rows),
    ]


def evidence_index(annex: Annex) -> list[Block]:
    index = annex.evidence
    verified = {True: "Verified", False: "FAILED", None: "No file"}
    rows = tuple(
        cells(
            format_day(line.day),
            line.kind.label,
            line.title,
            line.action_title or "Not linked to an action",
            f"{line.school_urn} / {line.principle_number}",
            line.fingerprint or "—",
            verified[line.verified],
        )
        for line in index.rows
    )
    return [
        Heading("Evidence index"),
        Text(
            f"{plural(index.total, 'evidence item')} dated in the period, "
            f"{shown_of(len(index.rows), index.total)} listed; {index.with_file:,} with a stored "
            f"file, of which {index.verified:,} matched their SHA-256 fingerprint and "
            f"{index.failed:,} did not."
        ),
        Running("Evidence index"),
        Table(
            ("Date", "Kind", "Title", "Action", "URN / P.", "Fingerprint", "File"),
            rows,
            (0.11, 0.12, 0.18, 0.23, 0.11, 0.15, 0.1),
            small=True,
        ),
        Running(""),
        NewPage(),
    ]


def integrity(annex: Annex) -> list[Block]:
    ok = all(item.ok for item in annex.integrity)
    statement = (
        "At generation every check below passed: the audit log's hash chain is unbroken, every "
        "record matches its last audited state and the stored evidence files match their "
        "fingerprints."
        if ok
        else "At generation at least one check FAILED. The figures may rest on records that "
        "were altered outside the application; see the details below."
    )
    rows = tuple(
        cells(
            item.name.replace("_", " ").capitalize(), "Passed" if item.ok else "FAILED", item.detail
        )
        for item in annex.integrity
    )
    anchor = annex.cover.anchor
    anchored = (
        [
            Text(
                f"Audit anchor: {anchor.text}. Keep this paper: `cst-inclusion check --anchor` "
                "with this number (or this file) later proves the record's history up to here "
                "is unchanged; a history rewritten since gives another hash."
            )
        ]
        if anchor is not None
        else []
    )
    return [
        Heading("Integrity statement"),
        Text(statement),
        *anchored,
        Table(("Check", "Result", "Detail"), rows, (0.25, 0.12, 0.63), small=True),
        Text(f"Generated {generated_text(annex.cover)}.", muted=True),
    ]
