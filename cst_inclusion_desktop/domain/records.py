"""Plain dataclasses the services hand to the command line, the GUI and the report.

Field names are the snake_case names of DESIGN.md §2; ``to_json`` gives the objects that
``--json`` prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from cst_inclusion_desktop.domain.definitions import Mark, mark
from cst_inclusion_desktop.domain.enums import (
    AreaOfNeed,
    EvidenceKind,
    Phase,
    Rag,
    Status,
)


def to_json(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of a record: enums as tokens, dates as ISO 8601."""
    return {key: _json_value(value) for key, value in dataclasses.asdict(record).items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class TrustRecord:
    id: str
    name: str
    has_logo: bool


@dataclass(frozen=True, slots=True)
class FrameworkRecord:
    id: str
    name: str
    version: int
    source: str
    principles: list[PrincipleRecord] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PrincipleRecord:
    id: str
    number: int
    title: str
    summary: str
    version: int = 1  # the row version read: a save from it is refused if it moved on


@dataclass(frozen=True, slots=True)
class SchoolRecord:
    id: str
    urn: str
    name: str
    phase: Phase
    senco: str
    archived: bool
    version: int = 1  # the row version read: a save from it is refused if it moved on


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One action with the names a list or editor shows beside it."""

    id: str
    school_id: str
    urn: str
    school_name: str
    principle_id: str
    number: int
    principle_title: str
    title: str
    description: str
    owner: str
    status: Status
    rag: Rag | None  # None: not yet rated
    rag_overridden: bool
    start_date: date | None
    due_date: date | None
    completed_date: date | None
    area_of_need: AreaOfNeed | None
    archived: bool
    overdue: bool
    last_review_date: date | None
    evidence_count: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    version: int = 1  # the row version read: a save from it is refused if it moved on
    # Inspection criteria codes, in the list's order (domain/criteria.py).
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    id: str
    school_id: str
    urn: str
    principle_id: str
    number: int
    action_id: str | None
    kind: EvidenceKind
    title: str
    note: str
    date: date
    file_name: str | None
    file_size: int | None
    sha256: str | None
    archived: bool
    created_at: datetime
    created_by: str
    version: int = 1  # the row version read: a save from it is refused if it moved on
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    id: str
    action_id: str
    date: dt.date
    rag: Rag
    note: str
    next_review_date: dt.date | None
    reviewer: str
    created_at: datetime
    version: int = 1  # the row version read: a save from it is refused if it moved on


@dataclass(frozen=True, slots=True)
class AuditRecord:
    seq: int
    id: str
    at: datetime
    actor: str
    entity: str
    entity_id: str
    operation: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class CheckItem:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    items: list[CheckItem]

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """Open actions of one school under one principle, by RAG, for the Trust overview."""

    school_id: str
    principle_number: int
    red: int = 0
    amber: int = 0
    green: int = 0
    not_rated: int = 0

    @property
    def total(self) -> int:
        """Open actions in the cell."""
        return self.red + self.amber + self.green + self.not_rated

    @property
    def mark(self) -> Mark:
        """THE mark rule (domain/definitions.py), as the board paper's matrix uses it."""
        return mark(self.total, self.red, self.amber, self.green)


@dataclass(frozen=True, slots=True)
class RecordChange:
    """Someone changed this row (``entity`` and ``entity_id`` empty: something, not known what)."""

    entity: str
    entity_id: str


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is signed in to a server database: what the window's status bar says."""

    login: str
    role_words: str  # "SENCO", "trust lead", "viewer"
    schools: tuple[str, ...]  # the URNs granted (a SENCO's only schools)
    read_only: bool  # a viewer: the database refuses every change

    @property
    def summary(self) -> str:
        if self.role_words != "SENCO":
            schools = "all schools"
        else:
            schools = f"schools {', '.join(self.schools)}" if self.schools else "no schools yet"
        return f"Signed in as {self.login} ({self.role_words}) · {schools}"
