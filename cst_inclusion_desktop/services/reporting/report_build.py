"""The annex's lists from actions as they stood: sections by principle and school, exception
lists and gaps, most pressing first. Pure Python over facts read in one snapshot."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter

from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.records import MatrixCell, PrincipleRecord
from cst_inclusion_desktop.domain.report_model import (
    ActionLine,
    ActionList,
    Exceptions,
    Gap,
    PrincipleSection,
    SchoolGroup,
    SchoolRef,
)


@dataclass(frozen=True, slots=True)
class ActionFact:
    """The columns of one live action that the report needs."""

    id: str
    school_id: str
    principle_number: int
    title: str
    owner: str
    status: Status
    rag: Rag | None
    start_date: date | None
    due_date: date | None
    completed_date: date | None
    evidence_count: int
    overdue: bool
    is_open: bool
    rank: tuple[int, int, int, date, str]
    """``priority_key`` of the action, computed once: the report sorts 100,000 actions into
    sections, exception lists and concerns, and a key function per comparison cost a second."""
    rated: bool = True
    """False: not yet rated (domain/definitions.py: a NULL RAG); ``rag`` is then None."""


_SEVERITY = {rag: rag.severity for rag in Rag}

priority = attrgetter("rank")
"""The sort key of an ActionFact: worst first (see ``priority_key``)."""


def priority_key(
    rag: Rag | None, overdue: bool, is_open: bool, due_date: date | None, title: str
) -> tuple[int, int, int, date, str]:
    """Most pressing first: open before closed (a completed red never outranks an open overdue
    action), then red, then overdue, then earliest due."""
    severity = _SEVERITY[rag] if rag is not None else -1  # not yet rated: after green
    return (0 if is_open else 1, -severity, 0 if overdue else 1, due_date or date.max, title)


def matrix(facts: Iterable[ActionFact]) -> tuple[MatrixCell, ...]:
    counts: dict[tuple[str, int], Counter[Rag | None]] = defaultdict(Counter)
    for fact in facts:
        counts[(fact.school_id, fact.principle_number)][fact.rag] += 1
    return tuple(
        MatrixCell(school_id, number, rags[Rag.RED], rags[Rag.AMBER], rags[Rag.GREEN], rags[None])
        for (school_id, number), rags in sorted(counts.items())
    )


def group_sections(
    facts: Sequence[ActionFact],
    principles: Sequence[PrincipleRecord],
    schools: Sequence[SchoolRef],
    limit: int | None,
    line: LineMaker,
) -> tuple[PrincipleSection, ...]:
    by_group: dict[tuple[int, str], list[ActionFact]] = defaultdict(list)
    for fact in facts:
        by_group[(fact.principle_number, fact.school_id)].append(fact)
    sections = []
    for principle in principles:
        groups = []
        rags: Counter[Rag | None] = Counter()
        for school in schools:
            members = sorted(by_group.get((principle.number, school.id), []), key=priority)
            if not members:
                continue
            rags.update(fact.rag for fact in members)
            shown = members if limit is None else members[:limit]
            groups.append(
                SchoolGroup(
                    school, tuple(line(f) for f in shown), len(members), len(members) - len(shown)
                )
            )
        sections.append(
            PrincipleSection(
                principle,
                sum(rags.values()),
                {rag: rags.get(rag, 0) for rag in Rag},
                tuple(groups),
            )
        )
    return tuple(sections)


def exception_lists(
    facts: Sequence[ActionFact], limit: int | None, line: LineMaker
) -> tuple[ActionList, ActionList, ActionList]:
    open_facts = [fact for fact in facts if fact.is_open]
    overdue = sorted((f for f in open_facts if f.overdue), key=lambda f: (f.due_date, f.title))
    red = sorted((f for f in open_facts if f.rag is Rag.RED), key=priority)
    bare = sorted((f for f in open_facts if f.evidence_count == 0), key=priority)
    return (
        _action_list(
            "Overdue actions", "Open actions whose due date has passed.", overdue, limit, line
        ),
        _action_list("Red actions", "Open actions rated red.", red, limit, line),
        _action_list(
            "Actions with no evidence", "Open actions with no evidence recorded.", bare, limit, line
        ),
    )


def _action_list(
    title: str, explanation: str, facts: list[ActionFact], limit: int | None, line: LineMaker
) -> ActionList:
    shown = facts if limit is None else facts[:limit]
    return ActionList(title, explanation, tuple(line(fact) for fact in shown), len(facts))


def gaps(
    matrix_cells: Iterable[MatrixCell],
    schools: Sequence[SchoolRef],
    principles: Sequence[PrincipleRecord],
) -> tuple[Gap, ...]:
    covered = {(cell.school_id, cell.principle_number) for cell in matrix_cells if cell.total}
    return tuple(
        Gap(school, principle.number, principle.title)
        for school in schools
        for principle in principles
        if (school.id, principle.number) not in covered
    )


class LineMaker:
    """Builds ActionLines with school names, noting which actions were listed.

    The lines start without their latest review note: which actions a report lists is known only
    once every list is cut, so the notes are read for those alone and added by ``add_notes``.
    """

    def __init__(self, schools: dict[str, SchoolRef]) -> None:
        self.schools = schools
        self.requested: set[str] = set()

    def __call__(self, fact: ActionFact) -> ActionLine:
        self.requested.add(fact.id)
        school = self.schools[fact.school_id]
        return ActionLine(
            title=fact.title,
            owner=fact.owner,
            status=fact.status,
            rag=fact.rag,
            due_date=fact.due_date,
            overdue=fact.overdue,
            evidence_count=fact.evidence_count,
            latest_review_note="",
            latest_review_date=None,
            school_urn=school.urn,
            school_name=school.name,
            principle_number=fact.principle_number,
            action_id=fact.id,
            rated=fact.rated,
        )


def add_notes(
    sections: tuple[PrincipleSection, ...],
    exceptions: Exceptions,
    notes: dict[str, tuple[date, str]],
) -> tuple[tuple[PrincipleSection, ...], Exceptions]:
    """The same sections and exceptions with each line's latest review note."""
    return (
        tuple(
            replace(s, groups=tuple(replace(g, actions=noted(g.actions, notes)) for g in s.groups))
            for s in sections
        ),
        replace(
            exceptions,
            overdue=replace(exceptions.overdue, rows=noted(exceptions.overdue.rows, notes)),
            red=replace(exceptions.red, rows=noted(exceptions.red.rows, notes)),
            no_evidence=replace(
                exceptions.no_evidence, rows=noted(exceptions.no_evidence.rows, notes)
            ),
        ),
    )


def noted(
    lines: tuple[ActionLine, ...], notes: dict[str, tuple[date, str]]
) -> tuple[ActionLine, ...]:
    """The lines with each one's latest review note (from ``report_queries.latest_notes``)."""
    return tuple(_noted(line, notes) for line in lines)


def _noted(line: ActionLine, notes: dict[str, tuple[date, str]]) -> ActionLine:
    if line.action_id not in notes:
        return line
    review_date, note = notes[line.action_id]
    return replace(line, latest_review_note=note, latest_review_date=review_date)
