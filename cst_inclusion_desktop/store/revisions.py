"""The schema revisions this app knows, read from the migration files' headers.

Kept apart from ``migrate.py`` (which needs SQLAlchemy) so that the read-only look at a file
before opening it, and the plain read of a listing command, load no database library.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_HEADER = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*['"]?([\w]+)['"]?""", re.M)


@cache
def known_revisions() -> tuple[str, ...]:
    """Every revision this app knows, oldest first, read from the migration files' headers."""
    parents: dict[str, str | None] = {}
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        header = dict(_HEADER.findall(script.read_text(encoding="utf-8")))
        down = header.get("down_revision")
        parents[header["revision"]] = None if down in (None, "None") else down
    children = {parent: child for child, parent in parents.items()}
    chain: list[str] = []
    revision = children.get(None)  # the first revision has no parent
    while revision is not None:
        chain.append(revision)
        revision = children.get(revision)
    assert len(chain) == len(parents), f"the migrations do not form one line: {parents}"
    return tuple(chain)


def head_revision() -> str:
    return known_revisions()[-1]
