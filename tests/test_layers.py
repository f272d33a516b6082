"""The layer rule of DESIGN.md §3, enforced: nothing imports upward."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cst_inclusion_desktop"

FORBIDDEN = {
    "domain": (
        "PySide6",
        "sqlalchemy",
        "alembic",
        "reportlab",
        "cst_inclusion_desktop.store",
        "cst_inclusion_desktop.services",
        "cst_inclusion_desktop.ui",
        "cst_inclusion_desktop.reports",
        "cst_inclusion_desktop.cli",
    ),
    "store": (
        "PySide6",
        "reportlab",
        "cst_inclusion_desktop.services",
        "cst_inclusion_desktop.ui",
        "cst_inclusion_desktop.reports",
        "cst_inclusion_desktop.cli",
    ),
    "services": (
        "PySide6",
        "cst_inclusion_desktop.ui",
        "cst_inclusion_desktop.cli",
        "cst_inclusion_desktop.commands",
    ),
    "reports": (
        "PySide6",
        "sqlalchemy",
        "cst_inclusion_desktop.store",
        "cst_inclusion_desktop.services",
        "cst_inclusion_desktop.ui",
    ),
    "ui": (
        "sqlalchemy",
        "alembic",
        "cst_inclusion_desktop.store",
        "cst_inclusion_desktop.cli",
        "cst_inclusion_desktop.commands",
    ),
    "commands": ("PySide6", "sqlalchemy", "cst_inclusion_desktop.store"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def layer_files() -> list[tuple[str, Path]]:
    return [
        (layer, path) for layer in FORBIDDEN for path in sorted((PACKAGE / layer).rglob("*.py"))
    ]


@pytest.mark.parametrize(("layer", "path"), layer_files(), ids=lambda value: str(value))
def test_module_respects_its_layer(layer: str, path: Path) -> None:
    bad = sorted(
        name
        for name in imported_modules(path)
        for forbidden in FORBIDDEN[layer]
        if name == forbidden or name.startswith(forbidden + ".")
    )
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}/) imports {bad}"


def test_the_rule_catches_an_upward_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from sqlalchemy.orm import Session\nimport PySide6.QtWidgets\n")
    assert {"sqlalchemy.orm", "PySide6.QtWidgets"} <= imported_modules(sample)
