"""A school's inspection summary (domain/inspection.py) from a handful of set-based reads: the
school's live actions, evidence and reviews with their criteria, then arranged in Python.

What counts is the coverage rule (domain/definitions.py: open, or completed within the 12 months;
evidence dated within them), so the summary and the Trust overview's coverage agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.criteria import Criterion, Toolkit
from cst_inclusion_desktop.domain.definitions import (
    counts_for_coverage,
    coverage_start,
    evidence_in_coverage,
    rated,
)
from cst_inclusion_desktop.domain.enums import EvidenceKind, Phase, Rag, Status
from cst_inclusion_desktop.domain.inspection import (
    ACTIONS_SHOWN,
    APPENDIX_LIMIT,
    EVIDENCE_APPENDIX_LIMIT,
    EVIDENCE_SHOWN,
    HISTORY_SHOWN,
    CriterionSection,
    InspectionCover,
    InspectionSummary,
    ReviewHistory,
    ReviewStep,
    SummaryAction,
    SummaryEvidence,
)
from cst_inclusion_desktop.domain.report_model import SchoolRef
from cst_inclusion_desktop.domain.validation import clean_urn
from cst_inclusion_desktop.services.context import AppContext, CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.criteria import toolkit_row
from cst_inclusion_desktop.services.reporting.coverage import current_criteria
from cst_inclusion_desktop.services.reporting.paper_service import Stepper
from cst_inclusion_desktop.services.reporting.report_queries import latest_notes
from cst_inclusion_desktop.services.safety.anchors import current_anchor
from cst_inclusion_desktop.store.models import (
    Action,
    ActionCriterion,
    Evidence,
    EvidenceCriterion,
    InspectionCriterion,
    Review,
)

_STEPS = 4
T = TypeVar("T")
# Token lookups: parse() normalises and checks each value, which on a large school's ~10,000
# stored tokens took half the summary's time.
_STATUSES = {status.token: status for status in Status}
_RAGS = {rag.token: rag for rag in Rag}
_KINDS = {kind.token: kind for kind in EvidenceKind}


class InspectionService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def summary(
        self,
        urn: str,
        generated_by: str = "",
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> InspectionSummary:
        """The summary for the school with ``urn`` as it stands today; an unknown URN is bad
        input (ValidationError naming the school field)."""
        step = Stepper(_STEPS, progress, cancelled)
        day = self.context.today()
        with self.context.read() as session:
            school = lookups.school(session, clean_urn(urn, "school"), "school")
            ref = SchoolRef(
                school.id, school.urn, school.name, Phase.parse(school.phase).label, school.senco
            )
            step("Reading the school's actions")
            criteria = current_criteria(session)
            codes = _codes(session)
            actions, action_codes = _actions(session, school.id, codes)
            step("Reading evidence and reviews")
            evidence, evidence_codes = _evidence(session, school.id, day, codes)
            reviews = _reviews(session, school.id, coverage_start(day), day)
            step("Arranging the sections")
            summary = arrange(
                _cover(session, ref, day, generated_by),
                criteria,
                actions,
                action_codes,
                evidence,
                evidence_codes,
                reviews,
                lambda ids: latest_notes(session, ids, until=day),
            )
            step("Done")
            return summary


def arrange(
    cover: InspectionCover,
    criteria: tuple[Criterion, ...],
    actions: dict[str, SummaryAction],
    action_codes: dict[str, set[str]],
    evidence: dict[str, SummaryEvidence],
    evidence_codes: dict[str, set[str]],
    reviews: dict[str, list[ReviewStep]],
    notes_of: Callable[[Iterable[str]], dict[str, tuple[date, str]]],
) -> InspectionSummary:
    """The sections and appendices from the school's records (no database here)."""
    day, start = cover.day, cover.start
    counted = sorted(
        (
            action
            for action in actions.values()
            if counts_for_coverage(action.status, action.completed_date, day)
        ),
        key=_order,
    )
    # Each list is ordered once and dealt out to its criteria, keeping the order.
    by_code = _dealt(counted, action_codes, lambda action: action.id)
    newest = sorted(evidence.values(), key=lambda item: (item.day, item.title), reverse=True)
    items_by_code = _dealt(newest, evidence_codes, lambda item: item.id)
    latest = sorted(
        (action_id for action_id in reviews if action_id in actions),
        key=lambda action_id: (reviews[action_id][-1].day, actions[action_id].title),
        reverse=True,
    )
    reviewed_by_code = _dealt(latest, action_codes, lambda action_id: action_id)
    plans = []
    shown_ids: set[str] = set()
    for criterion in criteria:
        members = by_code.get(criterion.code, [])
        shown_ids.update(action.id for action in members[:ACTIONS_SHOWN])
        plans.append(
            (
                criterion,
                members,
                items_by_code.get(criterion.code, []),
                reviewed_by_code.get(criterion.code, []),
            )
        )
    notes = notes_of(shown_ids)
    sections = []
    printed: dict[str, SummaryEvidence] = {}
    unprinted: dict[str, SummaryEvidence] = {}
    for criterion, members, items, reviewed in plans:
        recent = [item for item in items if evidence_in_coverage(item.day, day)]
        printed.update((item.id, item) for item in recent[:EVIDENCE_SHOWN])
        unprinted.update((item.id, item) for item in recent[EVIDENCE_SHOWN:])
        sections.append(
            CriterionSection(
                criterion=criterion,
                actions=tuple(_noted(action, notes) for action in members[:ACTIONS_SHOWN]),
                actions_total=len(members),
                open_total=sum(action.status.is_open for action in members),
                completed_total=sum(not action.status.is_open for action in members),
                evidence=tuple(recent[:EVIDENCE_SHOWN]),
                evidence_total=len(recent),
                evidence_ever=len(items),
                history=tuple(
                    ReviewHistory(
                        actions[action_id].title,
                        actions[action_id].status,
                        tuple(step for step in reviews[action_id] if step.day >= start),
                    )
                    for action_id in reviewed[:HISTORY_SHOWN]
                ),
                history_total=len(reviewed),
            )
        )
    current = {criterion.code for criterion in criteria}
    rest = [action for action in counted if action.id not in shown_ids]
    other_evidence = [
        replace(item, criteria=tuple(sorted(evidence_codes[item.id] & current)))
        for item in newest
        if item.id in unprinted and item.id not in printed
    ][:EVIDENCE_APPENDIX_LIMIT]
    return InspectionSummary(
        cover=cover,
        sections=tuple(sections),
        appendix_actions=tuple(rest[:APPENDIX_LIMIT]),
        appendix_total=len(rest),
        untagged_total=sum(not (action_codes.get(a.id, set()) & current) for a in counted),
        appendix_evidence=tuple(other_evidence),
        appendix_evidence_total=sum(item_id not in printed for item_id in unprinted),
        fingerprints=tuple(
            sorted((e for e in printed.values() if e.fingerprint), key=lambda e: (e.day, e.title))
        ),
    )


