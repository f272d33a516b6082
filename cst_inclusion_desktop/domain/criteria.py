"""Inspection criteria: a second, versioned list beside the framework (Ofsted's inclusion
criteria in the app's own words), the file that carries it, and the rules for naming criteria.

A criteria file comes from outside, so it is read as hostile: a size limit, a fixed shape, no
unknown keys, every text through the one text rule, and every error naming the file, the item,
the field, the value and what was expected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.validation import (
    clean_long_text,
    clean_name,
    clean_title,
    parse_date,
)

FORMAT_NAME = "cst-inclusion-criteria"
FORMAT_VERSION = 1
FILE_LIMIT_BYTES = 1024 * 1024
CRITERIA_LIMIT = 200
SUMMARY_MAX = 4000
CODE_PATTERN = re.compile(r"[A-Z][A-Z0-9]{0,11}")  # ASCII only, like the URN
CODE_PREFIX = "IC"
# ``--criterion none`` clears a record's criteria, so no criterion may be called that.
CLEAR_WORD = "none"
SEPARATOR = ";"
_TOP_KEYS = {"format", "format_version", "version", "toolkit", "criteria"}
_TOOLKIT_KEYS = {"name", "published"}
_ITEM_KEYS = {"code", "title", "summary", "retired"}


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    summary: str
    retired: bool
    sort_order: int

    @property
    def label(self) -> str:
        """What a list shows: the code and title, with "(retired)" where it no longer applies."""
        shown = f"{self.code} {self.title}"
        return f"{shown} (retired)" if self.retired else shown


@dataclass(frozen=True)
class Toolkit:
    name: str
    published: date
    version: int


@dataclass(frozen=True)
class CriteriaFile:
    """The contents of a criteria file: the toolkit it follows and the criteria in order."""

    toolkit: Toolkit
    criteria: tuple[Criterion, ...]


def clean_code(value: object, field: str = "criterion") -> str:
    """A criterion code such as IC3 (case does not matter; stored in capitals)."""
    if not isinstance(value, str):
        raise ValidationError(field, value, "a criterion code such as IC3")
    text = value.strip().upper()
    if not CODE_PATTERN.fullmatch(text) or text == CLEAR_WORD.upper():
        raise ValidationError(
            field, value, "a criterion code such as IC3 (a letter, then up to 11 letters or digits)"
        )
    return text


def clean_summary(value: str | None, field: str = "summary") -> str:
    text = clean_long_text(value, field)
    if len(text) > SUMMARY_MAX:
        raise ValidationError(
            field, text, f"at most {SUMMARY_MAX:,} characters (got {len(text):,})"
        )
    return text


def next_free_code(codes: Iterable[str]) -> str:
    """The next IC number after the highest one in use (IC10 after IC9)."""
    numbers = [
        int(code[len(CODE_PREFIX) :])
        for code in codes
        if code.startswith(CODE_PREFIX) and code[len(CODE_PREFIX) :].isdigit()
    ]
    return f"{CODE_PREFIX}{max(numbers, default=0) + 1}"


def split_entries(text: str) -> list[str]:
    """The entries of a spreadsheet cell: codes or titles separated by semicolons."""
    return [entry.strip() for entry in text.split(SEPARATOR) if entry.strip()]


def join_codes(codes: Sequence[str]) -> str:
    return f"{SEPARATOR} ".join(codes)


def resolve_entry(entry: str, criteria: Sequence[Criterion], field: str = "criterion") -> str:
    """The code an entry names: a code (any case) or a title (any case)."""
    wanted = entry.strip().casefold()
    for criterion in criteria:
        if wanted in (criterion.code.casefold(), criterion.title.casefold()):
            return criterion.code
    raise ValidationError(field, entry, f"a criterion code or title ({_codes_text(criteria)})")


def check_codes(
    codes: Iterable[str],
    criteria: Sequence[Criterion],
    *,
    already: Iterable[str] = (),
    field: str = "criterion",
) -> tuple[str, ...]:
    """The codes in list order, each once; a retired criterion only where a record had it."""
    by_code = {criterion.code: criterion for criterion in criteria}
    kept = set(already)
    chosen: list[str] = []
    for raw in codes:
        code = clean_code(raw, field)
        criterion = by_code.get(code)
        if criterion is None:
            raise ValidationError(field, raw, f"a criterion code ({_codes_text(criteria)})")
        if criterion.retired and code not in kept:
            raise ValidationError(
                field, raw, f"a current criterion ({code} is retired: it stays on old records only)"
            )
        if code not in chosen:
            chosen.append(code)
    order = {criterion.code: criterion.sort_order for criterion in criteria}
    return tuple(sorted(chosen, key=lambda code: (order[code], code)))


def _codes_text(criteria: Sequence[Criterion]) -> str:
    current = [criterion.code for criterion in criteria if not criterion.retired]
    return ", ".join(current) if current else "the list has no current criteria"


# --- the criteria file ------------------------------------------------------------------------
def parse_criteria_file(text: str, where: str) -> CriteriaFile:
    """Read a criteria file's text; ``where`` (usually the file name) prefixes every error."""
    if len(text.encode("utf-8")) > FILE_LIMIT_BYTES:
        raise ValidationError(
            "file", f"{len(text):,} characters", f"at most {FILE_LIMIT_BYTES:,} bytes", where=where
        )
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        detail = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
        line = f"line {error.lineno}" if isinstance(error, json.JSONDecodeError) else "the file"
        raise ValidationError("file", line, f"valid JSON ({detail})", where=where) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise ValidationError("format", found, f"'{FORMAT_NAME}' (a criteria file)", where=where)
    _no_unknown_keys(data, _TOP_KEYS, where)
    if data.get("format_version") != FORMAT_VERSION:
        raise ValidationError(
            "format_version", data.get("format_version"), str(FORMAT_VERSION), where=where
        )
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 1_000_000:
        raise ValidationError("version", version, "a whole number from 1 to 1,000,000", where=where)
    toolkit = _parse_toolkit(data.get("toolkit"), version, where)
    raw_items = data.get("criteria")
    if not isinstance(raw_items, list) or not raw_items:
        raise ValidationError("criteria", _brief(raw_items), "a non-empty list", where=where)
    if len(raw_items) > CRITERIA_LIMIT:
        raise ValidationError(
            "criteria", f"{len(raw_items):,} items", f"at most {CRITERIA_LIMIT}", where=where
        )
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for index, item in enumerate(raw_items):
        criterion = _parse_item(item, index, where)
        if criterion.code in seen:
            raise ValidationError(
                "code", criterion.code, "each code once", where=f"{where}: criteria[{index}]"
            )
        seen.add(criterion.code)
        criteria.append(criterion)
    return CriteriaFile(toolkit=toolkit, criteria=tuple(criteria))


