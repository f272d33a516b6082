"""Service-level figures: what the GUI waits for, measured without Qt.

A filter change costs the table one COUNT (its row count) and one page of rows, so the
"service" figure of a filter is ``count`` + ``list(first page)``, as the model calls them.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.bench.timing import median_ms, ratio
from cst_inclusion_desktop.domain.enums import Status
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.actions import PAGE_SIZE
from cst_inclusion_desktop.services.safety.backup import copy_database

SEARCH_WORD = "phonics"  # in ~4% of the demo's actions: a realistic word, not a best case
MATRIX_FLOOR_SQL = (
    "SELECT school_id, principle_id, rag, count(*) FROM action "
    "WHERE archived = 0 GROUP BY school_id, principle_id, rag"
)


def filters(services: Services) -> dict[str, ActionFilter]:
    """The filter changes the budgets name, each from the unfiltered list."""
    first_school = services.schools.list()[0].id
    base = ActionFilter()
    return {
        "school": base.with_changes(school_ids=(first_school,)),
        "principle": base.with_changes(principle_numbers=(3,)),
        # The commonest status (40% of actions): the most rows to count and page through.
        "status": base.with_changes(statuses=(Status.IN_PROGRESS,)),
        "overdue": base.with_changes(overdue_only=True),
        "search": base.with_changes(search=SEARCH_WORD),
    }


def first_page(services: Services, action_filter: ActionFilter) -> Callable[[], Any]:
    def work() -> None:
        services.actions.count(action_filter)
        services.actions.list(action_filter, 0, PAGE_SIZE)

    return work


def measure_services(services: Services, runs: int) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "actions_first_page_service_ms": median_ms(first_page(services, ActionFilter()), runs)
    }
    for name, action_filter in filters(services).items():
        figures[f"filter_{name}_service_ms"] = median_ms(first_page(services, action_filter), runs)
    some_action = services.actions.list(ActionFilter(), 0, 1)[0].id
    figures["editor_load_service_ms"] = median_ms(
        lambda: services.actions.draft_of(some_action), runs
    )
    return figures


def measure_matrix(services: Services, database: Path, runs: int) -> dict[str, Any]:
    """The overview's aggregate through the app, and the same GROUP BY on bare sqlite3."""
    app = median_ms(services.actions.matrix, runs)
    connection = sqlite3.connect(f"file:{database.as_posix()}?mode=ro", uri=True)
    try:
        floor = median_ms(lambda: connection.execute(MATRIX_FLOOR_SQL).fetchall(), runs)
    finally:
        connection.close()
    return {
        "matrix_service_ms": app,
        "matrix_floor_sqlite_ms": floor,
        "matrix_service_to_floor": ratio(app, floor),
    }


def measure_backup(database: Path, runs: int) -> dict[str, Any]:
    """A verified backup copy (SQLite backup API + integrity check), as Back up now does."""
    with tempfile.TemporaryDirectory(prefix="cst-bench-backup-") as folder:
        target = Path(folder) / "backup.db"
        return {"backup_ms": median_ms(lambda: copy_database(database, target), runs)}


def measure_check(services: Services, runs: int) -> dict[str, Any]:
    """`check`'s two walks of the record: the audit chain, and every row against its latest
    audit event (one query per table); and proving an anchor by recomputing the chain to it
    (what `check` does when the chain itself does not verify; otherwise it reads the hash)."""
    from cst_inclusion_desktop.services.safety.anchors import current_anchor, prove

    check = services.check
    with services.context.read() as session:
        anchor = current_anchor(session)

    def prove_head() -> None:
        with services.context.read() as session:
            prove(session, [(anchor.seq, anchor.hash)])

    return {
        "check_audit_chain_ms": median_ms(check.audit_chain, runs),
        "check_rows_audited_ms": median_ms(check.rows_audited, runs),
        "check_coverage_tallies_ms": median_ms(check.coverage_tallies, runs),
        "check_anchor_recomputed_ms": median_ms(prove_head, runs),
    }
