"""Enumerations of the domain.

Each member's value is the snake_case token used on the command line, in JSON and in the
database; ``label`` is what people read. ``parse`` accepts either, case-insensitively.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Self

from cst_inclusion_desktop.domain.errors import ValidationError


class LabelledEnum(str, Enum):
    """A string enum with a human label and a forgiving parser."""

    label: str

    def __new__(cls, token: str, label: str) -> Self:
        member = str.__new__(cls, token)
        member._value_ = token
        member.label = label
        return member

    @property
    def token(self) -> str:
        return str(self.value)

    @classmethod
    def from_token(cls, token: str) -> Self:
        """The member stored as ``token`` (a value read back from the database)."""
        return cls(token)  # type: ignore[call-arg]  # Enum lookup by value, not __new__

    @classmethod
    def parse(cls, text: str | Self, field: str = "") -> Self:
        if isinstance(text, cls):
            return text
        wanted = _normalise(str(text))
        for member in cls:
            if wanted in (_normalise(member.token), _normalise(member.label)):
                return member
        alias = ALIASES.get(cls.__name__, {}).get(wanted)
        if alias is not None:
            return cls.from_token(alias)
        raise ValidationError(field or cls.field_name(), text, f"one of {cls.choices_text()}")

    @classmethod
    def choices_text(cls) -> str:
        return ", ".join(member.token for member in cls)

    @classmethod
    def field_name(cls) -> str:
        return cls.__name__.lower()

    def __str__(self) -> str:
        return self.token


def _normalise(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


class Status(LabelledEnum):
    PLANNED = ("planned", "Planned")
    IN_PROGRESS = ("in_progress", "In progress")
    COMPLETED = ("completed", "Completed")
    ON_HOLD = ("on_hold", "On hold")
    CANCELLED = ("cancelled", "Cancelled")

    @classmethod
    def field_name(cls) -> str:
        return "status"

    @property
    def is_open(self) -> bool:
        return self in (Status.PLANNED, Status.IN_PROGRESS, Status.ON_HOLD)


class Rag(LabelledEnum):
    RED = ("red", "Red")
    AMBER = ("amber", "Amber")
    GREEN = ("green", "Green")

    @classmethod
    def field_name(cls) -> str:
        return "rag"

    @property
    def severity(self) -> int:
        """Higher is worse; used to pick the worst RAG in a group."""
        return {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}[self]


class Phase(LabelledEnum):
    PRIMARY = ("primary", "Primary")
    SECONDARY = ("secondary", "Secondary")
    ALL_THROUGH = ("all_through", "All-through")
    SPECIAL = ("special", "Special")
    ALTERNATIVE_PROVISION = ("alternative_provision", "Alternative provision")
    OTHER = ("other", "Other")

    @classmethod
    def field_name(cls) -> str:
        return "phase"


class EvidenceKind(LabelledEnum):
    DOCUMENT = ("document", "Document")
    OBSERVATION = ("observation", "Observation")
    DATA = ("data", "Data")
    VOICE = ("voice", "Pupil/parent voice")
    MEETING_NOTE = ("meeting_note", "Meeting note")
    OTHER = ("other", "Other")

    @classmethod
    def field_name(cls) -> str:
        return "kind"


class AreaOfNeed(LabelledEnum):
    COMMUNICATION_INTERACTION = ("communication_interaction", "Communication and interaction")
    COGNITION_LEARNING = ("cognition_learning", "Cognition and learning")
    SEMH = ("semh", "Social, emotional and mental health")
    SENSORY_PHYSICAL = ("sensory_physical", "Sensory and/or physical")

    @classmethod
    def field_name(cls) -> str:
        return "area_of_need"


class Operation(LabelledEnum):
    CREATE = ("create", "Created")
    UPDATE = ("update", "Updated")
    ARCHIVE = ("archive", "Archived")
    RESTORE = ("restore", "Restored")
    IMPORT = ("import", "Imported")
    # A save made knowingly over someone else's newer change (no lost updates: rows.py).
    OVERWRITE = ("overwrite", "Overwritten")
    UNDO = ("undo", "Undone")
    REDO = ("redo", "Redone")


ALIASES: dict[str, dict[str, str]] = {
    "Status": {"not started": "planned", "complete": "completed"},
    "Rag": {"r": "red", "a": "amber", "g": "green"},
}
"""Other words people type in spreadsheets (normalised), by enum: "Not started", "Complete",
and RAG as one letter."""

_USER_ENUMS: tuple[type[LabelledEnum], ...] = (Status, Rag, AreaOfNeed, EvidenceKind, Phase)


def in_users_words(message: str) -> str:
    """A validation message with the choices it expects given as the labels people read
    ("In progress", not in_progress); the value the person typed is left as it was."""
    head, separator, expected = message.partition(" — expected ")
    if not separator or "one of " not in expected:
        return message
    labels = {member.token: member.label for kind in _USER_ENUMS for member in kind}
    words = re.split(r"(\b[a-z_]+\b)", expected)
    return (
        head
        + separator
        + "".join(f"“{labels[word]}”" if word in labels else word for word in words)
    )
