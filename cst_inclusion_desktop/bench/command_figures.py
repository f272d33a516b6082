"""Whole-process start-up of the command line: ``--version``, ``--help`` and ``principles list``
on the reference trust, each a fresh ``python -m cst_inclusion_desktop`` from launch to exit.

These measure what a scheduled task or a technician's script pays per call, which is mostly
imports: the command line loads SQLAlchemy only for a command that opens the database, and
ReportLab, openpyxl and Alembic only for the commands that use them.
"""

from __future__ import annotations

import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.bench.cold_start import app_environment, compile_package
from cst_inclusion_desktop.bench.timing import median_ms, not_measured

COMMANDS = {
    "cli_version_ms": ["--version"],
    "cli_help_ms": ["--help"],
    "cli_principles_list_ms": ["principles", "list"],
}


def _run(command: list[str], environment: dict[str, str]) -> None:
    subprocess.run(command, env=environment, capture_output=True, check=True)


def measure_commands(database: Path, home: Path, runs: int) -> dict[str, Any]:
    compile_package()
    environment = app_environment(home)
    program = [sys.executable, "-m", "cst_inclusion_desktop", "--db", str(database)]
    figures: dict[str, Any] = {}
    for figure, arguments in COMMANDS.items():
        command = [*program, *arguments]
        try:
            _run(command, environment)  # once untimed: bytecode compiled, files cached
            figures[figure] = median_ms(partial(_run, command, environment), runs)
        except subprocess.CalledProcessError as error:
            figures.update(not_measured((figure,), f"exit {error.returncode}: {error.stderr!r}"))
    return figures
