"""The board paper and its annex as plain frozen dataclasses: the one model behind the PDF, the
DOCX and the figures JSON.

``services/reporting`` fills these (every figure as it stood at the period's end, by the rules of
``domain/definitions.py``); ``reports/`` only lays them out. Nothing here reads a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from cst_inclusion_desktop.domain.anchor import Anchor
from cst_inclusion_desktop.domain.coverage import Coverage
from cst_inclusion_desktop.domain.definitions import Mark, mark, shown_of
from cst_inclusion_desktop.domain.enums import AreaOfNeed, LabelledEnum, Rag
from cst_inclusion_desktop.domain.records import CheckItem, PrincipleRecord
from cst_inclusion_desktop.domain.report_model import (
    ActionList,
    EvidenceIndex,
    Exceptions,
    Period,
    PrincipleSection,
    SchoolRef,
)


class Purpose(LabelledEnum):
    """Why the paper is in front of the board (the cover sheet's "purpose")."""

    INFORMATION = ("information", "For information")
    DISCUSSION = ("discussion", "For discussion")
    DECISION = ("decision", "For decision")

    @classmethod
    def field_name(cls) -> str:
        return "purpose"


class Change(LabelledEnum):
    """Which way a figure moved against the compared period."""

    UP = ("up", "Up")
    DOWN = ("down", "Down")
    SAME = ("same", "No change")

    @property
    def arrow(self) -> str:
        return {Change.UP: "↑", Change.DOWN: "↓", Change.SAME: "→"}[self]

    @classmethod
    def between(cls, previous: int, current: int) -> Change:
        if current > previous:
            return cls.UP
        return cls.DOWN if current < previous else cls.SAME


@dataclass(frozen=True, slots=True)
class CoverFields:
    """What the person fills in for the cover sheet (remembered per trust between papers)."""

    meeting_date: date | None = None
    item: str = "Inclusion: the SEND record"
    purpose: Purpose = Purpose.INFORMATION
    recommendation: str = "The board is asked to note the report and discuss the questions."
    author: str = ""
    author_role: str = ""
    lead_trustee: str = ""


@dataclass(frozen=True, slots=True)
class BoardPaperRequest:
    """What to report on and what the cover says. ``BoardPaperRequest()`` is this term, all of it.

    ``questions`` None means "generate them from the exceptions"; a tuple (possibly edited in the
    dialog) is printed as given.
    """

    period_from: date | None = None
    period_to: date | None = None
    compare_since: date | None = None
    """The previous meeting's date: the compared period runs from it to the day before ours."""
    school_urns: tuple[str, ...] = ()
    principle_numbers: tuple[int, ...] = ()
    cover: CoverFields = field(default_factory=CoverFields)
    commentary: str = ""
    questions: tuple[str, ...] | None = None
    generated_by: str = ""
    """The person's display name from settings (empty when none is set); never an OS account."""
    full: bool = False
    """Lift every limit: each shortened list shows all its rows."""
    verify_evidence: bool = True


@dataclass(frozen=True, slots=True)
class Cover:
    trust_name: str
    logo: bytes | None
    title: str
    fields: CoverFields
    period: Period
    compared: Period
    framework_name: str
    framework_version: int
    generated_at: datetime
    generated_by: str
    scope: tuple[str, ...]
    """Plain lines saying which schools and principles the paper covers."""
    as_of: date | None = None
    """The day the figures stand on: the period's end, or today while it is still running."""
    anchor: Anchor | None = None
    """The audit chain's head when the report was made (printed; `check --anchor` proves it)."""


@dataclass(frozen=True, slots=True)
class Counts:
    """Open actions of a group (trust, school, cell, area) as they stood on one day."""

    open: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    not_rated: int = 0
    overdue: int = 0
    not_reviewed_this_term: int = 0
    green_overdue: int = 0

    @property
    def mark(self) -> Mark:
        return mark(self.open, self.red, self.amber, self.green)


@dataclass(frozen=True, slots=True)
class HeadlineFigure:
    """One headline figure of open actions with its share and its change."""

    key: str
    """The figures JSON key: open, red, overdue, not_reviewed_this_term, green_overdue, ..."""
    label: str
    current: int
    previous: int
    of_open: int
    """The open actions it is a share of (for "open" itself, the figure)."""
    lower_is_better: bool = True

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def direction(self) -> Change:
        return Change.between(self.previous, self.current)

    @property
    def percent(self) -> int | None:
        """Whole per cent of open actions; None for the open count itself or when none are open."""
        if self.key == "open" or not self.of_open:
            return None
        return round(100 * self.current / self.of_open)

    @property
    def change_text(self) -> str:
        """ "↓ 7 since Summer term 2026"-ready text: "↓ 7", "↑ 3", "→ 0"."""
        return f"{self.direction.arrow} {abs(self.change):,}"


@dataclass(frozen=True, slots=True)
class Headline:
    current: Counts
    previous: Counts
    figures: tuple[HeadlineFigure, ...]
    """In print order: open, red, overdue, not reviewed this term, green but overdue."""


@dataclass(frozen=True, slots=True)
class SchoolOfConcern:
    school: SchoolRef
    counts: Counts
    reasons: tuple[str, ...]
    """Plain sentences saying which part of the rule (docs/report.md) the school met."""


@dataclass(frozen=True, slots=True)
class Escalation:
    """An open action the board should hear about, with its latest review note in full."""

    title: str
    school: SchoolRef
    principle_number: int
    principle_title: str
    owner: str
    rag: Rag | None
    """None: not yet rated."""
    due_date: date | None
    days_overdue: int
    latest_review_date: date | None
    latest_review_note: str


@dataclass(frozen=True, slots=True)
class Shortened:
    """How much of a list is printed: "8 of 85"."""

    shown: int
    total: int

    @property
    def text(self) -> str:
        return shown_of(self.shown, self.total)

    @property
    def omitted(self) -> int:
        return self.total - self.shown


@dataclass(frozen=True, slots=True)
class Cell:
    """One matrix cell (or a row/column total): open actions as they stood, and the change."""

    principle_number: int
    """0 for a school's row total."""
    counts: Counts
    previous: Counts

    @property
    def mark(self) -> Mark:
        return self.counts.mark

    @property
    def red_change(self) -> Change:
        return Change.between(self.previous.red, self.counts.red)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    school: SchoolRef
    cells: tuple[Cell, ...]
    """One per principle, in the order of ``Matrix.principles``."""
    total: Cell


@dataclass(frozen=True, slots=True)
class Matrix:
    principles: tuple[PrincipleRecord, ...]
    rows: tuple[MatrixRow, ...]
    column_totals: tuple[Cell, ...]
    total: Cell


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One term of the six-term trend, every figure as it stood at the term's end."""

    term: Period
    red: int
    overdue: int
    completed: int
    """Completed within the term."""
    reviews: int
    """Reviews dated within the term."""


@dataclass(frozen=True, slots=True)
class Trends:
    points: tuple[TrendPoint, ...]
    """Oldest first, the reported period last."""
    text: str
    """A text alternative saying what the chart shows (for alt text and screen readers)."""


@dataclass(frozen=True, slots=True)
class SchoolGlance:
    """One school's row of "schools at a glance"."""

    school: SchoolRef
    counts: Counts
    previous: Counts
    evidence_this_term: int

    @property
    def red_change(self) -> Change:
        return Change.between(self.previous.red, self.counts.red)

    @property
    def overdue_change(self) -> Change:
        return Change.between(self.previous.overdue, self.counts.overdue)


@dataclass(frozen=True, slots=True)
class AreaOfNeedRow:
    area: AreaOfNeed | None
    """None: no area of need recorded."""
    counts: Counts

    @property
    def label(self) -> str:
        return self.area.label if self.area else "Not recorded"


@dataclass(frozen=True, slots=True)
class BoardPaper:
    """The board paper, section by section, in print order."""

    cover: Cover
    key_messages: tuple[str, ...]
    """3–5 plain sentences written from the data."""
    commentary: str
    headline: Headline
    concerns: tuple[SchoolOfConcern, ...]
    concerns_rule: str
    """The schools-of-concern rule in one sentence, printed beside the list."""
    escalations: tuple[Escalation, ...]
    escalations_shown: Shortened
    questions: tuple[str, ...]
    matrix: Matrix
    trends: Trends
    schools: tuple[SchoolGlance, ...]
    areas: tuple[AreaOfNeedRow, ...]
    definitions: tuple[str, ...]
    """One line per definition used (open, red, overdue, ...), for a short glossary."""


@dataclass(frozen=True, slots=True)
class SchoolPage:
    """One school's annex page."""

    school: SchoolRef
    counts: Counts
    cells: tuple[Cell, ...]
    concerns: ActionList
    """Its open red or overdue actions, worst first; ``total`` counts them all ("8 of 85")."""


@dataclass(frozen=True, slots=True)
class Annex:
    """The detail the board paper leaves out. Long is allowed; every shortened list says N of M."""

    cover: Cover
    sections: tuple[PrincipleSection, ...]
    """Per principle, its actions grouped by school (as they stood at the period's end)."""
    exceptions: Exceptions
    schools: tuple[SchoolPage, ...]
    evidence: EvidenceIndex
    integrity: tuple[CheckItem, ...]
    limits_note: str
    coverage: Coverage | None = None
    """Inspection criteria by school over the 12 months to the period's end."""
