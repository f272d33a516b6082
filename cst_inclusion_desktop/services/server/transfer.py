"""``server import``: a whole SQLite trust moves up to a new, empty server database.

Nothing is half-done: the copy is one server transaction, committed only when every table's
count equals the file's and the audit chain verifies on the server, else rolled back.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import DatabaseError, ValidationError
from cst_inclusion_desktop.services.safety.audit import verify_chain
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.services.server.setup import owner_database
from cst_inclusion_desktop.store.migrate import current_revision, head_revision
from cst_inclusion_desktop.store.server.schema_check import check_server_schema
from cst_inclusion_desktop.store.server.setup import is_empty
from cst_inclusion_desktop.store.server.transfer import (
    copy_rows,
    refresh_statistics,
    row_counts,
)


def import_sqlite_trust(settings: Settings, file: Path) -> dict[str, int]:
    """Copy ``file`` into the server database of ``settings.database`` (the owner's URL)."""
    if not file.is_file():
        raise ValidationError("FILE.db", str(file), "an existing CST Inclusion Desktop database")
    source_settings = replace(settings, database=str(file))
    source = open_context(source_settings, migrate=False, daily_backup=False, read_only=True)
    target = owner_database(settings, settings.database)
    try:
        if current_revision(source.database) != head_revision():
            raise DatabaseError(
                f"{file} is at an older schema: open it once with this version of the app "
                "(which upgrades it after a backup), then import it"
            )
        check_server_schema(target)
        if not is_empty(target):
            raise DatabaseError(
                f"{target.description} already holds a trust: `server import` fills a new, "
                "empty server database only. Nothing was changed."
            )
        with source.read() as reading, target.write() as writing:
            copied = copy_rows(reading, writing)
            expected = row_counts(reading)
            found = row_counts(writing)
            if found != expected or copied != expected:
                raise DatabaseError(f"the copy's row counts differ ({found} against {expected})")
            chain = verify_chain(writing)
            if not chain.ok:
                raise DatabaseError(
                    f"the audit chain does not verify on the server: {chain.detail}"
                )
        refresh_statistics(target)
        return copied
    finally:
        target.dispose()
        source.close()
