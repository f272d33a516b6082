"""The reference trust, built once and kept: a 100,000-action build takes ~30 s, a run far less.

The file name carries the size, the seed and the schema revision, so a new migration or a
different size builds a new file instead of reusing a stale one. The build's time and counts
are kept beside it (``.json``) so a cached run still reports them.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.demo import generate_demo
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.store.migrate import head_revision

TRUST_NAME = "Benchmark Learning Trust"


@dataclass(frozen=True, slots=True)
class TrustSize:
    schools: int = 60
    actions: int = 100_000
    seed: int = 1


@dataclass(frozen=True, slots=True)
class BuiltTrust:
    path: Path
    build_seconds: float
    cached: bool
    counts: dict[str, int]
    size_mb: float


def open_services(path: Path | str) -> Services:
    """Services over a benchmark database, which is at head by construction (its name says so).

    ``migrate=False`` also skips the daily start-up backup: 380 MB copies of the benchmark's
    own scratch files would only fill the disk. The real app's start, backup included, is
    what the cold-start figure measures.
    """
    settings = load_settings(overrides={"database": str(path)})  # or a server URL (--db)
    return Services(open_context(settings, migrate=False))


def reference_trust(folder: Path, size: TrustSize, rebuild: bool = False) -> BuiltTrust:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"trust-{size.schools}x{size.actions}-seed{size.seed}-schema{head_revision()}"
    path = folder / f"{stem}.db"
    facts_path = folder / f"{stem}.json"
    if path.exists() and facts_path.exists() and not rebuild:
        facts = json.loads(facts_path.read_text(encoding="utf-8"))
        return BuiltTrust(path, facts["build_seconds"], True, facts["counts"], _size_mb(path))
    partial = folder / f"{stem}.partial.db"
    for stale in (path, partial):
        for suffix in ("", "-wal", "-shm"):
            stale.with_name(stale.name + suffix).unlink(missing_ok=True)
    start = time.perf_counter()
    services = Services(
        open_context(load_settings(overrides={"database": str(partial)}), create=True)
    )
    try:
        services.trust.create(TRUST_NAME)
        counts = generate_demo(services.context, size.schools, size.actions, size.seed)
    finally:
        services.close()  # the last connection closing checkpoints and removes the WAL
    build_seconds = round(time.perf_counter() - start, 2)
    partial.replace(path)
    facts = {"build_seconds": build_seconds, "counts": counts, "size": asdict(size)}
    facts_path.write_text(json.dumps(facts, indent=2), encoding="utf-8")
    return BuiltTrust(path, build_seconds, False, counts, _size_mb(path))


def _size_mb(path: Path) -> float:
    return round(path.stat().st_size / 1_000_000, 1)
