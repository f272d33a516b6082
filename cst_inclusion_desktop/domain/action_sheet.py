"""One action's record on paper (for a meeting with parents or an inspector): the action's
fields, its reviews and its evidence list, as plain data the PDF writer draws."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cst_inclusion_desktop.domain.records import ActionRecord, EvidenceRecord, ReviewRecord


@dataclass(frozen=True, slots=True)
class ActionSheet:
    trust_name: str
    action: ActionRecord
    reviews: tuple[ReviewRecord, ...]
    """Newest first."""
    evidence: tuple[EvidenceRecord, ...]
    generated_by: str
    generated_at: datetime
