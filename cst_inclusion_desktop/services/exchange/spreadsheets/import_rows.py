"""Row-level helpers of the spreadsheet import: parsing choices once, and the values written.

Kept apart from the planner so each module stays short; nothing here touches a session.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from cst_inclusion_desktop.domain.action_rules import ACTION_FIELDS, ValidAction
from cst_inclusion_desktop.domain.enums import AreaOfNeed, LabelledEnum, Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.services.exchange.spreadsheets.reading import SheetRow
from cst_inclusion_desktop.store.models import Action

CHUNK = 500  # rows between progress reports and cancel checks; also the IN (...) batch size
# Every action field but the two that place it (school and principle).
CONTENT_FIELDS = ACTION_FIELDS[2:]


_CHOICES: dict[str, type[LabelledEnum]] = {"status": Status, "rag": Rag, "area_of_need": AreaOfNeed}


@functools.lru_cache(maxsize=256)
def _parse_choice(key: str, text: str) -> LabelledEnum | None:
    try:
        return _CHOICES[key].parse(text)
    except ValidationError:
        return None


def known_choice(key: str, value: Any) -> Any:
    """A status, RAG or area parsed once per distinct spelling (10,000 rows repeat a few).

    Text that does not parse is passed on unchanged, so validate_action reports it.
    """
    if key not in _CHOICES or not isinstance(value, str) or not value.strip():
        return value
    return _parse_choice(key, value) or value


def cell(row: SheetRow, position: int) -> Any:
    return row.cells[position] if position < len(row.cells) else None


def chunks(items: list[Any]) -> list[list[Any]]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]


def draft_values(action: Action) -> dict[str, Any]:
    return {name: getattr(action, name) for name in CONTENT_FIELDS}


def stored(valid: ValidAction) -> dict[str, Any]:
    """The validated fields as the action table stores them."""
    return {
        "title": valid.title,
        "description": valid.description,
        "owner": valid.owner,
        "status": valid.status.token,
        "rag": valid.rag.token if valid.rag else None,
        "start_date": valid.start_date,
        "due_date": valid.due_date,
        "completed_date": valid.completed_date,
        "area_of_need": valid.area_of_need.token if valid.area_of_need else None,
    }


def changes(
    action: Action, valid: ValidAction, school_id: str, principle_id: str
) -> dict[str, Any]:
    wanted = stored(valid) | {"school_id": school_id, "principle_id": principle_id}
    return {name: value for name, value in wanted.items() if getattr(action, name) != value}


def new_row(
    valid: ValidAction, row_id: str, school_id: str, principle_id: str, actor: str, now: Any
) -> dict[str, Any]:
    """Every column of a new action, ready for one bulk insert."""
    return {
        "id": row_id,
        "school_id": school_id,
        "principle_id": principle_id,
        **stored(valid),
        "rag_overridden": False,
        "archived": False,
        "evidence_count": 0,
        "last_review_date": None,
        "created_at": now,
        "created_by": actor,
        "updated_at": now,
        "updated_by": actor,
        "revision": 1,
    }


def audit_values(values: dict[str, Any]) -> dict[str, Any]:
    """The same shape ``snapshot`` gives for a row, from the values we inserted."""
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
    }
