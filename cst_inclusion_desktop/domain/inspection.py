"""A school's inspection summary as plain data: the cover, one section per inspection criterion
(what the school does, its evidence, its assess–plan–do–review history) and the appendices.

Services fill it from the database; reports/inspection_content.py lays it out (PDF or DOCX), so
the layout is tested on hand-built summaries without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cst_inclusion_desktop.domain.anchor import Anchor
from cst_inclusion_desktop.domain.criteria import Criterion, Toolkit
from cst_inclusion_desktop.domain.enums import EvidenceKind, Rag, Status
from cst_inclusion_desktop.domain.report_model import SchoolRef

ACTIONS_SHOWN = 4
"""Actions printed in full under each criterion; the rest are in the appendix."""
EVIDENCE_SHOWN = 5
HISTORY_SHOWN = 2
"""Actions whose review history is printed under each criterion."""
APPENDIX_LIMIT = 400
"""Actions listed in the appendix at most; the command line's `actions list` gives them all."""
EVIDENCE_APPENDIX_LIMIT = 90
"""Evidence items listed in the appendix at most, about two pages, so that a school of 200
actions stays near 15 pages; `evidence list --school URN` gives them all, with fingerprints."""


@dataclass(frozen=True, slots=True)
class SummaryAction:
    id: str
    title: str
    owner: str
    status: Status
    rag: Rag | None
    """None: not yet rated."""
    due_date: date | None
    completed_date: date | None
    latest_review_date: date | None
    latest_review_note: str
    criteria: tuple[str, ...]
    """Every criterion code the action carries (the appendix says them)."""


@dataclass(frozen=True, slots=True)
class SummaryEvidence:
    id: str
    kind: EvidenceKind
    day: date
    title: str
    fingerprint: str | None
    """The stored file's SHA-256, or None when there is no file."""
    file_name: str | None
    criteria: tuple[str, ...] = ()
    """The current criterion codes it carries, filled for the appendix (which says them)."""


@dataclass(frozen=True, slots=True)
class ReviewStep:
    day: date
    rag: Rag
    note: str
    reviewer: str
    next_review_date: date | None


@dataclass(frozen=True, slots=True)
class ReviewHistory:
    """One action's reviews within the 12 months, oldest first."""

    action_title: str
    status: Status
    steps: tuple[ReviewStep, ...]


@dataclass(frozen=True, slots=True)
class CriterionSection:
    criterion: Criterion
    actions: tuple[SummaryAction, ...]
    actions_total: int
    open_total: int
    completed_total: int
    evidence: tuple[SummaryEvidence, ...]
    evidence_total: int
    evidence_ever: int
    """Live evidence of any date: none at all is a gap (domain/definitions.py)."""
    history: tuple[ReviewHistory, ...]
    history_total: int

    @property
    def gap(self) -> bool:
        return self.evidence_ever == 0


@dataclass(frozen=True, slots=True)
class InspectionCover:
    trust_name: str
    logo: bytes | None
    school: SchoolRef
    day: date
    start: date
    """The first day of the 12 months the summary covers."""
    framework_name: str
    framework_version: int
    toolkit: Toolkit
    generated_at: datetime
    generated_by: str
    audit_anchor: Anchor | None
    """The audit chain's head at generation (services/safety/anchors.py), printed on the cover
    and in the file's metadata so `check --anchor FILE` can prove the record since."""


@dataclass(frozen=True, slots=True)
class InspectionSummary:
    cover: InspectionCover
    sections: tuple[CriterionSection, ...]
    appendix_actions: tuple[SummaryAction, ...]
    """The school's counted actions not printed in full in any section, limited."""
    appendix_total: int
    untagged_total: int
    """Counted actions that carry no current criterion (not in any section)."""
    appendix_evidence: tuple[SummaryEvidence, ...]
    """Evidence dated in the 12 months under a current criterion and printed in no section,
    newest first, limited."""
    appendix_evidence_total: int
    fingerprints: tuple[SummaryEvidence, ...]
    """The evidence printed in the sections that has a stored file, each once."""

    @property
    def title(self) -> str:
        return f"Inspection summary: {self.cover.school.name}"
