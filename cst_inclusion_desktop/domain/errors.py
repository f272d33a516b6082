"""Errors the services raise. Each carries enough to tell the user what to fix."""

from __future__ import annotations

from datetime import datetime


class InclusionError(Exception):
    """Base class for every error the application expects and explains to the user."""


class ValidationError(InclusionError):
    """Bad input: names the field, the value given and what was expected."""

    def __init__(self, field: str, value: object, expected: str, *, where: str = "") -> None:
        self.field = field
        self.value = value
        self.expected = expected
        self.where = where
        super().__init__(self.message)

    @property
    def message(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        shown = _shorten(str(self.value))
        return f"{prefix}{self.field}: value '{shown}' — expected {self.expected}"


class ValidationErrors(InclusionError):
    """Several validation problems found at once (for example, across the rows of an import)."""

    def __init__(self, problems: list[ValidationError]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.message for p in problems))


class NotFoundError(InclusionError):
    """A referenced record (school, action, evidence, principle) does not exist."""

    def __init__(self, entity: str, key: object, expected: str = "") -> None:
        self.entity = entity
        self.key = key
        hint = f" — expected {expected}" if expected else ""
        super().__init__(f"{entity}: no {entity} with '{_shorten(str(key))}'{hint}")


class ConflictError(InclusionError):
    """Someone else saved this row after it was read: saving now would silently undo their
    change. ``current_version`` is theirs, so a person who has seen it can overwrite knowingly."""

    def __init__(
        self,
        entity: str,
        label: str,
        changed_by: str,
        changed_at: datetime | None,
        current_version: int,
    ) -> None:
        self.entity = entity
        self.label = label
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.current_version = current_version
        super().__init__(self.message)

    @property
    def message(self) -> str:
        who = self.changed_by or "someone else"
        when = f" at {_clock(self.changed_at)}" if self.changed_at is not None else ""
        return (
            f'{self.entity} "{_shorten(self.label)}" was changed by {who}{when} since you opened it'
        )


class DatabaseError(InclusionError):
    """The database cannot be used as asked (too new, read-only, locked, corrupt)."""


class ReadOnlyError(DatabaseError):
    """A write was attempted on a database opened read-only."""


class AccessRefusedError(DatabaseError):
    """The database server refused a read or write to this person's login (its role or school
    grants do not allow it); nothing was changed."""


class CancelledError(InclusionError):
    """Long work was cancelled by the user; nothing was written."""


def _clock(moment: datetime) -> str:
    """A moment as a person reads it here: local time, with the day when it is not today."""
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%H:%M on %d/%m/%Y")


def _shorten(text: str, limit: int = 80) -> str:
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 1] + "…"
