"""The simulated life of one demo action: when it was typed in, started, reviewed and finished.

A demo trust has to look like a real one to a board: six terms of history, reviews spread
across them, a modest share of open actions overdue, reds concentrated in a few schools and
principles and falling over time. Every date is drawn inside its own range, never clamped to
today, so no chart shows a false spike on the last day; work that lies in the future is simply
not started yet (planned) or due later.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.terms import term_before, term_containing

HISTORY_TERMS = 6
FUTURE_DAYS = 40  # how far ahead planned work may start
LEAD_IN_DAYS = 150  # work already under way when the six terms begin
CANCEL_SHARE = 0.04
HOLD_SHARE = 0.05
BACKFILL_SHARE = 0.03
ABANDONED_SHARE = 0.035
BASE_RED = 0.11


@dataclass(frozen=True, slots=True)
class DemoCalendar:
    """Today and the first day of each of the six terms the demo's history covers (oldest first)."""

    today: date
    term_starts: tuple[date, ...]

    @property
    def history_start(self) -> date:
        return self.term_starts[0]

    def progress(self, day: date) -> float:
        """How far ``day`` lies through the history, 0 at its start and 1 today."""
        span = max((self.today - self.history_start).days, 1)
        return min(max((day - self.history_start).days / span, 0.0), 1.0)


def demo_calendar(today: date) -> DemoCalendar:
    terms = [term_containing(today)]
    while len(terms) < HISTORY_TERMS:
        terms.append(term_before(terms[-1].start))
    return DemoCalendar(today, tuple(term.start for term in reversed(terms)))


@dataclass(frozen=True, slots=True)
class Climate:
    """How hard things are where an action sits: a few schools and principles carry most reds."""

    red_weight: float
    review_gap: tuple[int, int]  # days between reviews, fewer reviews where things are hard


@dataclass(frozen=True, slots=True)
class StatusChange:
    day: date
    before: Status
    after: Status


@dataclass(frozen=True, slots=True)
class ReviewMoment:
    day: date
    rag: Rag


@dataclass(slots=True)
class Timeline:
    created: date
    start: date
    due: date
    status: Status = Status.PLANNED
    completed: date | None = None
    changes: list[StatusChange] = field(default_factory=list)
    reviews: list[ReviewMoment] = field(default_factory=list)

    @property
    def active_until(self) -> date:
        """The last day the action was being worked on (today if it still is)."""
        return self.changes[-1].day if self.changes and not self.status.is_open else date.max

    def move(self, day: date, status: Status) -> None:
        self.changes.append(StatusChange(day, self.status, status))
        self.status = status


def school_climates(rng: random.Random, count: int) -> list[Climate]:
    """About one school in six is struggling: more reds and reviews further apart."""
    struggling = set(rng.sample(range(count), max(1, round(count / 6))))
    return [
        Climate(4.0, (60, 120)) if index in struggling else Climate(rng.uniform(0.3, 0.8), (45, 90))
        for index in range(count)
    ]


def principle_weights(rng: random.Random, numbers: list[int]) -> dict[int, float]:
    """One principle is the trust's hardest, a second is hard too, the rest go better."""
    hardest, hard = rng.sample(numbers, 2) if len(numbers) > 1 else (numbers[0], numbers[0])
    weights = {hardest: 3.0, hard: 1.4}
    return {number: weights.get(number, 0.5) for number in numbers}


