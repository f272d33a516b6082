"""A date range with its name, and the one way a day is written: small and on its own because
the settings (term dates) need it at start-up, before any report is built."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range with the name people use for it ("Autumn term 2026")."""

    start: date
    end: date
    label: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def text(self) -> str:
        span = f"{format_day(self.start)} – {format_day(self.end)}"
        return f"{self.label} ({span})" if self.label else span


def format_day(day: date | None) -> str:
    """UK style, unambiguous: 1 Sep 2026."""
    return f"{day.day} {day:%b %Y}" if day else ""