def _dealt(
    ordered: Iterable[T],
    codes: dict[str, set[str]],
    key: Callable[[T], str],
) -> dict[str, list[T]]:
    """Each criterion code's records, in ``ordered``'s order."""
    dealt: dict[str, list[T]] = {}
    for record in ordered:
        for code in codes.get(key(record), ()):
            dealt.setdefault(code, []).append(record)
    return dealt


def _order(action: SummaryAction) -> tuple[bool, int, date, str]:
    """Open actions first, soonest due (no date last); then completed, latest first."""
    if action.status.is_open:
        return (False, 0 if action.due_date else 1, action.due_date or date.max, action.title)
    done = action.completed_date or date.min
    return (True, 0, date.max - (done - date.min), action.title)


def _noted(action: SummaryAction, notes: dict[str, tuple[date, str]]) -> SummaryAction:
    found = notes.get(action.id)
    if found is None:
        return action
    return SummaryAction(
        action.id,
        action.title,
        action.owner,
        action.status,
        action.rag,
        action.due_date,
        action.completed_date,
        found[0],
        found[1],
        action.criteria,
    )


def _codes(session: Session) -> dict[str, str]:
    """Every criterion's code by id (retired ones too: the appendix names what records carry)."""
    return {
        row.id: row.code
        for row in session.execute(select(InspectionCriterion.id, InspectionCriterion.code))
    }


