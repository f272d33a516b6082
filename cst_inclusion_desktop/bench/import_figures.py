"""CSV import of 10,000 new actions into a copy of the large trust, beside a bare floor.

The app's figure is ``SpreadsheetImporter.import_actions`` (read, check every row, write all
in one transaction with its audit events). The floor is one ``executemany`` of the same
10,000 rows into the same table (same indexes and triggers, same ``synchronous=FULL``) on bare
``sqlite3``. Each run works on a fresh copy of the cached trust, so the cache stays pristine.
"""

from __future__ import annotations

import csv
import importlib.util
import random
import shutil
import sqlite3
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.bench.timing import median_ms, not_measured, ratio
from cst_inclusion_desktop.bench.trust_cache import open_services
from cst_inclusion_desktop.services import Services

IMPORT_ROWS = 10_000
HEADER = (
    "School URN",
    "Principle",
    "Title",
    "Description",
    "Owner",
    "Status",
    "RAG",
    "Start date",
    "Due date",
    "Area of need",
)
FIGURES = ("import_10k_ms", "import_10k_floor_ms", "import_10k_to_floor")


def sample_rows(urns: list[str], count: int = IMPORT_ROWS, seed: int = 8) -> list[tuple[str, ...]]:
    """Valid rows as a SENCO's spreadsheet has them: UK dates, labels, each title new."""
    rng = random.Random(seed)
    start = date(2026, 9, 1)
    statuses, rags = ("Planned", "In progress", "On hold"), ("Red", "Amber", "Green")
    rows: list[tuple[str, ...]] = []
    for number in range(1, count + 1):
        begins = start + timedelta(days=rng.randint(0, 60))
        rows.append(
            (
                rng.choice(urns),
                str(rng.randint(1, 5)),
                f"Imported action {number:05d}: review the provision map",
                "Agreed at the autumn SEND review; evidence to follow.",
                f"Owner {rng.randint(1, 400)}",
                rng.choice(statuses),
                rng.choice(rags),
                begins.strftime("%d/%m/%Y"),
                (begins + timedelta(days=rng.randint(30, 200))).strftime("%d/%m/%Y"),
                rng.choice(("", "Communication and interaction", "Cognition and learning")),
            )
        )
    return rows


def write_csv(path: Path, rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def measure_import(database: Path, runs: int) -> dict[str, Any]:
    if (
        importlib.util.find_spec("cst_inclusion_desktop.services.exchange.spreadsheets.importer")
        is None
    ):
        return not_measured(FIGURES, "services/exchange/spreadsheets/importer.py does not exist")
    from cst_inclusion_desktop.services.exchange.spreadsheets.importer import SpreadsheetImporter

    with tempfile.TemporaryDirectory(prefix="cst-bench-import-") as folder:
        work = Path(folder) / "work.db"
        source = Path(folder) / "actions.csv"
        with sqlite3.connect(f"file:{database.as_posix()}?mode=ro", uri=True) as connection:
            school_ids = dict(connection.execute("SELECT urn, id FROM school").fetchall())
            principle_ids = dict(connection.execute("SELECT number, id FROM principle").fetchall())
        rows = sample_rows(sorted(school_ids))
        write_csv(source, rows)
        opened: list[Services] = []

        def fresh_copy() -> None:
            while opened:
                opened.pop().close()
            shutil.copyfile(database, work)
            opened.append(open_services(work))

        def app_import() -> None:
            report = SpreadsheetImporter(opened[0].context).import_actions(source)
            if not report.applied or report.created != IMPORT_ROWS:
                raise RuntimeError(f"the benchmark's import was refused: {report.problems[:3]}")

        app_ms = median_ms(app_import, runs, setup=fresh_copy)
        while opened:
            opened.pop().close()
        values = _floor_values(rows, school_ids, principle_ids)

        def bare_executemany() -> None:
            connection = sqlite3.connect(work, isolation_level=None)
            try:
                connection.execute("PRAGMA synchronous = FULL")
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(FLOOR_INSERT, values)
                connection.execute("COMMIT")
            finally:
                connection.close()

        floor_ms = median_ms(bare_executemany, runs, setup=lambda: shutil.copyfile(database, work))
    return {
        "import_10k_ms": app_ms,
        "import_10k_floor_ms": floor_ms,
        "import_10k_to_floor": ratio(app_ms, floor_ms),
    }


FLOOR_COLUMNS = (
    "id, school_id, principle_id, title, description, owner, status, rag, rag_overridden, "
    "start_date, due_date, area_of_need, archived, evidence_count, created_at, created_by, "
    "updated_at, updated_by, revision"
)
FLOOR_INSERT = f"INSERT INTO action ({FLOOR_COLUMNS}) VALUES ({', '.join('?' * 19)})"


def _floor_values(
    rows: list[tuple[str, ...]], school_ids: dict[str, str], principle_ids: dict[int, str]
) -> list[tuple[Any, ...]]:
    """The same rows already converted (ids, tokens, ISO dates): nothing left but inserting."""
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    out = []
    for urn, number, title, description, owner, status, rag, begins, due, area in rows:
        out.append(
            (
                str(uuid.uuid4()),
                school_ids[urn],
                principle_ids[int(number)],
                title,
                description,
                owner,
                status.lower().replace(" ", "_"),
                rag.lower(),
                0,
                _iso(begins),
                _iso(due),
                area.lower().replace(" ", "_") or None,
                0,
                0,
                now,
                "Benchmark",
                now,
                "Benchmark",
                1,
            )
        )
    return out


def _iso(uk_date: str) -> str:
    day, month, year = uk_date.split("/")
    return f"{year}-{month}-{day}"
