"""The `check` command's way in: a damaged file is reported as a failed check, never opened
for writing, and a file holding foreign objects is checked read-only so they can be reported.
"""

from __future__ import annotations

from collections.abc import Sequence

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.records import CheckItem, CheckReport
from cst_inclusion_desktop.services.safety.check import CheckService
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.services.safety.recovery import (
    FileStatus,
    inspect_for_opening,
    refusal,
)
from cst_inclusion_desktop.store.migrate import head_revision

DAMAGED = (FileStatus.CORRUPT, FileStatus.UNREADABLE)


def check_database(settings: Settings, anchors: Sequence[tuple[int, str]] = ()) -> CheckReport:
    """Run every check on the configured database (proving ``anchors`` too); a DatabaseError
    only when it is not ours."""
    if "://" in settings.database or not settings.database_path.is_file():
        return _run(settings, anchors, read_only=False)  # a server, or missing: it explains
    inspection = inspect_for_opening(settings.database_path)
    if inspection.status in DAMAGED:
        return CheckReport([CheckItem("integrity", False, inspection.detail)])
    if not inspection.ok and inspection.status is not FileStatus.FOREIGN:
        raise refusal(settings, inspection)
    if inspection.revision == head_revision():
        return _run(settings, anchors, read_only=True)  # nothing to migrate: look without writing
    if inspection.status is FileStatus.FOREIGN:  # older and altered: migrating would write
        return CheckReport(
            [CheckItem("integrity", True, "SQLite quick check: ok"), _foreign(inspection.detail)]
        )
    return _run(
        settings, anchors, read_only=False
    )  # an older schema: upgraded (after a backup) first


def _run(settings: Settings, anchors: Sequence[tuple[int, str]], *, read_only: bool) -> CheckReport:
    context = open_context(
        settings, read_only=read_only or None, migrate=not read_only, allow_foreign=read_only
    )
    try:
        return CheckService(context).run(anchors)
    finally:
        context.close()


def _foreign(detail: str) -> CheckItem:
    return CheckItem("schema", False, detail)
