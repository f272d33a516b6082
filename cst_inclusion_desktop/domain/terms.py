"""English school terms and the report's period presets.

Terms are simplified to fixed dates (autumn 1 Sep–31 Dec, spring 1 Jan–31 Mar, summer 1 Apr–31
Aug) so that a period never depends on a school's own calendar or on Easter: a board compares
like with like, and every school in the trust gets the same period.
"""

from __future__ import annotations

from datetime import date, timedelta

from cst_inclusion_desktop.domain.enums import LabelledEnum
from cst_inclusion_desktop.domain.report_model import Period


class PeriodPreset(LabelledEnum):
    THIS_TERM = ("this_term", "This term")
    LAST_TERM = ("last_term", "Last term")
    THIS_YEAR = ("this_year", "This academic year")
    CUSTOM = ("custom", "Custom")

    @classmethod
    def field_name(cls) -> str:
        return "period"


def academic_year_start(day: date) -> int:
    """The calendar year in which the academic year holding ``day`` began."""
    return day.year if day.month >= 9 else day.year - 1


def term_containing(day: date) -> Period:
    year = day.year
    if day.month >= 9:
        return Period(date(year, 9, 1), date(year, 12, 31), f"Autumn term {year}")
    if day.month <= 3:
        return Period(date(year, 1, 1), date(year, 3, 31), f"Spring term {year}")
    return Period(date(year, 4, 1), date(year, 8, 31), f"Summer term {year}")


def term_before(day: date) -> Period:
    return term_containing(term_containing(day).start.replace(day=1) - timedelta(days=1))


def academic_year(day: date) -> Period:
    first = academic_year_start(day)
    return Period(
        date(first, 9, 1), date(first + 1, 8, 31), f"Academic year {first}–{(first + 1) % 100:02d}"
    )


def named_period(start: date, end: date) -> Period:
    """The period with its name when it is exactly a term or an academic year."""
    for known in (term_containing(start), academic_year(start)):
        if (known.start, known.end) == (start, end):
            return known
    return Period(start, end)


def preset_period(preset: PeriodPreset, today: date) -> Period:
    """The period a preset means today; CUSTOM falls back to this term (the dialog's start)."""
    if preset is PeriodPreset.LAST_TERM:
        return term_before(today)
    if preset is PeriodPreset.THIS_YEAR:
        return academic_year(today)
    return term_containing(today)
