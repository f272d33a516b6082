"""The layer rules of DESIGN.md §3 are import-linter contracts in pyproject.toml; the test
command runs them. These tests prove the contracts hold and that they catch an upward import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cst_inclusion_desktop"
LINT = "import sys; from importlinter.cli import lint_imports_command as run; sys.exit(run())"
MODULE_LIMIT = 400
# Written by a program from the migrations (see its docstring), like the migrations themselves.
GENERATED = {"store/schema_expected.py"}


def lint_imports(source_root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's own contracts over the package under ``source_root``."""
    environment = dict(os.environ, PYTHONPATH=str(source_root))
    return subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=source_root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def copy_of_package(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / PACKAGE.name


def test_the_package_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward_import", "contract"),
    [
        ("domain/enums.py", "import cst_inclusion_desktop.services.context", "all above domain"),
        ("services/context.py", "import PySide6.QtCore", "No Qt below ui"),
        ("ui/widgets/rag_badge.py", "import sqlalchemy", "never SQLAlchemy directly"),
        ("reports/fonts.py", "import cst_inclusion_desktop.store.models", "never reach a database"),
    ],
)
def test_a_contract_fails_on_an_upward_import(
    tmp_path: Path, module: str, upward_import: str, contract: str
) -> None:
    package = copy_of_package(tmp_path)
    target = package / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{upward_import}\n", "utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    report = " ".join(result.stdout.split())  # contract names wrap in the report
    assert f"{contract}" in report and "BROKEN" in report, result.stdout
    importer = "cst_inclusion_desktop." + module.removesuffix(".py").replace("/", ".")
    imported = upward_import.split()[1]
    if not imported.startswith("cst_inclusion_desktop"):
        imported = imported.split(".")[0]  # external packages are reported by their top name
    assert f"{importer} -> {imported}" in report, result.stdout


def test_no_module_is_over_the_size_limit() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): length
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and path.relative_to(PACKAGE).as_posix() not in GENERATED
        and (length := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LIMIT
    }
    assert not too_long, f"modules over {MODULE_LIMIT} lines: {too_long}"


def test_every_package_says_what_it_holds() -> None:
    silent = [
        str(init.relative_to(PACKAGE))
        for init in PACKAGE.rglob("__init__.py")
        if "migrations" not in init.parts and not init.read_text(encoding="utf-8").startswith('"""')
    ]
    assert not silent, f"packages without a docstring: {silent}"