def simulate(
    rng: random.Random, calendar: DemoCalendar, climate: Climate, principle_weight: float
) -> Timeline:
    """One action's history up to today, its reviews and status changes in date order."""
    today = calendar.today
    earliest = calendar.history_start - timedelta(days=LEAD_IN_DAYS)
    start = earliest + timedelta(days=rng.randint(0, (today - earliest).days + FUTURE_DAYS))
    due = start + timedelta(days=rng.randint(42, 270))
    timeline = Timeline(_created(rng, start, today), start, due)
    begun = start + timedelta(days=rng.randint(0, 10))
    if begun > today:
        return timeline  # planned work: typed in already, not started, nothing to review
    timeline.move(begun, Status.IN_PROGRESS)
    # Later work slips less often and is rated red less often: the trust's progress shows.
    late_share = (0.21 - 0.1 * calendar.progress(begun)) * climate.red_weight**0.5
    roll = rng.random()
    if roll < CANCEL_SHARE:
        _move_by(timeline, begun + timedelta(days=rng.randint(14, 120)), Status.CANCELLED, today)
    elif roll < CANCEL_SHARE + HOLD_SHARE:
        paused = begun + timedelta(days=rng.randint(14, 100))
        resumed = paused + timedelta(days=rng.randint(30, 120))
        finish = max(resumed + timedelta(days=14), due + timedelta(days=rng.randint(0, 120)))
        if not _move_by(timeline, paused, Status.ON_HOLD, today):
            pass
        elif rng.random() < 0.5:  # resumed, finished late
            if _move_by(timeline, resumed, Status.IN_PROGRESS, today):
                _move_by(timeline, finish, Status.COMPLETED, today)
        else:  # never resumed: a tidy-up cancels it months after it was due
            _move_by(timeline, _tidy_up(rng, due), Status.CANCELLED, today)
    elif roll < CANCEL_SHARE + HOLD_SHARE + ABANDONED_SHARE:
        # Forgotten, overdue for months, until a tidy-up cancels it.
        _move_by(timeline, _tidy_up(rng, due), Status.CANCELLED, today)
    elif roll < CANCEL_SHARE + HOLD_SHARE + ABANDONED_SHARE + late_share:
        _move_by(timeline, due + timedelta(days=rng.randint(15, 150)), Status.COMPLETED, today)
    else:
        finish = max(due + timedelta(days=rng.randint(-45, 10)), begun + timedelta(days=7))
        _move_by(timeline, finish, Status.COMPLETED, today)
    _add_reviews(rng, calendar, timeline, climate, principle_weight)
    return timeline


def _created(rng: random.Random, start: date, today: date) -> date:
    """When the action was typed in: a little before it starts, or (rarely) weeks after."""
    if start > today:
        return today - timedelta(days=rng.randint(0, 30))
    late_room = (today - start).days
    if late_room > 20 and rng.random() < BACKFILL_SHARE:
        return start + timedelta(days=rng.randint(20, min(90, late_room)))
    return start - timedelta(days=rng.randint(0, 20))


def _tidy_up(rng: random.Random, due: date) -> date:
    return due + timedelta(days=rng.randint(90, 240))


def _move_by(timeline: Timeline, day: date, status: Status, today: date) -> bool:
    """Change the status on ``day`` if that day has come; say whether it has."""
    if day > today:
        return False
    timeline.move(day, status)
    if status is Status.COMPLETED:
        timeline.completed = day
    return True


def _add_reviews(
    rng: random.Random,
    calendar: DemoCalendar,
    timeline: Timeline,
    climate: Climate,
    principle_weight: float,
) -> None:
    first_change = timeline.changes[0].day
    last_day = min(timeline.active_until, calendar.today)
    if timeline.completed is not None:
        last_day = timeline.completed - timedelta(days=1)  # the closing review is that day's
    low, high = climate.review_gap
    day = first_change + timedelta(days=rng.randint(low // 2, high))
    rag: Rag | None = None
    while day <= last_day:
        late = day > timeline.due
        rag = _review_rag(
            rng, calendar.progress(day), climate.red_weight * principle_weight, late, rag
        )
        timeline.reviews.append(ReviewMoment(day, rag))
        day += timedelta(days=rng.randint(low, high))
    if timeline.status is Status.COMPLETED and timeline.completed is not None:
        closing = Rag.GREEN if rng.random() < 0.85 else Rag.AMBER
        timeline.reviews.append(ReviewMoment(timeline.completed, closing))


def _review_rag(
    rng: random.Random,
    progress: float,
    weight: float,
    late: bool,
    previous: Rag | None,
) -> Rag:
    """A review's RAG: reds where things are hard or late, fewer as time goes on."""
    if previous is not None and rng.random() < 0.35:
        return previous
    red = BASE_RED * weight * (2.0 - 1.5 * progress)
    red = min(0.85, red + (0.3 if late else 0.0))
    draw = rng.random()
    if draw < red:
        return Rag.RED
    return Rag.AMBER if draw < red + (1 - red) * 0.4 else Rag.GREEN
