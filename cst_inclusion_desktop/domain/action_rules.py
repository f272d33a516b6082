"""The rules an action must satisfy, checked all at once so a form can show every problem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cst_inclusion_desktop.domain.definitions import parse_rag
from cst_inclusion_desktop.domain.enums import AreaOfNeed, Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError, ValidationErrors
from cst_inclusion_desktop.domain.validation import (
    check_date_order,
    clean_long_text,
    clean_name,
    clean_title,
    parse_date,
    parse_principle_number,
)

ACTION_FIELDS = (
    "school",
    "principle",
    "title",
    "description",
    "owner",
    "status",
    "rag",
    "start_date",
    "due_date",
    "completed_date",
    "area_of_need",
)


@dataclass(frozen=True, slots=True)
class ActionDraft:
    """An action as typed by a person: text or typed values, not yet checked.

    ``school`` is a URN (or a school id); ``principle`` is the principle number.
    """

    school: str
    principle: str | int
    title: str
    description: str = ""
    owner: str = ""
    status: str | Status = Status.PLANNED
    rag: str | Rag | None = None  # not yet rated until a review or a hand-set RAG
    start_date: str | date | None = None
    due_date: str | date | None = None
    completed_date: str | date | None = None
    area_of_need: str | AreaOfNeed | None = None
    # Inspection criteria codes; checked against the stored list by the service.
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ValidAction:
    school: str
    principle_number: int
    title: str
    description: str
    owner: str
    status: Status
    rag: Rag | None
    start_date: date | None
    due_date: date | None
    completed_date: date | None
    area_of_need: AreaOfNeed | None


def validate_action(draft: ActionDraft, principle_numbers: list[int], today: date) -> ValidAction:
    """Clean every field; raise ValidationErrors listing every problem found."""
    problems: list[ValidationError] = []

    def check(build: Callable[[], Any]) -> Any:
        try:
            return build()
        except ValidationError as error:
            problems.append(error)
            return None

    school = check(lambda: clean_name(draft.school, "school"))
    number = check(lambda: parse_principle_number(draft.principle, principle_numbers))
    title = check(lambda: clean_title(draft.title))
    description = check(lambda: clean_long_text(draft.description, "description"))
    owner = check(lambda: clean_name(draft.owner, "owner", required=False))
    status = check(lambda: Status.parse(draft.status))
    rag = check(lambda: parse_rag(draft.rag))
    start = check(lambda: parse_date(draft.start_date, "start_date"))
    due = check(lambda: parse_date(draft.due_date, "due_date"))
    completed = check(lambda: parse_date(draft.completed_date, "completed_date"))
    area = check(lambda: parse_area(draft.area_of_need))
    check(lambda: check_date_order(start, due))
    if status is Status.COMPLETED and completed is None:
        completed = today
    if problems:
        raise ValidationErrors(problems)
    return ValidAction(
        school=school,
        principle_number=number,
        title=title,
        description=description,
        owner=owner,
        status=status,
        rag=rag,
        start_date=start,
        due_date=due,
        completed_date=completed,
        area_of_need=area,
    )


def parse_area(value: str | AreaOfNeed | None) -> AreaOfNeed | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return AreaOfNeed.parse(value)
