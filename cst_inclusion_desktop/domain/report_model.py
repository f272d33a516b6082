"""Everything the board report shows, as plain frozen dataclasses.

The service (``services/reporting/report_data.py``) fills these from the database; the layout
(``reports/board.py``) only draws them. Keeping the hand-over plain means the PDF can be tested
without a database and the numbers can be tested without a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cst_inclusion_desktop.domain.enums import EvidenceKind, Rag, Status
from cst_inclusion_desktop.domain.records import CheckItem, MatrixCell, PrincipleRecord

DEFAULT_GROUP_LIMIT = 10
"""Actions listed per school under one principle (worst first) unless ``full`` is asked for."""
DEFAULT_LIST_LIMIT = 250
"""Rows listed per exception list and in the evidence index unless ``full`` is asked for."""


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range with the name people use for it ("Autumn term 2026")."""

    start: date
    end: date
    label: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of equal length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end, "previous period")

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def text(self) -> str:
        span = f"{format_day(self.start)} – {format_day(self.end)}"
        return f"{self.label} ({span})" if self.label else span


def format_day(day: date | None) -> str:
    """UK style, unambiguous: 1 Sep 2026."""
    return f"{day.day} {day:%b %Y}" if day else ""


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What to report on. Every field has a default: ``ReportRequest()`` is this term, all of it."""

    period_from: date | None = None
    period_to: date | None = None
    school_urns: tuple[str, ...] = ()
    principle_numbers: tuple[int, ...] = ()
    generated_by: str = ""
    per_school: bool = False
    full: bool = False
    """List every action and evidence item instead of the worst-first selection."""
    verify_evidence: bool = True


@dataclass(frozen=True, slots=True)
class SchoolRef:
    id: str
    urn: str
    name: str
    phase: str
    senco: str


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over the actions in scope, as they stand now, plus flows within the period."""

    total: int
    by_status: dict[Status, int]
    by_rag: dict[Rag, int]
    overdue: int
    completed_in_period: int
    new_actions_in_period: int
    new_evidence_in_period: int
    reviews_in_period: int


@dataclass(frozen=True, slots=True)
class Comparison:
    """One figure this period against the previous period of equal length."""

    label: str
    previous: int
    current: int
    lower_is_better: bool = False

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def text(self) -> str:
        sign = "+" if self.change > 0 else ("−" if self.change < 0 else "±")
        return f"{self.label}: {self.previous:,} → {self.current:,} ({sign}{abs(self.change):,})"


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    """Cumulative counts from the start of the period to ``day``."""

    day: date
    completed: int
    evidence: int
    reviews: int


@dataclass(frozen=True, slots=True)
class ActionLine:
    title: str
    owner: str
    status: Status
    rag: Rag
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
class SchoolAppendix:
    school: SchoolRef
    summary: Summary
    cells: tuple[MatrixCell, ...]
    concerns: tuple[ActionLine, ...]
    """The few red or overdue actions most worth a governor's question."""


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


@dataclass(frozen=True, slots=True)
class BoardReportData:
    """The whole report, ready to lay out."""

    title: str
    trust_name: str
    logo: bytes | None
    period: Period
    previous_period: Period
    framework_name: str
    framework_version: int
    generated_at: datetime
    generated_by: str
    filters: tuple[str, ...]
    principles: tuple[PrincipleRecord, ...]
    schools: tuple[SchoolRef, ...]
    summary: Summary
    comparisons: tuple[Comparison, ...]
    matrix: tuple[MatrixCell, ...]
    progress: tuple[ProgressPoint, ...]
    sections: tuple[PrincipleSection, ...]
    exceptions: Exceptions
    appendix: tuple[SchoolAppendix, ...]
    evidence: EvidenceIndex
    integrity: tuple[CheckItem, ...]
    limits_note: str = ""
    """Says how long lists were shortened, so nobody mistakes a selection for everything."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def cell(self, school_id: str, principle_number: int) -> MatrixCell:
        for cell in self.matrix:
            if cell.school_id == school_id and cell.principle_number == principle_number:
                return cell
        return MatrixCell(school_id, principle_number)
