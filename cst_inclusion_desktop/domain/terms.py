"""School terms and the report's period presets.

Without configured dates the terms are the simplified English ones (autumn 1 Sep–31 Dec, spring
1 Jan–31 Mar, summer 1 Apr–31 Aug), so every school in the trust gets the same period. A trust
that keeps its own (Easter-based) term dates sets ``term_dates`` (config.py, docs/report.md):
those terms are used where they reach, the English ones outside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from cst_inclusion_desktop.domain.enums import LabelledEnum
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.period import Period

TERM_DATES_FIELD = "term_dates"
TERM_DATES_EXAMPLE = "2025-09-03..2025-12-19 Autumn 2025; 2026-01-05..2026-03-27 Spring 2026"
_LONGEST_HOLIDAY_DAYS = 120
_ENTRY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})\s*(.*?)\s*$")


class PeriodPreset(LabelledEnum):
    THIS_TERM = ("this_term", "This term")
    LAST_TERM = ("last_term", "Last term")
    THIS_YEAR = ("this_year", "This academic year")
    CUSTOM = ("custom", "Custom")

    @classmethod
    def field_name(cls) -> str:
        return "period"


@dataclass(frozen=True, slots=True)
class TermCalendar:
    """The trust's own terms, in date order; empty means the default English terms."""

    terms: tuple[Period, ...] = ()

    def containing(self, day: date) -> Period:
        """The term holding ``day``; in a holiday, the term that has just ended."""
        if self.terms and self.terms[0].start <= day <= self.terms[-1].end:
            return [term for term in self.terms if term.start <= day][-1]
        return english_term(day)

    def before(self, term: Period) -> Period:
        """The term before ``term`` (the default compared period)."""
        earlier = [known for known in self.terms if known.end < term.start]
        # A configured term just before (within a long summer holiday) is the one before; a
        # term far beyond the configured dates falls back to the English calendar.
        if earlier and (term.start - earlier[-1].end).days <= _LONGEST_HOLIDAY_DAYS:
            return earlier[-1]
        candidate = english_term(term.start - timedelta(days=1))
        while candidate.end >= term.start:  # an English term overlapping a configured one
            candidate = english_term(candidate.start - timedelta(days=1))
        return candidate

    def last(self, count: int, ending: Period) -> tuple[Period, ...]:
        """``count`` terms, oldest first, the last being ``ending``."""
        terms = [ending]
        while len(terms) < count:
            terms.append(self.before(terms[-1]))
        return tuple(reversed(terms))

    def named(self, start: date, end: date) -> Period:
        """The period with its name when it is exactly a term or an academic year."""
        for known in (self.containing(start), academic_year(start)):
            if (known.start, known.end) == (start, end):
                return known
        return Period(start, end)

    def preset(self, preset: PeriodPreset, today: date) -> Period:
        """The period a preset means today; CUSTOM falls back to this term (the dialog's start)."""
        if preset is PeriodPreset.LAST_TERM:
            return self.before(self.containing(today))
        if preset is PeriodPreset.THIS_YEAR:
            return academic_year(today)
        return self.containing(today)


DEFAULT_CALENDAR = TermCalendar()


def parse_term_dates(text: str) -> TermCalendar:
    """Term dates written ``START..END Name; START..END Name`` (or one per line)."""
    terms = []
    for entry in re.split(r"[;\n]", text):
        if not entry.strip():
            continue
        match = _ENTRY.match(entry)
        if match is None:
            raise ValidationError(
                TERM_DATES_FIELD, entry.strip(), f"START..END Name, e.g. {TERM_DATES_EXAMPLE}"
            )
        try:
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError as error:
            raise ValidationError(TERM_DATES_FIELD, entry.strip(), "real dates") from error
        if end < start:
            raise ValidationError(TERM_DATES_FIELD, entry.strip(), "a start on or before its end")
        terms.append(Period(start, end, match[3] or f"Term from {start.isoformat()}"))
    terms.sort(key=lambda term: term.start)
    for earlier, later in pairwise(terms):
        if later.start <= earlier.end:
            raise ValidationError(
                TERM_DATES_FIELD, later.label, f"a term starting after {earlier.label} ends"
            )
    return TermCalendar(tuple(terms))


def academic_year_start(day: date) -> int:
    """The calendar year in which the academic year holding ``day`` began."""
    return day.year if day.month >= 9 else day.year - 1


def english_term(day: date) -> Period:
    year = day.year
    if day.month >= 9:
        return Period(date(year, 9, 1), date(year, 12, 31), f"Autumn term {year}")
    if day.month <= 3:
        return Period(date(year, 1, 1), date(year, 3, 31), f"Spring term {year}")
    return Period(date(year, 4, 1), date(year, 8, 31), f"Summer term {year}")


def term_containing(day: date) -> Period:
    return DEFAULT_CALENDAR.containing(day)


def term_before(day: date) -> Period:
    return DEFAULT_CALENDAR.before(term_containing(day))


def academic_year(day: date) -> Period:
    first = academic_year_start(day)
    return Period(
        date(first, 9, 1), date(first + 1, 8, 31), f"Academic year {first}–{(first + 1) % 100:02d}"
    )


def named_period(start: date, end: date) -> Period:
    return DEFAULT_CALENDAR.named(start, end)


def preset_period(preset: PeriodPreset, today: date) -> Period:
    return DEFAULT_CALENDAR.preset(preset, today)
