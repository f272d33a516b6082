"""Crash safety, proved: SIGKILL a writer at random points, then check nothing was lost.

A writer process (``tests/crash_writer.py``, the real services) adds and edits actions, adds
reviews and evidence files, and bulk-imports demo actions, printing each write after it
commits. We kill it with SIGKILL at a random moment, then check: SQLite's integrity check is
clean, the audit chain verifies, evidence hashes match, and every write that reported success
is in the database. The default suite runs a few kills; ``--run-slow`` runs 200 and prints the
figures (run with ``-s`` to see them).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context

pytestmark = pytest.mark.sqlite_only  # a SQLite file killed mid-write

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).resolve().parent / "crash_writer.py"


@dataclass
class Confirmed:
    """Every write a killed writer reported as committed, across all runs."""

    actions: set[str] = field(default_factory=set)
    revisions: dict[str, int] = field(default_factory=dict)
    reviews: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)
    imports: int = 0
    writes: int = 0

    def record(self, line: str) -> None:
        kind, *rest = line.split()
        if kind == "ready":
            return
        self.writes += 1
        if kind == "add":
            self.actions.add(rest[0])
        elif kind == "update":
            self.revisions[rest[0]] = max(self.revisions.get(rest[0], 0), int(rest[1]))
        elif kind == "review":
            self.reviews.add(rest[0])
        elif kind == "evidence":
            self.evidence.add(rest[0])
        elif kind == "import":
            self.imports += 1


def run_and_kill(
    db_path: Path, folder: Path, seed: int, rng: random.Random, confirmed: Confirmed
) -> None:
    """Start a writer, let it make a random number of writes, SIGKILL it mid-flight."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(db_path), str(seed), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    try:
        wanted = rng.randint(0, 12)
        for _ in range(wanted + 1):  # "ready", then some confirmed writes
            line = process.stdout.readline()
            if not line:
                break
            confirmed.record(line)
        time.sleep(rng.uniform(0, 0.03))  # land the kill at a random point inside a write
        process.send_signal(signal.SIGKILL)
        rest, errors = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    for line in rest.splitlines():
        confirmed.record(line)
    assert process.returncode == -signal.SIGKILL, f"writer died by itself: {errors[-2000:]}"


def verify(settings: Settings, confirmed: Confirmed, *, hashes: bool) -> None:
    """Integrity, every confirmed write, the audit chain; evidence hashes when ``hashes``."""
    connection = sqlite3.connect(settings.database_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ids = {row[0] for row in connection.execute("SELECT id FROM action")}
        descriptions = dict(connection.execute("SELECT id, description FROM action"))
        reviews = {row[0] for row in connection.execute("SELECT id FROM review")}
        evidence = {row[0] for row in connection.execute("SELECT id FROM evidence")}
        imports = connection.execute(
            "SELECT count(*) FROM audit_event WHERE entity = 'demo'"
        ).fetchone()[0]
    finally:
        connection.close()
    assert confirmed.actions <= ids, "a confirmed action is missing"
    assert confirmed.reviews <= reviews, "a confirmed review is missing"
    assert confirmed.evidence <= evidence, "a confirmed evidence item is missing"
    assert imports >= confirmed.imports, "a confirmed import is missing"
    for action_id, revision in confirmed.revisions.items():
        stored = descriptions[action_id]
        assert stored.startswith("rev ") and int(stored[4:]) >= revision, "an update was lost"
    services = Services(open_context(settings))
    try:
        items = [services.check.integrity(), services.check.audit_chain()]
        if hashes:
            items.append(services.check.evidence_hashes())
        assert all(item.ok for item in items), [(item.name, item.detail) for item in items]
    finally:
        services.close()


@pytest.fixture
def crash_folder(services: Services, tmp_path: Path) -> Iterator[Path]:
    services.close()
    folder = tmp_path / "writer"
    folder.mkdir()
    yield folder


def kill_repeatedly(settings: Settings, folder: Path, kills: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    confirmed = Confirmed()
    started = time.perf_counter()
    for run in range(kills):
        run_and_kill(settings.database_path, folder, seed * 100_000 + run, rng, confirmed)
        verify(settings, confirmed, hashes=run % 10 == 9 or run == kills - 1)
        if run % 25 == 24:
            print(f"  {run + 1} kills, {confirmed.writes} confirmed writes", file=sys.stderr)
    return {
        "kills": kills,
        "writes_confirmed": confirmed.writes,
        "actions_confirmed": len(confirmed.actions),
        "updates_confirmed": len(confirmed.revisions),
        "reviews_confirmed": len(confirmed.reviews),
        "evidence_confirmed": len(confirmed.evidence),
        "imports_confirmed": confirmed.imports,
        "seconds": round(time.perf_counter() - started, 1),
        "database_mb": round(settings.database_path.stat().st_size / 1024 / 1024, 1),
    }


def test_a_few_kills_lose_nothing(settings: Settings, crash_folder: Path) -> None:
    figures = kill_repeatedly(settings, crash_folder, kills=5, seed=7)
    assert figures["writes_confirmed"] > 0


@pytest.mark.slow
def test_two_hundred_kills_lose_nothing(settings: Settings, crash_folder: Path) -> None:
    kills = int(os.environ.get("CST_CRASH_KILLS", "200"))
    figures = kill_repeatedly(settings, crash_folder, kills=kills, seed=2026)
    print("\ncrash-safety figures:", json.dumps(figures))
    assert figures["kills"] >= 200 or kills < 200
    assert figures["writes_confirmed"] > kills
