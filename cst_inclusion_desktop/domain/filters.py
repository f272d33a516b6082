"""What a list of actions is filtered and sorted by, shared by the CLI, GUI and export."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from cst_inclusion_desktop.domain.enums import Rag, Status


class ActionSort(str, Enum):
    SCHOOL = "school"
    PRINCIPLE = "principle"
    TITLE = "title"
    OWNER = "owner"
    STATUS = "status"
    RAG = "rag"
    DUE_DATE = "due_date"
    LAST_REVIEW = "last_review"
    EVIDENCE_COUNT = "evidence_count"


@dataclass(frozen=True, slots=True)
class ActionFilter:
    school_ids: tuple[str, ...] = ()
    principle_numbers: tuple[int, ...] = ()
    statuses: tuple[Status, ...] = ()
    rags: tuple[Rag, ...] = ()
    not_rated: bool = False  # also (or only, with no rags) actions not yet rated
    overdue_only: bool = False
    search: str = ""
    include_archived: bool = False
    # Inspection criteria codes: actions that carry any of them (domain/criteria.py).
    criterion_codes: tuple[str, ...] = ()
    sort: ActionSort = ActionSort.DUE_DATE
    descending: bool = False

    def with_changes(self, **changes: object) -> ActionFilter:
        return replace(self, **changes)  # type: ignore[arg-type]