def dump_criteria_file(content: CriteriaFile) -> str:
    data = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "version": content.toolkit.version,
        "toolkit": {
            "name": content.toolkit.name,
            "published": content.toolkit.published.isoformat(),
        },
        "criteria": [
            {"code": c.code, "title": c.title, "summary": c.summary}
            | ({"retired": True} if c.retired else {})
            for c in content.criteria
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _parse_toolkit(raw: Any, version: int, where: str) -> Toolkit:
    place = f"{where}: toolkit"
    if not isinstance(raw, dict):
        raise ValidationError(
            "toolkit", _brief(raw), "an object with name and published", where=where
        )
    _no_unknown_keys(raw, _TOOLKIT_KEYS, place)
    name = _wrap(place, lambda: clean_name(raw.get("name"), "name"))
    published = raw.get("published")
    if not isinstance(published, str):
        raise ValidationError("published", published, "a date as YYYY-MM-DD", where=place)
    day = _wrap(place, lambda: parse_date(published, "published", required=True))
    return Toolkit(name=name, published=day, version=version)


def _parse_item(item: Any, index: int, where: str) -> Criterion:
    place = f"{where}: criteria[{index}]"
    if not isinstance(item, dict):
        raise ValidationError(
            "criterion", _brief(item), "an object with code, title, summary", where=place
        )
    _no_unknown_keys(item, _ITEM_KEYS, place)
    code = _wrap(place, lambda: clean_code(item.get("code"), "code"))
    place = f"{where}: criteria[{index}] ({code})"
    retired = item.get("retired", False)
    if not isinstance(retired, bool):
        raise ValidationError("retired", retired, "true or false", where=place)
    return Criterion(
        code=code,
        title=_wrap(place, lambda: clean_title(item.get("title"))),
        summary=_wrap(place, lambda: clean_summary(item.get("summary", ""))),
        retired=retired,
        sort_order=index + 1,
    )


def _no_unknown_keys(data: dict[Any, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise ValidationError(
            "key", unknown[0], f"one of {', '.join(sorted(allowed))}", where=where
        )


def _brief(value: Any) -> Any:
    """A large value shown by its type and size, not in full."""
    if isinstance(value, list | dict):
        return f"{type(value).__name__} of {len(value)}"
    return value


def _wrap(where: str, build: Any) -> Any:
    try:
        return build()
    except ValidationError as error:
        raise ValidationError(error.field, error.value, error.expected, where=where) from error
