"""Errors the services raise. Each carries enough to tell the user what to fix."""

from __future__ import annotations


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


class DatabaseError(InclusionError):
    """The database cannot be used as asked (too new, read-only, locked, corrupt)."""


class ReadOnlyError(DatabaseError):
    """A write was attempted on a database opened read-only."""


class AccessRefusedError(DatabaseError):
    """The database server refused a read or write to this person's login (its role or school
    grants do not allow it); nothing was changed."""


class CancelledError(InclusionError):
    """Long work was cancelled by the user; nothing was written."""


def _shorten(text: str, limit: int = 80) -> str:
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 1] + "…"
