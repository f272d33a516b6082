"""Cold start: launch the real app (through ``bench/paint_hook.py``, ``--db BIG``) offscreen and
time process launch to the first painted main window, which the hook reports."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.bench.paint_hook import MARKER
from cst_inclusion_desktop.bench.timing import not_measured

FIGURES = ("cold_start_ms", "cold_start_first_run_ms", "cold_start_peak_rss_mb")
TIMEOUT_SECONDS = 60
PAINT_HOOK_MODULE = "cst_inclusion_desktop.bench.paint_hook"


def compile_package() -> None:
    """Bring the app's bytecode up to date, as an installed copy has it (pip compiles a wheel,
    PyInstaller bundles the bytecode). The timed processes write none (``app_environment``),
    so a module changed since its last compile would be compiled again at every start and
    counted as start-up time: about 80 ms after a merge touched a hundred modules."""
    import compileall

    import cst_inclusion_desktop

    compileall.compile_dir(Path(cst_inclusion_desktop.__file__).parent, quiet=2, workers=1)


def app_environment(home: Path) -> dict[str, str]:
    """Offscreen, the paint hook on, and a private app home (no real user folders touched)."""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("CST_INCLUSION_")
    }
    environment.update(
        QT_QPA_PLATFORM="offscreen",
        CST_INCLUSION_HOME=str(home),
        CST_INCLUSION_USER="Benchmark",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return environment


def one_start(database: Path, home: Path) -> tuple[float, float | None]:
    """(seconds from launch to first paint, the process's peak RSS in MB)."""
    command = [
        sys.executable,
        "-m",
        "cst_inclusion_desktop.bench.paint_hook",
        "--db",
        str(database),
    ]
    launched = time.time()
    result = subprocess.run(
        command,
        env=app_environment(home),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith(MARKER):
            facts = json.loads(line.removeprefix(MARKER))
            return facts["painted_at"] - launched, facts["peak_rss_mb"]
    raise RuntimeError(
        f"the app exited ({result.returncode}) without reporting a paint; is "
        f"ui.app.window_shown_hooks still called? stderr: {result.stderr[-500:]}"
    )


def measure_cold_start(database: Path, home: Path, runs: int) -> dict[str, Any]:
    """The first start is reported on its own: it may do once-a-day work (the daily backup)
    and compile bytecode; the median is over the starts after it, as a user sees most days."""
    compile_package()
    try:
        first = one_start(database, home)
        starts = [one_start(database, home) for _ in range(max(runs, 1))]
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return not_measured(FIGURES, str(error))
    rss = [peak for _, peak in [first, *starts] if peak is not None]
    return {
        "cold_start_ms": round(statistics.median(seconds for seconds, _ in starts) * 1000, 1),
        "cold_start_first_run_ms": round(first[0] * 1000, 1),
        "cold_start_peak_rss_mb": max(rss) if rss else None,
    }