def _actions(
    session: Session, school_id: str, codes: dict[str, str]
) -> tuple[dict[str, SummaryAction], dict[str, set[str]]]:
    live = (Action.school_id == school_id, Action.archived.is_(False))
    links: dict[str, set[str]] = {}
    for action_id, criterion_id in session.execute(
        select(ActionCriterion.action_id, ActionCriterion.criterion_id)
        .join(Action, Action.id == ActionCriterion.action_id)
        .where(*live)
    ):
        links.setdefault(action_id, set()).add(codes[criterion_id])
    query = select(
        Action.id,
        Action.title,
        Action.owner,
        Action.status,
        Action.rag,
        Action.rag_overridden,
        Action.due_date,
        Action.completed_date,
        Action.last_review_date,
    ).where(*live)
    actions = {}
    for row in session.execute(query):
        recorded = None if row.rag is None else _RAGS[row.rag]
        reviewed = recorded if row.last_review_date is not None else None
        actions[row.id] = SummaryAction(
            row.id,
            row.title,
            row.owner,
            _STATUSES[row.status],
            rated(reviewed, recorded, row.rag_overridden),
            row.due_date,
            row.completed_date,
            None,
            "",
            tuple(sorted(links.get(row.id, ()))),
        )
    return actions, links


def _evidence(
    session: Session, school_id: str, day: date, codes: dict[str, str]
) -> tuple[dict[str, SummaryEvidence], dict[str, set[str]]]:
    """The school's live evidence dated up to ``day`` that carries a criterion."""
    query = (
        select(
            Evidence.id,
            Evidence.kind,
            Evidence.date,
            Evidence.title,
            Evidence.blob_sha256,
            Evidence.file_name,
            EvidenceCriterion.criterion_id,
        )
        .join(EvidenceCriterion, EvidenceCriterion.evidence_id == Evidence.id)
        .where(Evidence.school_id == school_id, Evidence.archived.is_(False), Evidence.date <= day)
    )
    items: dict[str, SummaryEvidence] = {}
    links: dict[str, set[str]] = {}
    for row in session.execute(query):
        if row.id not in items:
            items[row.id] = SummaryEvidence(
                row.id,
                _KINDS[row.kind],
                row.date,
                row.title,
                row.blob_sha256,
                row.file_name,
            )
        links.setdefault(row.id, set()).add(codes[row.criterion_id])
    return items, links


def _reviews(
    session: Session, school_id: str, start: date, day: date
) -> dict[str, list[ReviewStep]]:
    """Each live action's reviews within the 12 months, oldest first."""
    query = (
        select(
            Review.action_id,
            Review.date,
            Review.rag,
            Review.note,
            Review.reviewer,
            Review.next_review_date,
        )
        .join(Action, Action.id == Review.action_id)
        .where(
            Action.school_id == school_id,
            Action.archived.is_(False),
            Review.date >= start,
            Review.date <= day,
        )
        .order_by(Review.date, Review.created_at)
    )
    found: dict[str, list[ReviewStep]] = {}
    for row in session.execute(query):
        found.setdefault(row.action_id, []).append(
            ReviewStep(row.date, _RAGS[row.rag], row.note, row.reviewer, row.next_review_date)
        )
    return found


def _cover(session: Session, school: SchoolRef, day: date, generated_by: str) -> InspectionCover:
    trust = lookups.trust(session)
    framework = lookups.active_framework(session)
    now = datetime.now(UTC)
    row = toolkit_row(session)
    toolkit = Toolkit(row.name, row.published, row.version)
    return InspectionCover(
        trust_name=trust.name,
        logo=trust.logo,
        school=school,
        day=day,
        start=coverage_start(day),
        framework_name=framework.name,
        framework_version=framework.version,
        toolkit=toolkit,
        generated_at=now,
        generated_by=generated_by.strip(),
        audit_anchor=current_anchor(session, now),
    )
