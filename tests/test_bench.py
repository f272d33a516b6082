"""The benchmark's machinery on a tiny trust: it runs end to end and its JSON has the agreed
shape. Timings are never asserted (DESIGN.md §6: a benchmark, not a timed test)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cst_inclusion_desktop.bench.__main__ import main, parse_options
from cst_inclusion_desktop.bench.budgets import BUDGETS, FILTERS, markdown_table
from cst_inclusion_desktop.bench.runner import Options, run_benchmark
from cst_inclusion_desktop.bench.trust_cache import TrustSize, reference_trust

TINY = TrustSize(schools=3, actions=300, seed=2)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One full run (GUI probe and cold start included) shared by the shape tests."""
    cache = tmp_path_factory.mktemp("bench")
    saved = os.environ.get("CST_INCLUSION_HOME")
    try:
        return run_benchmark(Options(cache=cache, runs=1, size=TINY))
    finally:
        assert os.environ.get("CST_INCLUSION_HOME") == saved, "the run must restore the env"


def test_result_names_the_machine_and_the_trust(result: dict[str, object]) -> None:
    machine = result["machine"]
    assert isinstance(machine, dict)
    assert {"platform", "cpu_count", "python", "sqlite", "qt", "pyside6"} <= set(machine)
    assert result["trust"] == {
        "schools": 3,
        "actions": 300,
        "evidence": result["trust"]["evidence"],  # type: ignore[index]
        "reviews": result["trust"]["reviews"],  # type: ignore[index]
        "database_mb": result["trust"]["database_mb"],  # type: ignore[index]
        "build_cached": False,
    }
    assert result["runs"] == 1
    json.dumps(result)  # one JSON object, nothing that does not serialise


def test_every_budgeted_figure_is_measured_or_explained(result: dict[str, object]) -> None:
    figures, notes = result["figures"], result["notes"]
    assert isinstance(figures, dict) and isinstance(notes, dict)
    expected = {budget.figure for budget in BUDGETS} | {
        "build_database_s",
        "backup_ms",
        "matrix_service_ms",
        "matrix_floor_sqlite_ms",
        "board_paper_pdf_floor_ms",
        "board_paper_pdf_to_floor",
        "board_paper_docx_floor_ms",
        "board_paper_docx_to_floor",
        "board_paper_school_ms",
        "annex_pdf_floor_ms",
        "annex_pdf_to_floor",
        "import_10k_floor_ms",
        "import_10k_to_floor",
        "actions_first_page_service_ms",
        "coverage_floor_ms",
        "coverage_to_floor",
        "inspection_summary_docx_ms",
        "inspection_summary_pages",
    }
    assert expected <= set(figures)
    for name in FILTERS:
        assert f"filter_{name}_service_ms" in figures and f"filter_{name}_table_ms" in figures
    for name, value in figures.items():
        assert value is None or isinstance(value, int | float), name
        if value is None:
            assert name in notes, f"{name} is null without a reason"


def test_budget_rows_follow_the_figures(result: dict[str, object]) -> None:
    rows = result["budgets"]
    assert isinstance(rows, list) and len(rows) == len(BUDGETS)
    figures = result["figures"]
    for row in rows:
        assert set(row) == {"figure", "what", "budget", "unit", "measured", "pass"}
        assert row["measured"] == figures[row["figure"]]  # type: ignore[index]
        assert row["pass"] is (
            None if row["measured"] is None else row["measured"] <= row["budget"]
        )
    table = markdown_table(rows)
    assert table.count("\n") == len(rows) + 1 and "| figure | budget | measured | result |" in table


def test_the_trust_is_built_once_then_reused(tmp_path: Path) -> None:
    first = reference_trust(tmp_path, TINY)
    again = reference_trust(tmp_path, TINY)
    assert not first.cached and again.cached
    assert again.path == first.path and again.counts == first.counts
    assert again.build_seconds == first.build_seconds


def test_command_line_prints_one_json_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--cache", str(tmp_path), "--schools", "3", "--actions", "30", "--runs", "1"]
    table = tmp_path / "budgets.md"
    assert main([*argv, "--no-gui", "--markdown", str(table)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["trust"]["actions"] == 30 and printed["notes"]["gui"]
    assert table.read_text(encoding="utf-8").startswith("| figure |")


def test_runs_must_be_positive() -> None:
    with pytest.raises(SystemExit):
        parse_options(["--runs", "0"])


def test_only_runs_the_named_groups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--cache", str(tmp_path), "--schools", "3", "--actions", "250", "--runs", "1"]
    assert main([*argv, "--only", "paging", "--only", "matrix"]) == 0
    figures = json.loads(capsys.readouterr().out)["figures"]
    assert {"scroll_last_page_ms", "scroll_middle_page_ms", "matrix_service_ms"} <= set(figures)
    assert "actions_first_page_service_ms" not in figures and "cli_help_ms" not in figures
    with pytest.raises(SystemExit):
        parse_options(["--only", "nonsense"])


def test_the_timed_starts_run_up_to_date_bytecode() -> None:
    """The timed processes write no bytecode, so the bench compiles the package first: a module
    edited since its last compile would otherwise be compiled at every timed start."""
    import importlib.util

    from cst_inclusion_desktop.bench import cold_start, timing

    source = Path(timing.__file__)
    cached = Path(importlib.util.cache_from_source(str(source)))
    before = source.stat()
    try:
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns + 7_000_000_000))
        cold_start.compile_package()
        recorded = int.from_bytes(cached.read_bytes()[8:12], "little")  # the source's mtime
        assert recorded == int(source.stat().st_mtime)
    finally:
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
        cold_start.compile_package()
