"""The pieces the board paper and the annex share, as plain frozen dataclasses: periods, school
references, listed actions and their groupings, exception lists and the evidence index.

``domain/board_paper.py`` builds the paper and the annex from them; the services fill them and
``reports/`` only draws them, so the layout is tested without a database and the numbers
without a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cst_inclusion_desktop.domain.enums import EvidenceKind, Rag, Status
from cst_inclusion_desktop.domain.period import Period as Period
from cst_inclusion_desktop.domain.period import format_day as format_day
from cst_inclusion_desktop.domain.records import PrincipleRecord

DEFAULT_GROUP_LIMIT = 10
"""Actions listed per school under one principle (worst first) unless ``full`` is asked for."""
DEFAULT_LIST_LIMIT = 250
"""Rows listed per exception list and in the evidence index unless ``full`` is asked for."""


@dataclass(frozen=True, slots=True)
class SchoolRef:
    id: str
    urn: str
    name: str
    phase: str
    senco: str


@dataclass(frozen=True, slots=True)
class ActionLine:
    title: str
    owner: str
    status: Status
    rag: Rag | None
    due_date: date | None
    overdue: bool
    evidence_count: int
    latest_review_note: str
    latest_review_date: date | None
    school_urn: str
    school_name: str
    principle_number: int
    action_id: str = ""
    """Not printed: lets the service add each listed action's latest review note afterwards."""
    rated: bool = True
    """False: not yet rated (domain/definitions.py); print "not yet rated" instead of ``rag``."""


@dataclass(frozen=True, slots=True)
class SchoolGroup:
    """One school's actions under one principle; ``omitted`` were left out of a capped list."""

    school: SchoolRef
    actions: tuple[ActionLine, ...]
    total: int
    omitted: int = 0


@dataclass(frozen=True, slots=True)
class PrincipleSection:
    principle: PrincipleRecord
    total: int
    by_rag: dict[Rag, int]
    groups: tuple[SchoolGroup, ...]


@dataclass(frozen=True, slots=True)
class ActionList:
    """A list of actions (an exception) that may have been capped: ``total`` counts them all."""

    title: str
    explanation: str
    rows: tuple[ActionLine, ...]
    total: int

    @property
    def omitted(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True, slots=True)
class Gap:
    """A school with no live actions under a principle."""

    school: SchoolRef
    principle_number: int
    principle_title: str


@dataclass(frozen=True, slots=True)
class Exceptions:
    overdue: ActionList
    red: ActionList
    no_evidence: ActionList
    gaps: tuple[Gap, ...]


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    kind: EvidenceKind
    day: date
    title: str
    action_title: str
    school_urn: str
    principle_number: int
    sha256: str | None
    verified: bool | None
    """True: the stored bytes still hash to ``sha256``; False: they do not; None: no file."""

    @property
    def fingerprint(self) -> str:
        return self.sha256[:12] if self.sha256 else ""


@dataclass(frozen=True, slots=True)
class EvidenceIndex:
    rows: tuple[EvidenceLine, ...]
    total: int
    with_file: int
    verified: int
    failed: int

    @property
    def omitted(self) -> int:
        return self.total - len(self.rows)
