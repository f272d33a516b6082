"""Finding rows by the keys people type, with errors that say what was expected."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.errors import NotFoundError, ValidationError
from cst_inclusion_desktop.domain.validation import parse_principle_number
from cst_inclusion_desktop.store.models import Action, Evidence, Framework, Principle, School, Trust
from cst_inclusion_desktop.store.server import access


def trust(session: Session) -> Trust:
    found = session.execute(select(Trust).limit(1)).scalar_one_or_none()
    if found is None:
        raise NotFoundError("trust", "this database", "a database set up with `cst-inclusion init`")
    return found


def active_framework(session: Session) -> Framework:
    found = session.execute(
        select(Framework).where(Framework.active.is_(True)).limit(1)
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError("framework", "active", "a database set up with `cst-inclusion init`")
    return found


def principles(session: Session) -> list[Principle]:
    framework = active_framework(session)
    return list(
        session.execute(
            select(Principle)
            .where(Principle.framework_id == framework.id)
            .order_by(Principle.number)
        ).scalars()
    )


def principle_numbers(session: Session) -> list[int]:
    return [principle.number for principle in principles(session)]


def principle_by_number(session: Session, number: int | str, field: str = "principle") -> Principle:
    by_number = {principle.number: principle for principle in principles(session)}
    return by_number[parse_principle_number(number, list(by_number), field)]


def school(session: Session, key: str, field: str = "school") -> School:
    """A school by URN (what people type) or by id (what the GUI holds)."""
    text = (key or "").strip()
    column = School.urn if text.isdigit() else School.id
    found = session.execute(select(School).where(column == text)).scalar_one_or_none()
    if found is None:
        refused = access.school_refusal(session, text)
        if refused is not None:  # on a server, a SENCO sees only the schools granted to them
            raise refused
        raise ValidationError(field, text, "the URN of a school in this database")
    return found


def action(session: Session, action_id: str, field: str = "action") -> Action:
    found = session.get(Action, (action_id or "").strip())
    if found is None:
        raise ValidationError(field, action_id, "the id of an action in this database")
    return found


def evidence(session: Session, evidence_id: str, field: str = "evidence") -> Evidence:
    found = session.get(Evidence, (evidence_id or "").strip())
    if found is None:
        raise ValidationError(field, evidence_id, "the id of an evidence item in this database")
    return found
