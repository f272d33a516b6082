"""Small checks of a pack's JSON values, each failing with one line that says where and what.

Shared by the row checks (``pack_rows``) and the audit-event checks (``pack_audit``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any, TypeVar

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.text import printable
from cst_inclusion_desktop.domain.validation import EARLIEST_DATE

T = TypeVar("T")
FIELD_SHOWN = 60
EARLIEST_TIME = datetime.combine(EARLIEST_DATE, time(), UTC)


@dataclass(frozen=True, slots=True)
class PackPlace:
    """Where in a pack a value sits: the file, then the member or row (``action <id>``)."""

    file: str
    row: str

    def refuse(self, field: str, value: object, expected: str) -> ValidationError:
        # Field names can come from the pack too (an unexpected key): escaped and shortened.
        name = printable(field)
        name = name if len(name) <= FIELD_SHOWN else name[: FIELD_SHOWN - 1] + "…"
        return ValidationError(name, printable(_short(value)), expected, where=self.where)

    @property
    def where(self) -> str:
        return f"{self.file}, {self.row}"

    def run(self, field: str, build: Callable[[], T]) -> T:
        """``build()``, with any ValidationError (or a wrong type) placed at this row."""
        try:
            return build()
        except ValidationError as error:
            raise self.refuse(error.field, error.value, error.expected) from error
        except (TypeError, AttributeError, ValueError) as error:
            raise self.refuse(field, "?", f"a value of the right type ({error})") from error


def _short(value: object) -> str:
    return value if isinstance(value, str) else repr(value)


def expect_mapping(value: Any, place: PackPlace, field: str = "row") -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise place.refuse(field, _type_name(value), "a JSON object")
    return value


def expect_list(value: Any, place: PackPlace, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise place.refuse(field, _type_name(value), "a JSON list")
    return value


def expect_keys(values: dict[str, Any], keys: Sequence[str], place: PackPlace) -> None:
    """Exactly these fields: a missing one would be guessed, an extra one merged blindly."""
    missing = [key for key in keys if key not in values]
    if missing:
        raise place.refuse(
            missing[0], "(missing)", "every field of a pack row (this one is missing)"
        )
    extra = sorted(set(values) - set(keys))
    if extra:
        raise place.refuse(extra[0], "(unexpected)", f"only the fields {', '.join(keys)}")


def check_uuid(value: Any, place: PackPlace, field: str) -> str:
    """A UUID in its canonical text form (ids become file and folder names elsewhere)."""
    if isinstance(value, str):
        try:
            if str(uuid.UUID(value)) == value:
                return value
        except ValueError:
            pass
    raise place.refuse(field, value, "a UUID such as 123e4567-e89b-42d3-a456-426614174000")


def check_flag(value: Any, place: PackPlace, field: str) -> bool:
    if not isinstance(value, bool):
        raise place.refuse(field, value, "true or false")
    return value


def check_sha256(value: Any, place: PackPlace, field: str) -> str:
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value
    raise place.refuse(field, value, "a SHA-256 as 64 lowercase hexadecimal digits")


def aware_time(value: Any, place: PackPlace, field: str, latest: datetime) -> str:
    """An ISO 8601 timestamp with its UTC offset, no later than ``latest``, as UTC text."""
    if not isinstance(value, str):
        raise place.refuse(field, value, "a timestamp such as 2026-09-01T08:30:00+00:00")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise place.refuse(field, value, "a timestamp such as 2026-09-01T08:30:00+00:00") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise place.refuse(
            field, value, "a timestamp with its UTC offset (this one is naive: add +00:00)"
        )
    if not EARLIEST_TIME <= when <= latest:
        raise place.refuse(
            field,
            value,
            f"a time between {EARLIEST_TIME.date().isoformat()} and now "
            f"({latest.isoformat(timespec='seconds')}, clock skew allowed)",
        )
    return when.astimezone(UTC).isoformat()


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__
