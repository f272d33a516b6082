"""The annex's detail: the actions that count in the period, as they stood at its end, arranged
by principle and school, as exception lists and as per-school pages; and the integrity checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.board_paper import Cell, Counts, SchoolPage
from cst_inclusion_desktop.domain.definitions import counts_in_period
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.records import CheckItem
from cst_inclusion_desktop.domain.report_model import (
    DEFAULT_GROUP_LIMIT,
    DEFAULT_LIST_LIMIT,
    ActionList,
    Exceptions,
    PrincipleSection,
)
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.reporting import paper_build, report_build, report_queries
from cst_inclusion_desktop.services.reporting.report_build import ActionFact, LineMaker, noted
from cst_inclusion_desktop.services.reporting.report_queries import ReportScope
from cst_inclusion_desktop.services.reporting.standing import Fact, Stood, grouped
from cst_inclusion_desktop.services.safety.check import CheckService, evidence_hash_check

LIST_LIMIT = DEFAULT_LIST_LIMIT
SCHOOL_CONCERNS_SHOWN = 8


@dataclass(frozen=True, slots=True)
class Detail:
    sections: tuple[PrincipleSection, ...]
    exceptions: Exceptions
    schools: tuple[SchoolPage, ...]


def detail(
    session: Session,
    scope: ReportScope,
    facts: Sequence[Fact],
    now: Sequence[Stood | None],
    at_start: Sequence[Stood | None],
    full: bool,
) -> Detail:
    """Sections, exceptions and school pages of the actions that count in the period."""
    period = scope.period
    counted = []
    for fact, stood, started in zip(facts, now, at_start, strict=True):
        closed = started is not None and not started.is_open
        if stood is not None and counts_in_period(fact.begun, period.end, closed):
            counted.append(_as_listed(fact, stood))
    line = LineMaker({school.id: school for school in scope.schools})
    group_limit = None if full else DEFAULT_GROUP_LIMIT
    list_limit = None if full else LIST_LIMIT
    sections = report_build.group_sections(
        counted, scope.principles, scope.schools, group_limit, line
    )
    overdue, red, bare = report_build.exception_lists(counted, list_limit, line)
    cells = report_build.matrix(counted)
    exceptions = Exceptions(
        overdue, red, bare, report_build.gaps(cells, scope.schools, scope.principles)
    )
    by_cell = grouped(now, lambda i: (facts[i].school_id, facts[i].principle_number))
    worrying: dict[str, list[ActionFact]] = {school.id: [] for school in scope.schools}
    for item in counted:
        if item.is_open and (item.overdue or (item.rated and item.rag is Rag.RED)):
            worrying[item.school_id].append(item)
    pages = []
    for school in scope.schools:
        school_cells = tuple(
            Cell(p.number, by_cell.get((school.id, p.number), _EMPTY), _EMPTY)
            for p in scope.principles
        )
        members = sorted(worrying[school.id], key=report_build.priority)
        shown = members if full else members[:SCHOOL_CONCERNS_SHOWN]
        pages.append(
            SchoolPage(
                school,
                paper_build.add(cell.counts for cell in school_cells),
                school_cells,
                ActionList(
                    "Red or overdue open actions",
                    "Open actions rated red or past their due date, worst first.",
                    tuple(line(item) for item in shown),
                    len(members),
                ),
            )
        )
    notes = report_queries.latest_notes(session, line.requested, until=period.end)
    sections, exceptions = report_build.add_notes(sections, exceptions, notes)
    return Detail(sections, exceptions, _noted_pages(pages, notes))


_EMPTY = Counts()


def _as_listed(fact: Fact, stood: Stood) -> ActionFact:
    """The action as it stood, in the shape the annex's lists are built from."""
    rag = stood.rag
    is_open = stood.is_open
    return ActionFact(
        fact.id,
        fact.school_id,
        fact.principle_number,
        fact.title,
        fact.owner,
        stood.status,
        rag,
        fact.begun,
        fact.due_date,
        fact.completed_date,
        fact.evidence_count,
        stood.overdue,
        is_open,
        report_build.priority_key(rag, stood.overdue, is_open, fact.due_date, fact.title),
        stood.rag is not None,
    )


def _noted_pages(
    pages: list[SchoolPage], notes: dict[str, tuple[date, str]]
) -> tuple[SchoolPage, ...]:
    return tuple(
        replace(page, concerns=replace(page.concerns, rows=noted(page.concerns.rows, notes)))
        for page in pages
    )


def integrity(context: AppContext, verify_evidence: bool) -> tuple[tuple[CheckItem, ...], set[str]]:
    """The audit chain's check, every row against its last audited state (a direct edit of the
    file shows) and (unless skipped) the evidence files' re-hash."""
    check = CheckService(context)
    chain = check.audit_chain()
    rows = check.rows_audited()
    if not verify_evidence:
        skipped = CheckItem("evidence_hashes", True, "evidence files were not re-checked")
        return (chain, rows, skipped), set()
    evidence_item, bad_hashes = evidence_hash_check(context)
    return (chain, rows, evidence_item), bad_hashes


def limits_note(full: bool) -> str:
    if full:
        return "Every action and evidence item in scope is listed."
    return (
        f"To keep the annex readable, each school lists at most {DEFAULT_GROUP_LIMIT} actions per "
        f"principle (worst first), each school page at most {SCHOOL_CONCERNS_SHOWN} red or "
        f"overdue actions, and each exception list and the evidence index at most "
        f"{LIST_LIMIT:,} rows; each list says how many of how many it shows, and every count "
        "includes them all. Use the full option to list everything."
    )
