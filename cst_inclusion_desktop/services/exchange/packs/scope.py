"""Which school a pack's rows may touch here: its own school, and nothing of any other.

Ids are global (UUIDs), so a pack that names another school's row by id would otherwise
rewrite it. Before anything is planned, every row the pack carries that already exists here
must belong to the school the pack is for, and that school must be one row here, matched by
id and URN without clashing with another school.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.store.models import Action, Evidence, Review, School

CHUNK = 500


def local_school(session: Session, school: dict[str, Any], file: str) -> School | None:
    """This database's row for the pack's school, by id or else by URN; a clash is refused."""
    by_id = session.get(School, school["id"])
    by_urn = session.execute(select(School).where(School.urn == school["urn"])).scalar_one_or_none()
    if by_id is not None and by_urn is not None and by_id.id != by_urn.id:
        raise ValidationError(
            "school",
            f"{school['urn']} ({school['id']})",
            f"one school here: its id is '{by_id.name}' ({by_id.urn}) but its URN is "
            f"'{by_urn.name}' ({by_urn.urn}) in this database",
            where=file,
        )
    return by_id or by_urn


def check_rows_belong(session: Session, data: dict[str, Any], school_id: str, file: str) -> None:
    """Refuse the pack if any of its rows exists here under another school."""
    queries: list[tuple[str, str, Any]] = [
        (
            "action",
            "actions",
            lambda chunk: select(Action.id).where(
                Action.id.in_(chunk), Action.school_id != school_id
            ),
        ),
        (
            "evidence",
            "evidence",
            lambda chunk: select(Evidence.id).where(
                Evidence.id.in_(chunk), Evidence.school_id != school_id
            ),
        ),
        (
            "review",
            "reviews",
            lambda chunk: (
                select(Review.id)
                .join(Action, Action.id == Review.action_id)
                .where(Review.id.in_(chunk), Action.school_id != school_id)
            ),
        ),
    ]
    for entity, key, query in queries:
        ids = [values["id"] for values in data[key]]
        for chunk in _chunks(ids):
            found = session.execute(query(chunk).limit(1)).scalar()
            if found is not None:
                raise _other_school(entity, found, file)


def _other_school(entity: str, row_id: str, file: str) -> ValidationError:
    return ValidationError(
        "id",
        row_id,
        "rows of the pack's own school only (this one belongs to another school here)",
        where=f"{file}, {entity} {row_id}",
    )


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]
