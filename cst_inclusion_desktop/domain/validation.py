"""Validation rules shared by the command line, the GUI and the importers.

Every function returns the clean value or raises ValidationError naming the field, the value
and what was expected.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.text import clean_unicode

URN_PATTERN = re.compile(r"[0-9]{6}")  # ASCII only: \d also matches Arabic-Indic digits
TITLE_MAX = 300
NAME_MAX = 200
TEXT_MAX = 20_000
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def clean_text(
    value: str | None, field: str, *, required: bool = False, limit: int, multi_line: bool = True
) -> str:
    """Trimmed text within ``limit`` characters that passes the one text rule (``text.py``)."""
    if value is not None and not isinstance(value, str):  # e.g. a number or a date from a cell
        raise ValidationError(field, value, "text")
    text = clean_unicode((value or "").strip(), field, multi_line=multi_line)
    if required and not text:
        raise ValidationError(field, value or "", "some text (it cannot be empty)")
    if len(text) > limit:
        raise ValidationError(field, text, f"at most {limit:,} characters (got {len(text):,})")
    return text


def clean_title(value: str | None, field: str = "title") -> str:
    return clean_text(value, field, required=True, limit=TITLE_MAX, multi_line=False)


def clean_name(value: str | None, field: str = "name", *, required: bool = True) -> str:
    return clean_text(value, field, required=required, limit=NAME_MAX, multi_line=False)


def clean_long_text(value: str | None, field: str) -> str:
    return clean_text(value, field, limit=TEXT_MAX)


def clean_urn(value: str | int | None, field: str = "urn") -> str:
    text = str(value if value is not None else "").strip()
    if not URN_PATTERN.fullmatch(text):
        raise ValidationError(field, text, "a six-digit URN such as 100000")
    return text


DATE_FORMS = "a date as YYYY-MM-DD or DD/MM/YYYY"  # also d/m/yyyy and 1 Sep 2026
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def parse_date(value: str | date | None, field: str, *, required: bool = False) -> date | None:
    """THE date rule for every date typed or read: the app's date fields, the command line and
    the importers all come here, so `01/09/2026` means 1 September everywhere.

    Accepted: ISO 8601 (2026-09-01), the UK habit dd/mm/yyyy or d/m/yyyy (01/09/2026, 1/9/2026,
    also with dots) and a day, month name and year (1 Sep 2026, 1 September 2026).
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return check_date_range(value, field)
    if value is not None and not isinstance(value, str):
        raise ValidationError(field, value, DATE_FORMS)
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationError(field, "", DATE_FORMS)
        return None
    parts = _date_parts(text)
    if parts is None:
        raise ValidationError(field, text, DATE_FORMS)
    try:
        parsed = date(*parts)
    except ValueError:  # 31/02/2027: the shape of a date, but no such day
        raise ValidationError(field, text, DATE_FORMS) from None
    return check_date_range(parsed, field)


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) from the accepted shapes, not yet checked against the calendar."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?", text, re.ASCII)
    if iso:
        return int(iso[1]), int(iso[2]), int(iso[3])
    uk = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text, re.ASCII)
    if uk:
        return int(uk[3]), int(uk[2]), int(uk[1])
    named = re.fullmatch(r"(\d{1,2})[ -]+([A-Za-z]+)\.?[ -]+(\d{4})", text, re.ASCII)
    if named and named[2].lower() in _MONTHS:
        return int(named[3]), _MONTHS[named[2].lower()], int(named[1])
    return None


def check_date_range(value: date, field: str) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            field,
            value.isoformat(),
            f"a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}",
        )
    return value


def check_date_order(
    start: date | None,
    due: date | None,
    *,
    start_field: str = "start_date",
    due_field: str = "due_date",
) -> None:
    if start and due and due < start:
        raise ValidationError(
            due_field, due.isoformat(), f"a date on or after the {start_field} {start.isoformat()}"
        )


def parse_principle_number(
    value: str | int | None, available: list[int], field: str = "principle"
) -> int:
    text = str(value if value is not None else "").strip()
    expected = _numbers_text(available)
    # "2", and as spreadsheets write it: "Principle 2", "P2", "2. High quality teaching".
    written = _PRINCIPLE_WRITTEN.fullmatch(text) if text.isascii() else None
    if written is None:  # "²".isdigit() is True but int("²") fails: ASCII digits only
        raise ValidationError(field, text, f"a principle number ({expected})")
    number = int(written.group(1))
    if number not in available:
        raise ValidationError(field, text, f"a principle number in the framework ({expected})")
    return number


_PRINCIPLE_WRITTEN = re.compile(
    r"(?:principle\s*|p\s*)?(\d{1,3})(?:\s*[.:)]\s+[^\d\s].*)?", re.I | re.S
)


def _numbers_text(available: list[int]) -> str:
    if not available:
        return "the framework has no principles"
    ordered = sorted(available)
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]} to {ordered[-1]}"
    return ", ".join(str(number) for number in ordered)
