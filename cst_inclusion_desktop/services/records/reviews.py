"""Reviews: the assess–plan–do–review entries on an action. The action's RAG follows the
latest review unless someone has set it by hand."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import Operation, Rag
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import ReviewRecord
from cst_inclusion_desktop.domain.validation import clean_long_text, clean_name, parse_date
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.rows import touch
from cst_inclusion_desktop.services.safety.audit import snapshot
from cst_inclusion_desktop.store.models import Review


class ReviewService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def add(
        self,
        action_id: str,
        rag: str | Rag,
        note: str,
        review_date: str | date | None = None,
        next_review_date: str | date | None = None,
        reviewer: str | None = None,
    ) -> ReviewRecord:
        clean_rag = Rag.parse(rag)
        clean_note = clean_long_text(note, "note")
        when = parse_date(review_date, "date") or self.context.today()
        next_date = parse_date(next_review_date, "next_review_date")
        if next_date is not None and next_date < when:
            raise ValidationError(
                "next_review_date",
                next_date.isoformat(),
                f"a date on or after the review date {when.isoformat()}",
            )
        who = clean_name(
            reviewer if reviewer is not None else self.context.actor, "reviewer", required=False
        )
        with self.context.write() as (session, trail):
            action = lookups.action(session, action_id)
            actor = self.context.actor
            review = Review(
                action_id=action.id,
                date=when,
                rag=clean_rag.token,
                note=clean_note,
                next_review_date=next_date,
                reviewer=who,
                created_by=actor,
                updated_by=actor,
            )
            session.add(review)
            session.flush()
            trail.add("review", review.id, Operation.CREATE, None, snapshot(review))
            before = snapshot(action)
            if action.last_review_date is None or when >= action.last_review_date:
                action.last_review_date = when
                if not action.rag_overridden:
                    action.rag = clean_rag.token
            if snapshot(action) != before:
                touch(action, actor)
                trail.add("action", action.id, Operation.UPDATE, before, snapshot(action))
            return review_record(review)

    def list(self, action_id: str) -> list[ReviewRecord]:
        with self.context.read() as session:
            action = lookups.action(session, action_id)
            rows = session.execute(
                select(Review)
                .where(Review.action_id == action.id)
                .order_by(Review.date.desc(), Review.created_at.desc())
            ).scalars()
            return [review_record(row) for row in rows]


def latest_review(session: Session, action_id: str) -> Review | None:
    return session.execute(
        select(Review)
        .where(Review.action_id == action_id)
        .order_by(Review.date.desc(), Review.created_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def review_record(review: Review) -> ReviewRecord:
    return ReviewRecord(
        id=review.id,
        action_id=review.action_id,
        date=review.date,
        rag=Rag.from_token(review.rag),
        note=review.note,
        next_review_date=review.next_review_date,
        reviewer=review.reviewer,
        created_at=review.created_at,
        version=review.version,
    )
