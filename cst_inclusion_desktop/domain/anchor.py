"""An anchor: the audit chain's head (sequence number and hash) at a moment, printed in every
report and pack so a copy held outside the database can later prove its history unchanged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from cst_inclusion_desktop.domain.errors import ValidationError

_TOKEN = re.compile(r"(\d{1,12}):([0-9a-f]{64})")
TOKEN_PATTERN = re.compile(r"\b(\d{1,12}):([0-9a-f]{64})\b")
"""Where an anchor's ``SEQ:HASH`` sits inside longer text (a report's metadata)."""


@dataclass(frozen=True, slots=True)
class Anchor:
    seq: int
    hash: str
    at: datetime

    @property
    def token(self) -> str:
        """``SEQ:HASH``, what `check --anchor` takes."""
        return f"{self.seq}:{self.hash}"

    @property
    def text(self) -> str:
        """The words a report prints: ``1234:ab12…(full hash) at 2026-12-01 21:00 UTC``."""
        return f"{self.token} at {self.at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def parse_token(text: str, where: str = "") -> tuple[int, str]:
    """``SEQ:HASH`` as (sequence number, hash); anything else is bad input."""
    match = _TOKEN.fullmatch(text.strip().lower())
    if match is None:
        raise ValidationError(
            "anchor",
            text,
            "SEQ:HASH (an audit sequence number, a colon, 64 hexadecimal digits) "
            "or a report file (.pdf, .docx) that carries one",
            where=where,
        )
    return int(match.group(1)), match.group(2)
