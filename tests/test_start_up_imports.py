"""Start-up loads only what the command needs: heavy libraries are imported where they are
used (ReportLab to write a report, openpyxl for XLSX, Alembic for a migration, Qt for the GUI).
Checked in a fresh interpreter, since this test process has imported everything already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cst_inclusion_desktop.services import Services

HEAVY = ("reportlab", "openpyxl", "alembic", "PySide6", "sqlalchemy")
PROBE = """
import json, sys
from cst_inclusion_desktop import cli
try:
    code = cli.main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
loaded = sorted(name for name in {heavy!r} if name in sys.modules)
print("LOADED " + json.dumps({{"code": code, "loaded": loaded}}))
"""


def loaded_by(arguments: list[str], home: Path, probe: str = PROBE) -> list[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CST_")}
    env["CST_INCLUSION_HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-c", probe.format(heavy=HEAVY), *arguments],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("LOADED "))
    facts = json.loads(line.removeprefix("LOADED "))
    assert facts["code"] in (0, None), result.stderr
    return list(facts["loaded"])


@pytest.mark.parametrize("arguments", [["--version"], ["--help"], ["actions", "--help"]])
def test_version_and_help_load_no_heavy_library(arguments: list[str], tmp_path: Path) -> None:
    assert loaded_by(arguments, tmp_path) == []


@pytest.mark.sqlite_only  # a file named by --db; a server URL loads its driver as well
def test_listing_principles_loads_no_database_library(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    """A file at the current schema is read with plain sqlite3 (test_plain_listing.py)."""
    services.close()  # the database exists, at the current schema: no migration to run
    assert loaded_by(["--db", str(db_path), "principles", "list"], tmp_path) == []


OTHER_GROUPS_PROBE = PROBE.replace(
    "loaded = sorted(name for name in {heavy!r} if name in sys.modules)",
    "loaded = sorted(name for name in sys.modules "
    "if name.startswith('cst_inclusion_desktop.commands.'))",
)


@pytest.mark.sqlite_only  # a file named by --db
def test_a_command_imports_only_its_own_group(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    services.close()
    loaded = loaded_by(["--db", str(db_path), "principles", "list"], tmp_path, OTHER_GROUPS_PROBE)
    assert loaded == [
        "cst_inclusion_desktop.commands.base",
        "cst_inclusion_desktop.commands.records",
        "cst_inclusion_desktop.commands.records.framework_cmd",
    ]


def test_version_imports_no_command_group(tmp_path: Path) -> None:
    """No command, no group: ``--version`` and the GUI pay for none of them."""
    assert loaded_by(["--version"], tmp_path, OTHER_GROUPS_PROBE) == [
        "cst_inclusion_desktop.commands.base"  # what every handler gets, not a group
    ]


def test_help_still_lists_every_command(tmp_path: Path) -> None:
    loaded = loaded_by(["--help"], tmp_path, OTHER_GROUPS_PROBE)
    assert "cst_inclusion_desktop.commands.reporting.report_cmd" in loaded


GUI_PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from cst_inclusion_desktop import cli
from cst_inclusion_desktop.ui import app

def shown(window):
    def report():
        loaded = sorted(name for name in {heavy!r} if name in sys.modules)
        print("LOADED " + json.dumps({{"code": 0, "loaded": loaded}}), flush=True)
        QApplication.quit()
    QTimer.singleShot(0, report)

app.window_shown_hooks.append(shown)
cli.main(sys.argv[1:])
"""


@pytest.mark.sqlite_only  # a file named by --db (with a URL the driver loads as well)
def test_opening_the_main_window_loads_no_report_spreadsheet_or_migration_library(
    services: Services, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.close()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    loaded = loaded_by(["--db", str(db_path)], tmp_path, GUI_PROBE)
    assert loaded == ["PySide6", "sqlalchemy"]
