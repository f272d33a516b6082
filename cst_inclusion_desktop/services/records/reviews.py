"""Reviews: the assess–plan–do–review entries on an action. The action's RAG follows the
latest review unless someone has set it by hand."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import Operation, Rag
from cst_inclusion_desktop.domain.errors import NotFoundError, ValidationError
from cst_inclusion_desktop.domain.records import ReviewRecord
from cst_inclusion_desktop.domain.validation import clean_long_text, clean_name, parse_date
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.rows import touch
from cst_inclusion_desktop.services.safety.audit import AuditTrail, snapshot
from cst_inclusion_desktop.store.models import Action, Review


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
        _check_next_date(when, next_date)
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
            follow_reviews(session, trail, action, actor)
            return review_record(review)

    def update(
        self,
        review_id: str,
        *,
        rag: str | Rag | None = None,
        note: str | None = None,
        review_date: str | date | None = None,
        next_review_date: str | date | None = None,
        clear_next_review: bool = False,
    ) -> ReviewRecord:
        """Correct a review's RAG, note, date or next review date (None: leave it), audited with
        before and after; the action's RAG and last review follow its latest review again."""
        with self.context.write() as (session, trail):
            review = _review(session, review_id)
            before = snapshot(review)
            if rag is not None:
                review.rag = Rag.parse(rag).token
            if note is not None:
                review.note = clean_long_text(note, "note")
            if review_date is not None:
                review.date = parse_date(review_date, "date", required=True) or review.date
            if next_review_date is not None or clear_next_review:
                review.next_review_date = parse_date(next_review_date, "next_review_date")
            _check_next_date(review.date, review.next_review_date)
            if snapshot(review) != before:
                touch(review, self.context.actor)
                trail.add("review", review.id, Operation.UPDATE, before, snapshot(review))
                action = lookups.action(session, review.action_id)
                follow_reviews(session, trail, action, self.context.actor)
            return review_record(review)

    def remove(self, review_id: str) -> None:
        """Take a review out (only Undo of adding it does this); the audit log keeps it."""
        with self.context.write() as (session, trail):
            review = _review(session, review_id)
            trail.add("review", review.id, Operation.UPDATE, snapshot(review), None)
            action = lookups.action(session, review.action_id)
            session.delete(review)
            session.flush()
            follow_reviews(session, trail, action, self.context.actor)

    def get(self, review_id: str) -> ReviewRecord:
        with self.context.read() as session:
            return review_record(_review(session, review_id))

    def list(self, action_id: str) -> list[ReviewRecord]:
        with self.context.read() as session:
            action = lookups.action(session, action_id)
            rows = session.execute(
                select(Review)
                .where(Review.action_id == action.id)
                .order_by(Review.date.desc(), Review.created_at.desc())
            ).scalars()
            return [review_record(row) for row in rows]


def _review(session: Session, review_id: str) -> Review:
    review = session.get(Review, review_id)
    if review is None:
        raise NotFoundError("review", review_id)
    return review


def _check_next_date(when: date, next_date: date | None) -> None:
    if next_date is not None and next_date < when:
        raise ValidationError(
            "next_review_date",
            next_date.isoformat(),
            f"a date on or after the review date {when.isoformat()}",
        )


def follow_reviews(session: Session, trail: AuditTrail, action: Action, actor: str) -> None:
    """The action's last review date, and its RAG unless set by hand, from its latest review
    (none left: not yet rated)."""
    before = snapshot(action)
    latest = latest_review(session, action.id)
    action.last_review_date = latest.date if latest is not None else None
    if not action.rag_overridden:
        action.rag = latest.rag if latest is not None else None
    if snapshot(action) != before:
        touch(action, actor)
        trail.add("action", action.id, Operation.UPDATE, before, snapshot(action))


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
