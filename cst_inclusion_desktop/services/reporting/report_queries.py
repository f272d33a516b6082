"""The report's scope and its shared reads: which schools and principles, the latest review
notes of listed actions, and the evidence index, each set-based."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import EvidenceKind, Phase
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import PrincipleRecord
from cst_inclusion_desktop.domain.report_model import (
    EvidenceIndex,
    EvidenceLine,
    Period,
    SchoolRef,
)
from cst_inclusion_desktop.domain.validation import clean_urn, parse_principle_number
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.store.models import Action, Blob, Evidence, Principle, Review, School

_CHUNK = 500
# Plain dict look-ups: calling the enum class per row costs a second on 100,000 actions.
_KINDS = {kind.token: kind for kind in EvidenceKind}


@dataclass(frozen=True, slots=True)
class ReportScope:
    period: Period
    schools: tuple[SchoolRef, ...]
    principles: tuple[PrincipleRecord, ...]
    principle_ids: dict[str, int]
    all_schools: bool
    all_principles: bool

    def action_terms(self) -> list[Any]:
        return [
            Action.archived.is_(False),
            Action.school_id.in_([school.id for school in self.schools]),
            Action.principle_id.in_(list(self.principle_ids)),
        ]

    def evidence_terms(self, period: Period) -> list[Any]:
        return [
            Evidence.archived.is_(False),
            Evidence.school_id.in_([school.id for school in self.schools]),
            Evidence.principle_id.in_(list(self.principle_ids)),
            Evidence.date.between(period.start, period.end),
        ]


def build_scope(
    session: Session, period: Period, school_urns: Sequence[str], principle_numbers: Sequence[int]
) -> ReportScope:
    """The schools and principles asked for (all live ones by default); bad ones are errors."""
    principles = lookups.principles(session)
    numbers = [principle.number for principle in principles]
    wanted = {parse_principle_number(n, numbers) for n in principle_numbers}
    chosen = [p for p in principles if not wanted or p.number in wanted]
    rows = session.execute(select(School).order_by(School.name, School.urn)).scalars().all()
    by_urn = {school.urn: school for school in rows}
    if school_urns:
        schools = []
        for text in dict.fromkeys(school_urns):
            urn = clean_urn(text, "school")
            if urn not in by_urn:
                raise ValidationError("school", urn, "the URN of a school in this database")
            schools.append(by_urn[urn])
        schools.sort(key=lambda school: (school.name, school.urn))
    else:
        schools = [school for school in rows if not school.archived]
    return ReportScope(
        period=period,
        schools=tuple(
            SchoolRef(s.id, s.urn, s.name, Phase.parse(s.phase).label, s.senco) for s in schools
        ),
        principles=tuple(PrincipleRecord(p.id, p.number, p.title, p.summary) for p in chosen),
        principle_ids={p.id: p.number for p in chosen},
        all_schools=not school_urns,
        all_principles=not wanted,
    )


def latest_notes(
    session: Session, action_ids: Iterable[str], until: date | None = None
) -> dict[str, tuple[date, str]]:
    """Each action's latest review (day, note), on or before ``until`` when given."""
    ids = sorted(action_ids)
    notes: dict[str, tuple[date, str]] = {}
    dated = [] if until is None else [Review.date <= until]
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(Review.action_id, Review.date, Review.note)
            .where(Review.action_id.in_(ids[start : start + _CHUNK]), *dated)
            .order_by(Review.date, Review.created_at)
        )
        for action_id, day, note in session.execute(query):
            notes[action_id] = (day, note)  # ordered by date: the last one wins
    return notes


def evidence_index(
    session: Session, scope: ReportScope, bad_hashes: set[str], limit: int | None
) -> EvidenceIndex:
    """Counts over every item in scope from one aggregate; rows only as many as are listed.

    ``bad_hashes`` come from the evidence check, which re-hashed each distinct stored file once.
    """
    terms = scope.evidence_terms(scope.period)
    has_file = Evidence.blob_sha256.is_not(None)
    broken = or_(Blob.sha256.is_(None), Evidence.blob_sha256.in_(sorted(bad_hashes)))
    total, with_file, failed = session.execute(
        select(
            func.count(),
            func.count(Evidence.blob_sha256),
            func.coalesce(func.sum(case((and_(has_file, broken), 1), else_=0)), 0),
        )
        .select_from(Evidence)
        .outerjoin(Blob, Blob.sha256 == Evidence.blob_sha256)
        .where(*terms)
    ).one()
    # Choose the listed rows first, so actions and files are joined to those alone rather than
    # to every item of the period before the sort.
    listed = (
        select(Evidence.id)
        .join(School, School.id == Evidence.school_id)
        .where(*terms)
        .order_by(Evidence.date, School.urn, Evidence.title, Evidence.id)
        .limit(limit)
        .subquery()
    )
    query = (
        select(
            Evidence.kind,
            Evidence.date,
            Evidence.title,
            Action.title,
            School.urn,
            Principle.number,
            Evidence.blob_sha256,
            Blob.size,
        )
        .join(listed, listed.c.id == Evidence.id)
        .join(School, School.id == Evidence.school_id)
        .join(Principle, Principle.id == Evidence.principle_id)
        .outerjoin(Action, Action.id == Evidence.action_id)
        .outerjoin(Blob, Blob.sha256 == Evidence.blob_sha256)
        .order_by(Evidence.date, School.urn, Evidence.title, Evidence.id)
    )
    rows = []
    for kind, day, title, action_title, urn, number, sha256, size in session.execute(query):
        ok = None if not sha256 else (size is not None and sha256 not in bad_hashes)
        rows.append(
            EvidenceLine(_KINDS[kind], day, title, action_title or "", urn, number, sha256, ok)
        )
    return EvidenceIndex(tuple(rows), total, with_file, with_file - failed, failed)
