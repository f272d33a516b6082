"""The figures on a PostgreSQL server (``--db URL``), beside the SQLite ones.

The server database must already hold the reference trust, loaded once with
``cst-inclusion --db OWNER_URL server import trust-….db`` of the benchmark's cached SQLite file
(docs/benchmark.md says how), and the URL signs in as a trust lead login — as the app does,
never as the owner — so row-level security is in every figure. The same service figures as on
SQLite, the overview's aggregate against the same GROUP BY on a bare psycopg connection, the
board paper, and 20 simulated users saving at once, each with a connection of its own.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from typing import Any

from cst_inclusion_desktop.bench import service_figures
from cst_inclusion_desktop.bench.timing import median_ms, ratio
from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.store import queries

PREFIX = "pg_"
WRITERS = 20


def open_server(url: str) -> Services:
    return Services(open_context(load_settings(overrides={"database": url})))


def measure_server(url: str, runs: int, writer_seconds: float) -> dict[str, Any]:
    services = open_server(url)
    try:
        figures = service_figures.measure_services(services, runs)
        figures.update(_matrix(services, url, runs))
        figures["overview_service_ms"] = median_ms(services.overview.overview, runs)
        figures.update(_board_paper(services, runs))
        writers = _writers(url, services, writer_seconds)
        chain_start = time.perf_counter()
        chain = services.check.audit_chain()
        figures["audit_chain_check_s"] = round(time.perf_counter() - chain_start, 1)
        writers["writers_chain_ok"] = chain.ok
    finally:
        services.close()
    return {f"{PREFIX}{name}": value for name, value in {**figures, **writers}.items()}


def _matrix(services: Services, url: str, runs: int) -> dict[str, Any]:
    import psycopg

    app = median_ms(services.actions.matrix, runs)
    floor_sql = matrix_floor_sql(services)
    plain = services.context.database.engine.url.set(drivername="postgresql")
    with psycopg.connect(plain.render_as_string(hide_password=False)) as connection:
        floor = median_ms(lambda: connection.execute(floor_sql).fetchall(), runs)
    return {
        "matrix_service_ms": app,
        "matrix_floor_ms": floor,
        "matrix_service_to_floor": ratio(app, floor),
    }


def matrix_floor_sql(services: Services) -> Any:
    """The overview's own ``GROUP BY`` (open, live actions by school, principle and RAG as
    rated), its values written in: the same question on a bare connection, so the ratio is
    the app's cost over the database's, not over a different, cheaper or dearer, query."""
    from psycopg import sql

    dialect = services.context.database.engine.dialect
    compiled = queries.rag_matrix().compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    return sql.SQL(str(compiled))  # our own text, written from constants


def _board_paper(services: Services, runs: int) -> dict[str, Any]:
    import tempfile
    from pathlib import Path

    from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest
    from cst_inclusion_desktop.reports.outputs import write_board_paper

    whole = BoardPaperRequest(generated_by="Benchmark")
    with tempfile.TemporaryDirectory(prefix="cst-bench-pg-report-") as folder:
        out = Path(folder) / "paper.pdf"
        paper_ms = median_ms(
            lambda: write_board_paper(services.report.board_paper(whole), out), runs
        )
    return {"board_paper_pdf_ms": paper_ms}


def _writers(url: str, services: Services, seconds: float) -> dict[str, Any]:
    """WRITERS people, each on their own connection, saving changes to their own actions as
    fast as the server lets them for ``seconds``: latencies of every save, and every error."""
    actions = [a.id for a in services.actions.list(ActionFilter(), 0, WRITERS * 20)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def work(number: int) -> None:
        mine = actions[number::WRITERS]
        chooser = random.Random(number)
        try:
            person = open_server(url)
        except Exception as error:
            with lock:
                errors.append(type(error).__name__)
            return
        try:
            saves = 0
            while time.perf_counter() < deadline:
                action_id = chooser.choice(mine)
                start = time.perf_counter()
                try:
                    person.actions.update(action_id, {"owner": f"Writer {number} save {saves}"})
                except Exception as error:
                    with lock:
                        errors.append(type(error).__name__)
                    continue
                elapsed = (time.perf_counter() - start) * 1000
                saves += 1
                with lock:
                    latencies.append(elapsed)
        finally:
            person.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)
    return {
        "writers": WRITERS,
        "writers_seconds": seconds,
        "writers_saves": len(latencies),
        "writers_errors": len(errors),
        "writers_error_kinds": sorted(set(errors)),
        "writers_save_p50_ms": round(statistics.median(ordered), 1) if ordered else None,
        "writers_save_p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 1) if ordered else None,
    }
