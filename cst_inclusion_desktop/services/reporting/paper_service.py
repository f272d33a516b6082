"""Assembling the board paper and its annex: resolve the periods, read one snapshot, shape it.

Every figure is "as it stood" (domain/definitions.py): the period's end for the paper, the
compared period's end for the change, each term's end for the trend.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.board_paper import (
    Annex,
    BoardPaper,
    BoardPaperRequest,
    Cover,
    Escalation,
    Shortened,
    Trends,
)
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.domain.report_model import Period, format_day
from cst_inclusion_desktop.domain.terms import TermCalendar
from cst_inclusion_desktop.services.context import AppContext, CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.reporting import (
    annex_build,
    day_counts,
    paper_build,
    paper_queries,
    paper_text,
    report_queries,
)
from cst_inclusion_desktop.services.reporting.coverage import read_coverage
from cst_inclusion_desktop.services.reporting.day_counts import Day, Standing
from cst_inclusion_desktop.services.reporting.report_queries import ReportScope
from cst_inclusion_desktop.services.reporting.standing import standing
from cst_inclusion_desktop.services.safety.anchors import current_anchor

TREND_TERMS = 6
_STEPS = 5


@dataclass(frozen=True, slots=True)
class Periods:
    """The reported period, the compared one and the days their figures stand on."""

    period: Period
    compared: Period
    end_day: date
    """The period's end, or today while it is still running."""
    compared_day: date
    terms: tuple[Period, ...]
    """The six trend terms, oldest first."""


def resolve_periods(request: BoardPaperRequest, calendar: TermCalendar, today: date) -> Periods:
    """The period asked for (a missing end filled from its term) and the compared period: the
    previous term, or from the term of the previous meeting to that meeting's day."""
    start, end = request.period_from, request.period_to
    if start is None and end is None:
        period = calendar.containing(today)
    else:
        start = start or calendar.containing(end or today).start
        end = end or calendar.containing(start).end
        if start > end:
            raise ValidationError(
                "from", start.isoformat(), f"a date on or before the end date {end.isoformat()}"
            )
        period = calendar.named(start, end)
    if request.compare_since is not None:
        since = request.compare_since
        if since >= period.end:
            raise ValidationError(
                "compare-since",
                since.isoformat(),
                f"a previous meeting's date before the period's end {period.end.isoformat()}",
            )
        compared = Period(
            calendar.containing(since).start, since, f"the meeting of {format_day(since)}"
        )
    else:
        compared = calendar.before(calendar.containing(period.start))
    end_day = min(period.end, today)
    terms = calendar.last(TREND_TERMS, calendar.containing(end_day))
    return Periods(period, compared, end_day, min(compared.end, today), terms)


class Stepper:
    """Reports progress between the steps and stops the work when the user cancels."""

    def __init__(
        self, total: int, progress: ProgressCallback | None, cancelled: CancelCheck | None
    ) -> None:
        self.total, self.progress, self.cancelled, self.done = total, progress, cancelled, 0

    def __call__(self, message: str) -> None:
        if self.cancelled is not None and self.cancelled():
            raise CancelledError("report cancelled; nothing was written")
        if self.progress is not None:
            self.progress(self.done, self.total, message)
        self.done += 1


