"""Small helpers shared by the services that change rows."""

from __future__ import annotations

from cst_inclusion_desktop.store.models import Tracked, utc_now


def touch(row: Tracked, actor: str) -> None:
    """Record who changed a row and when, and bump its revision (packs merge on it)."""
    row.updated_at = utc_now()
    row.updated_by = actor
    row.revision = (row.revision or 0) + 1
