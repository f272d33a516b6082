"""After `server import`, the server's planner has fresh statistics and a visibility map for
the copied tables (VACUUM (ANALYZE)): without them the first lists on a newly moved trust
are planned from guesses and the page of ids is not an index-only read (docs/benchmark.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import CliResult
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def owner_url(postgres_server: PostgresServer) -> Iterator[str]:
    with postgres_server.empty_database() as url:
        yield url


def test_import_leaves_fresh_statistics(
    cli: Callable[..., CliResult], owner_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "school.db"
    assert cli("init", "--demo", "--schools", "2", "--actions", "30", db=source).code == 0
    assert cli("server", "setup", "--admin-url", owner_url, db=None).code == 0
    result = cli("server", "import", str(source), db=owner_url)
    assert result.code == 0, result.err
    with psycopg.connect(owner_url.replace("+psycopg", "")) as connection:
        rows = connection.execute(
            "SELECT relname, last_vacuum IS NOT NULL, last_analyze IS NOT NULL "
            "FROM pg_stat_user_tables WHERE relname IN ('action', 'review', 'audit_event')"
        ).fetchall()
        found = connection.execute("SELECT reltuples FROM pg_class WHERE relname = 'action'")
        estimate = found.fetchone()
    assert sorted(rows) == [(name, True, True) for name in ("action", "audit_event", "review")]
    assert estimate == (30,)
