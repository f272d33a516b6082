"""Runs every figure in order and assembles the one JSON object the benchmark prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cst_inclusion_desktop import __version__
from cst_inclusion_desktop.bench import service_figures
from cst_inclusion_desktop.bench.budgets import FILTERS, check_budgets
from cst_inclusion_desktop.bench.cold_start import app_environment, measure_cold_start
from cst_inclusion_desktop.bench.command_figures import measure_commands
from cst_inclusion_desktop.bench.machine import describe_machine
from cst_inclusion_desktop.bench.timing import not_measured, ratio
from cst_inclusion_desktop.bench.trust_cache import TrustSize, open_services, reference_trust

GUI_FIGURES = (
    "actions_first_page_model_ms",
    "actions_first_page_table_ms",
    *(f"filter_{name}_table_ms" for name in FILTERS),
    "editor_open_ms",
    "overview_widget_ms",
    "overview_service_ms",
    "peak_rss_mb",
)


@dataclass(frozen=True, slots=True)
class Options:
    cache: Path
    runs: int = 5
    size: TrustSize = field(default_factory=TrustSize)
    rebuild: bool = False
    gui: bool = True
    server_url: str | None = None  # --db: the same figures on a server holding the trust
    writer_seconds: float = 60.0
    only: tuple[str, ...] = ()
    """Figure groups to run (``GROUPS``); empty: all of them."""

    def wants(self, group: str) -> bool:
        return not self.only or group in self.only


GROUPS = (
    "services",
    "matrix",
    "check",
    "paging",
    "reports",
    "import",
    "backup",
    "commands",
    "gui",
)


@contextmanager
def private_home(home: Path) -> Iterator[None]:
    """The app's folders (config, backups, logs) under the cache while the benchmark runs."""
    saved = {name: os.environ.get(name) for name in ("CST_INCLUSION_HOME", "CST_INCLUSION_USER")}
    os.environ["CST_INCLUSION_HOME"] = str(home)
    os.environ["CST_INCLUSION_USER"] = "Benchmark"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_benchmark(options: Options) -> dict[str, Any]:
    home = options.cache / "home"
    figures: dict[str, Any] = {}
    notes: dict[str, str] = {}

    def add(result: dict[str, Any]) -> None:
        notes.update(result.pop("_notes", {}))
        figures.update(result)

    with private_home(home):
        trust = reference_trust(options.cache, options.size, options.rebuild)
        figures["build_database_s"] = trust.build_seconds
        services = open_services(trust.path)
        try:
            if options.wants("services"):
                add(service_figures.measure_services(services, options.runs))
            if options.wants("matrix"):
                add(service_figures.measure_matrix(services, trust.path, options.runs))
            if options.wants("check"):
                add(service_figures.measure_check(services, options.runs))
            if options.wants("paging"):
                add(_paging_figures(services, options.runs))
            if options.wants("reports"):
                add(_report_figures(services, options.runs))
            if options.wants("reports"):
                add(_inspection_figures(services, trust.path, options.runs))
            if options.wants("import"):
                add(_import_figures(trust.path, options.runs))
        finally:
            services.close()
        if options.wants("backup"):
            add(service_figures.measure_backup(trust.path, options.runs))
        if options.wants("commands"):
            add(measure_commands(trust.path, home, options.runs))
        if options.gui and options.wants("gui"):
            add(_gui_figures(trust.path, home, options.runs))
            add(measure_cold_start(trust.path, home, options.runs))
            _combine_gui_figures(figures)
        else:
            notes["gui"] = "GUI figures skipped (--no-gui or --only)"
        if options.server_url is not None:
            add(_server_figures(options, home))
            _combine_server_figures(figures)
        if options.only:
            notes["only"] = f"only these figure groups were run: {', '.join(options.only)}"
    return {
        "benchmark": "CST Inclusion Desktop, large trust (issue 8, DESIGN.md §6)",
        "app_version": __version__,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": describe_machine(),
        "trust": {
            **trust.counts,
            "database_mb": trust.size_mb,
            "build_cached": trust.cached,
        },
        "runs": options.runs,
        "unit_note": "times are medians over `runs` runs; *_ms in milliseconds, *_s in seconds",
        "figures": figures,
        "notes": notes,
        "budgets": check_budgets(figures),
    }


def _server_figures(options: Options, home: Path) -> dict[str, Any]:
    from cst_inclusion_desktop.bench.server_figures import PREFIX, measure_server

    assert options.server_url is not None
    figures = measure_server(options.server_url, options.runs, options.writer_seconds)
    if options.gui:
        gui = _gui_figures(options.server_url, home, options.runs)
        notes = gui.pop("_notes", {})
        figures.update({f"{PREFIX}{name}": value for name, value in gui.items()})
        figures["_notes"] = {f"{PREFIX}{name}": note for name, note in notes.items()}
    return figures


def _paging_figures(services: Any, runs: int) -> dict[str, Any]:
    from cst_inclusion_desktop.bench.paging_figures import measure_paging

    return measure_paging(services, runs)


def _report_figures(services: Any, runs: int) -> dict[str, Any]:
    from cst_inclusion_desktop.bench.report_figures import measure_reports

    return measure_reports(services, runs)


def _inspection_figures(services: Any, database: Path, runs: int) -> dict[str, Any]:
    from cst_inclusion_desktop.bench.inspection_figures import measure_inspection

    return measure_inspection(services, database, runs)


def _import_figures(database: Path, runs: int) -> dict[str, Any]:
    from cst_inclusion_desktop.bench.import_figures import measure_import

    return measure_import(database, runs)


def _gui_figures(database: Path | str, home: Path, runs: int) -> dict[str, Any]:
    environment = app_environment(home)
    command = [sys.executable, "-m", "cst_inclusion_desktop.bench.gui_probe", str(database)]
    result = subprocess.run(
        [*command, str(runs)], env=environment, capture_output=True, text=True, check=False
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        reason = f"GUI probe failed ({result.returncode}): {result.stderr.strip()[-400:]}"
        return not_measured(GUI_FIGURES, reason)
    probe = json.loads(lines[-1])
    return {**probe["figures"], "_notes": probe["notes"]}


def _combine_gui_figures(figures: dict[str, Any]) -> None:
    """The GUI's peak RSS is the larger of the probe's and the real app's at first paint."""
    peaks = [figures.get("peak_rss_mb"), figures.get("cold_start_peak_rss_mb")]
    known = [peak for peak in peaks if peak is not None]
    figures["peak_rss_mb"] = max(known) if known else None
    figures["overview_widget_to_floor"] = ratio(
        figures.get("overview_widget_ms"), figures.get("matrix_floor_sqlite_ms")
    )


def _combine_server_figures(figures: dict[str, Any]) -> None:
    """The server's overview against its bare-SQL floor, and its board paper against SQLite's."""
    if "pg_matrix_floor_ms" in figures:
        figures["pg_overview_widget_to_floor"] = ratio(
            figures.get("pg_overview_widget_ms"), figures.get("pg_matrix_floor_ms")
        )
        figures["pg_board_paper_to_sqlite"] = ratio(
            figures.get("pg_board_paper_pdf_ms"), figures.get("board_paper_pdf_ms")
        )
