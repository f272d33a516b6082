"""`schema foreign` and `schema remove-foreign`: the explicit way to deal with objects (a
trigger, a view, a table, an index) that someone added to the database outside the app.

The app refuses to open such a file, because a foreign trigger runs inside the app's own
saves. Removing is deliberate: only the objects named, after a copy of the file as it was
(kept in the backup folder, labelled ``pre-remove-foreign``; restore refuses it, since it still
holds them), and audited in the same transaction as the removal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.services.safety.audit import AuditTrail
from cst_inclusion_desktop.services.safety.backup import copy_database, free_backup_path
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.services.safety.recovery import check_healthy
from cst_inclusion_desktop.store.schema import ForeignObject, remove_objects

PRE_REMOVE_FOREIGN = "pre-remove-foreign"
AUDIT_ENTITY = "schema"


@dataclass(frozen=True, slots=True)
class RemovalResult:
    removed: tuple[ForeignObject, ...]
    backup: Path


def list_foreign(settings: Settings) -> list[ForeignObject]:
    """The foreign objects of the configured database (a damaged or alien file is refused)."""
    return list(check_healthy(settings, allow_foreign=True).foreign)


def remove_foreign(settings: Settings, names: Sequence[str]) -> RemovalResult:
    """Back up, then drop the named foreign objects and audit it, all or nothing."""
    found = {item.name: item for item in list_foreign(settings)}
    for name in names:
        if name not in found:
            expected = ", ".join(found) if found else "none: the database has no foreign objects"
            raise ValidationError("NAME", name, f"the name of a foreign object ({expected})")
    chosen = [found[name] for name in dict.fromkeys(names)]
    path = settings.database_path
    backup = copy_database(
        path, free_backup_path(settings.backup_path, path, PRE_REMOVE_FOREIGN), allow_foreign=True
    )
    context = open_context(settings, migrate=False, daily_backup=False, allow_foreign=True)
    try:
        with context.database.write() as session:
            removed = remove_objects(session.connection(), chosen)
            # The trail is started after the drops, so no foreign trigger sees its insert.
            trail = AuditTrail(session, context.actor)
            for item in removed:
                trail.add(AUDIT_ENTITY, item.name, Operation.UPDATE, _audited(item), None)
            trail.flush()
    finally:
        context.close()
    return RemovalResult(tuple(removed), backup)


def _audited(item: ForeignObject) -> dict[str, str]:
    found = item.found
    values = {"type": found.type, "name": found.name, "table": found.table, "sql": found.sql}
    if item.expected is not None:
        values["restored_definition"] = item.expected.sql
    return values
