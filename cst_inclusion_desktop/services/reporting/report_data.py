"""Assembling the board report's data: validate the filters, read one snapshot, shape it.

A handful of set-based queries (one for the actions in scope, grouped counts for evidence and
reviews, the latest review notes only for the actions the report lists), then pure Python in
``report_build``. The demo trust of 60 schools and 100,000 actions assembles in a few seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.board_paper import Annex, BoardPaper, BoardPaperRequest
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.domain.records import MatrixCell
from cst_inclusion_desktop.domain.report_model import (
    DEFAULT_GROUP_LIMIT,
    DEFAULT_LIST_LIMIT,
    BoardReportData,
    Exceptions,
    Period,
    PrincipleSection,
    ReportRequest,
    SchoolAppendix,
)
from cst_inclusion_desktop.domain.terms import named_period, term_containing
from cst_inclusion_desktop.services.context import AppContext, CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.reporting import report_build, report_queries
from cst_inclusion_desktop.services.reporting.paper_service import PaperService
from cst_inclusion_desktop.services.reporting.report_build import ActionFact, FlowCounts, LineMaker
from cst_inclusion_desktop.services.reporting.report_queries import ReportScope
from cst_inclusion_desktop.services.safety.check import CheckService, evidence_hash_check

__all__ = ["ReportRequest", "ReportService"]

_STEPS = 6


class ReportService:
    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.paper = PaperService(context)

    def board_paper(
        self,
        request: BoardPaperRequest,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> BoardPaper:
        """The board paper (``paper_service``): every figure as it stood at the period's end."""
        return self.paper.board_paper(request, progress, cancelled)

    def annex(
        self,
        request: BoardPaperRequest,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Annex:
        """The annex: the detail behind the board paper."""
        return self.paper.annex(request, progress, cancelled)

    def resolve_period(self, request: ReportRequest) -> Period:
        """The period asked for; a missing end is filled from the term of the other one."""
        start, end = request.period_from, request.period_to
        if start is None and end is None:
            return term_containing(self.context.today())
        if start is None:
            start = term_containing(end).start  # type: ignore[arg-type]
        if end is None:
            end = term_containing(start).end
        if start > end:
            raise ValidationError(
                "from", start.isoformat(), f"a date on or before the end date {end.isoformat()}"
            )
        return named_period(start, end)

    def assemble(
        self,
        request: ReportRequest,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> BoardReportData:
        """Everything the PDF shows. Raises ValidationError for filters that match nothing."""
        step = _Stepper(progress, cancelled)
        today = self.context.today()
        generated_at = datetime.now(UTC)
        with self.context.read() as session:
            scope = self._scope(session, request)
            period, previous = scope.period, scope.period.previous()
            trust = lookups.trust(session)
            framework = lookups.active_framework(session)
            step("Reading actions")
            facts = report_queries.facts(session, scope, today)
            step("Counting evidence and reviews")
            reviews = report_queries.reviews_between(
                session, scope, facts, previous.start, period.end
            )
            school_flows = report_queries.flows_by_school(session, scope, facts, period, reviews)
            current_flow = report_queries.total_flow(school_flows.values())
            previous_flow = report_queries.total_flow(
                report_queries.flows_by_school(session, scope, facts, previous, reviews).values()
            )
            as_at = min(period.end, today)
            current_state = report_build.state_at(
                facts, as_at, today, report_queries.review_rags_at(session, scope, as_at, today)
            )
            previous_state = report_build.state_at(
                facts,
                previous.end,
                today,
                report_queries.review_rags_at(session, scope, previous.end, today),
            )
            progress_points = report_build.progress_points(
                period,
                today,
                (f.completed_date for f in facts if f.completed_date),
                report_queries.evidence_by_day(session, scope, period),
                report_queries.reviews_by_day(reviews, period),
            )
            step("Arranging sections")
            group_limit = None if request.full else DEFAULT_GROUP_LIMIT
            list_limit = None if request.full else DEFAULT_LIST_LIMIT
            line = LineMaker({school.id: school for school in scope.schools})
            cells = report_build.matrix(facts)
            sections, exceptions, appendix = report_build.add_notes(
                *_detail(facts, cells, scope, school_flows, group_limit, list_limit, line),
                report_queries.latest_notes(session, line.requested),
            )
            step("Checking the audit chain and evidence files")
            check = CheckService(self.context)
            evidence_item, bad_hashes = evidence_hash_check(self.context)
            integrity = (check.audit_chain(), evidence_item)
            step("Indexing evidence")
            evidence = report_queries.evidence_index(session, scope, bad_hashes, list_limit)
            step("Done")
            only_school = scope.schools[0] if len(scope.schools) == 1 else None
            return BoardReportData(
                title=(
                    f"School inclusion report: {only_school.name}"
                    if request.per_school and only_school
                    else "Board report: inclusion"
                ),
                trust_name=trust.name,
                logo=trust.logo,
                period=period,
                previous_period=previous,
                framework_name=framework.name,
                framework_version=framework.version,
                generated_at=generated_at,
                generated_by=request.generated_by or self.context.actor,
                filters=_filters_text(scope, request),
                principles=scope.principles,
                schools=scope.schools,
                summary=report_build.summary(facts, current_flow),
                comparisons=report_build.comparisons(
                    current_state, previous_state, current_flow, previous_flow
                ),
                matrix=cells,
                progress=progress_points,
                sections=sections,
                exceptions=exceptions,
                appendix=appendix,
                evidence=evidence,
                integrity=integrity,
                limits_note=_limits_note(group_limit, list_limit),
            )

    def _scope(self, session: Session, request: ReportRequest) -> ReportScope:
        return report_queries.build_scope(
            session,
            self.resolve_period(request),
            request.school_urns,
            request.principle_numbers,
        )


class _Stepper:
    """Reports progress between the steps and stops the work when the user cancels."""

    def __init__(self, progress: ProgressCallback | None, cancelled: CancelCheck | None) -> None:
        self.progress, self.cancelled, self.done = progress, cancelled, 0

    def __call__(self, message: str) -> None:
        if self.cancelled is not None and self.cancelled():
            raise CancelledError("report cancelled; nothing was written")
        if self.progress is not None:
            self.progress(self.done, _STEPS, message)
        self.done += 1


def _detail(
    facts: Sequence[ActionFact],
    cells: tuple[MatrixCell, ...],
    scope: ReportScope,
    flows: dict[str, FlowCounts],
    group_limit: int | None,
    list_limit: int | None,
    line: LineMaker,
) -> tuple[tuple[PrincipleSection, ...], Exceptions, tuple[SchoolAppendix, ...]]:
    """Sections, exceptions and appendix in one pass; ``line`` notes which actions are listed."""
    sections = report_build.group_sections(
        facts, scope.principles, scope.schools, group_limit, line
    )
    overdue, red, bare = report_build.exception_lists(facts, list_limit, line)
    exceptions = Exceptions(
        overdue, red, bare, report_build.gaps(cells, scope.schools, scope.principles)
    )
    by_school: dict[str, list[ActionFact]] = {school.id: [] for school in scope.schools}
    for fact in facts:
        by_school[fact.school_id].append(fact)
    cells_by_school: dict[str, list[MatrixCell]] = {school.id: [] for school in scope.schools}
    for cell in cells:
        cells_by_school[cell.school_id].append(cell)
    appendix = tuple(
        SchoolAppendix(
            school,
            report_build.summary(by_school[school.id], flows[school.id]),
            tuple(cells_by_school[school.id]),
            report_build.concerns(by_school[school.id], line),
        )
        for school in scope.schools
    )
    return sections, exceptions, appendix


def _filters_text(scope: ReportScope, request: ReportRequest) -> tuple[str, ...]:
    if scope.all_schools:
        schools = f"all {len(scope.schools):,} open schools"
    else:
        schools = "; ".join(f"{school.name} ({school.urn})" for school in scope.schools)
    if scope.all_principles:
        principles = "all principles"
    else:
        principles = ", ".join(str(principle.number) for principle in scope.principles)
    return (
        f"Period: {scope.period.text}",
        f"Schools: {schools}",
        f"Principles: {principles}",
        "Archived actions and evidence are left out.",
    )


def _limits_note(group_limit: int | None, list_limit: int | None) -> str:
    if group_limit is None:
        return "Every action and evidence item in scope is listed."
    return (
        f"To keep the report readable, each school lists at most {group_limit} actions per "
        f"principle (worst first) and each exception list and the evidence index at most "
        f"{list_limit:,} rows; every count includes them all. Use the full option to list "
        "everything."
    )