class PaperService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def periods(self, request: BoardPaperRequest) -> Periods:
        return resolve_periods(request, self.context.settings.terms, self.context.today())

    def board_paper(
        self,
        request: BoardPaperRequest,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> BoardPaper:
        """Everything the board paper shows. Raises ValidationError for a bad request."""
        step = Stepper(_STEPS, progress, cancelled)
        calendar, today = self.context.settings.terms, self.context.today()
        periods = resolve_periods(request, calendar, today)
        with self.context.read() as session, collection_paused():
            scope = _scope(session, request, periods.period)
            step("Reading actions and their history")
            earliest = min(periods.compared_day, _term_day(periods.terms[0], today))
            this_term = calendar.containing(periods.end_day)
            period, compared = periods.period, periods.compared
            # The period's end first (its pressing actions are kept), then the compared
            # period's end, then each trend term's end not already among them.
            keys = [(periods.end_day, period.end), (periods.compared_day, compared.end)]
            days = [
                Day(periods.end_day, this_term.start, period.end),
                Day(
                    periods.compared_day,
                    calendar.containing(periods.compared_day).start,
                    compared.end,
                ),
            ]
            for term in periods.terms:
                key = (_term_day(term, today), term.end)
                if key not in keys:
                    keys.append(key)
                    days.append(Day(key[0], term.start, key[1]))
            counted = day_counts.tally(paper_queries.standings(session, scope, earliest), days)
            step("Counting as the period ended")
            now_groups = paper_build.grouping(counted.counts(0))
            before_groups = paper_build.grouping(counted.counts(1))
            step("Following six terms")
            trend = []
            for term in periods.terms:
                total = paper_build.add(
                    counted.counts(keys.index((_term_day(term, today), term.end))).values()
                )
                trend.append(
                    paper_build.trend_point(
                        term,
                        (total.red, total.overdue),
                        paper_queries.within(counted.completions, term),
                        paper_queries.within(counted.reviews, term),
                    )
                )
            step("Writing the summary")
            evidence = paper_queries.evidence_by_school(session, scope, this_term)
            matrix = paper_build.matrix(now_groups, before_groups, scope.schools, scope.principles)
            glances = paper_build.glance(now_groups, before_groups, scope.schools, evidence)
            concerns = paper_build.concerns(glances)
            headline = paper_build.headline(now_groups.total, before_groups.total)
            named = paper_queries.titles(session, [item[0].id for item in counted.pressing])
            order = paper_build.escalation_order(counted.pressing, named)
            shown = order if request.full else order[: paper_build.ESCALATIONS_SHOWN]
            escalations = _escalations(
                session,
                scope,
                [(action, rag, overdue, *named[action.id]) for action, rag, overdue in shown],
                periods.end_day,
            )
            questions = (
                request.questions
                if request.questions is not None
                else paper_text.questions(headline, concerns, matrix)
            )
            step("Done")
            return BoardPaper(
                cover=self._cover(session, request, periods, scope, "Board paper: inclusion"),
                key_messages=paper_text.key_messages(
                    headline, periods.compared, concerns, matrix, trend
                ),
                commentary=request.commentary.strip(),
                headline=headline,
                concerns=concerns,
                concerns_rule=paper_build.CONCERNS_RULE,
                escalations=escalations,
                escalations_shown=Shortened(len(shown), len(order)),
                questions=tuple(question for question in questions if question.strip()),
                matrix=matrix,
                trends=Trends(tuple(trend), paper_text.trend_text(trend)),
                schools=glances,
                areas=paper_build.areas(now_groups),
                definitions=paper_text.DEFINITIONS,
            )

    def annex(
        self,
        request: BoardPaperRequest,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Annex:
        """The detail behind the paper, every action as it stood at the period's end."""
        step = Stepper(_STEPS, progress, cancelled)
        calendar, today = self.context.settings.terms, self.context.today()
        periods = resolve_periods(request, calendar, today)
        period = periods.period
        with self.context.read() as session, collection_paused():
            scope = _scope(session, request, period)
            step("Reading actions and their history")
            before_start = period.start - timedelta(days=1)
            facts = paper_queries.facts(session, scope, min(before_start, periods.end_day))
            step("Arranging the lists")
            this_term = calendar.containing(periods.end_day).start
            now = standing(facts, periods.end_day, this_term, period.end)
            at_start = standing(facts, before_start, this_term)
            detail = annex_build.detail(session, scope, facts, now, at_start, request.full)
            step("Checking the audit chain and evidence files")
            integrity, bad_hashes = annex_build.integrity(self.context, request.verify_evidence)
            step("Indexing evidence")
            limit = None if request.full else annex_build.LIST_LIMIT
            evidence = report_queries.evidence_index(session, scope, bad_hashes, limit)
            principle_ids = None if scope.all_principles else list(scope.principle_ids)
            coverage = read_coverage(session, periods.end_day, scope.schools, principle_ids)
            step("Done")
            return Annex(
                cover=self._cover(session, request, periods, scope, "Annex: inclusion detail"),
                sections=detail.sections,
                exceptions=detail.exceptions,
                schools=detail.schools,
                evidence=evidence,
                integrity=integrity,
                limits_note=annex_build.limits_note(request.full),
                coverage=coverage,
            )

    def _cover(
        self,
        session: Session,
        request: BoardPaperRequest,
        periods: Periods,
        scope: ReportScope,
        title: str,
    ) -> Cover:
        trust = lookups.trust(session)
        framework = lookups.active_framework(session)
        generated_at = datetime.now(UTC)
        return Cover(
            trust_name=trust.name,
            logo=trust.logo,
            title=title,
            fields=request.cover,
            period=periods.period,
            compared=periods.compared,
            framework_name=framework.name,
            framework_version=framework.version,
            generated_at=generated_at,
            generated_by=request.generated_by.strip(),
            scope=_scope_text(scope),
            as_of=periods.end_day,
            anchor=current_anchor(session, generated_at),
        )


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while a report builds its ~500,000 small tuples and
    lists (none of them cyclic): left on, its repeated full passes over the growing heap cost
    more than a second on the reference trust."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _term_day(term: Period, today: date) -> date:
    return min(term.end, today)


def _scope(session: Session, request: BoardPaperRequest, period: Period) -> ReportScope:
    return report_queries.build_scope(
        session, period, request.school_urns, request.principle_numbers
    )


def _escalations(
    session: Session,
    scope: ReportScope,
    rows: Sequence[tuple[Standing, Rag | None, bool, str, str]],
    day: date,
) -> tuple[Escalation, ...]:
    """The listed actions, each (action, RAG, overdue, title, owner), with its latest note."""
    notes = report_queries.latest_notes(session, [row[0].id for row in rows], until=day)
    schools = {school.id: school for school in scope.schools}
    titles = {principle.number: principle.title for principle in scope.principles}
    listed = []
    for action, rag, overdue, title, owner in rows:
        note_day, note = notes.get(action.id, (None, ""))
        due = date.fromisoformat(action.due_date) if action.due_date else None
        listed.append(
            Escalation(
                title=title,
                school=schools[action.school_id],
                principle_number=action.principle_number,
                principle_title=titles[action.principle_number],
                owner=owner,
                rag=rag,
                due_date=due,
                days_overdue=(day - due).days if overdue and due else 0,
                latest_review_date=note_day,
                latest_review_note=note,
            )
        )
    return tuple(listed)


def _scope_text(scope: ReportScope) -> tuple[str, ...]:
    if scope.all_schools:
        schools = f"all {len(scope.schools):,} open schools"
    else:
        schools = "; ".join(f"{school.name} ({school.urn})" for school in scope.schools)
    principles = (
        "all principles"
        if scope.all_principles
        else ", ".join(str(principle.number) for principle in scope.principles)
    )
    return (
        f"Schools: {schools}",
        f"Principles: {principles}",
        "Archived actions and evidence are left out.",
    )
