"""Listings a command prints, read without SQLAlchemy when the file allows it.

Each returns None when the database must be opened the ordinary way (a server, a migration due,
no active framework); the caller then asks the service, which gives the same records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cst_inclusion_desktop.services.safety.plain_opening import read_plainly
from cst_inclusion_desktop.store.plain_read import active_principles

if TYPE_CHECKING:
    from cst_inclusion_desktop.config import Settings
    from cst_inclusion_desktop.domain.records import PrincipleRecord


def principles(settings: Settings) -> list[PrincipleRecord] | None:
    """What ``TrustService.principles`` returns, for a local file at the head revision."""
    return read_plainly(settings, active_principles)
