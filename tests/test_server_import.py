"""`server import`: a whole SQLite trust moves onto an empty server database, nothing lost."""

from __future__ import annotations

import json
import sqlite3
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


def _sqlite_trust(cli: Callable[..., CliResult], path: Path, tmp_path: Path) -> None:
    assert cli("init", "--demo", "--schools", "3", "--actions", "40", db=path).code == 0
    proof = tmp_path / "proof.pdf"
    proof.write_bytes(b"%PDF-1.4 evidence bytes \x00\xff")
    actions = json.loads(cli("actions", "list", "--json", db=path).out)
    added = cli(
        "evidence", "add", "--action", actions[0]["id"], "--title", "Plan", str(proof),
        db=path,
    )  # fmt: skip
    assert added.code == 0, added.err


def _counts(cli: Callable[..., CliResult], db: Path | str) -> dict[str, object]:
    result = cli("check", "--json", db=db)
    assert result.code == 0, result.out + result.err
    return {item["name"]: item["detail"] for item in json.loads(result.out)["checks"]}


def test_import_moves_everything_and_the_chain_verifies(
    cli: Callable[..., CliResult], owner_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "school.db"
    _sqlite_trust(cli, source, tmp_path)
    assert cli("server", "setup", "--admin-url", owner_url, db=None).code == 0
    result = cli("server", "import", str(source), db=owner_url)
    assert result.code == 0, result.err
    assert "counts match and the audit chain verifies" in result.out
    for table in ("school", "action", "evidence", "review", "audit_event", "blob"):
        assert f"{table}: " in result.out
    # Main's later tables come across too: criteria and their links, keys, report anchors.
    for table in ("inspection_criterion", "action_criterion", "school_key", "report_anchor"):
        assert f"{table}: " in result.out, result.out
    on_file, on_server = _counts(cli, source), _counts(cli, owner_url)
    assert on_file["audit_chain"] == on_server["audit_chain"]
    assert on_file["evidence_hashes"] == on_server["evidence_hashes"]
    listed = [
        json.loads(cli("actions", "list", "--json", "--include-archived", db=db).out)
        for db in (source, owner_url)
    ]
    assert listed[0] == listed[1] and len(listed[0]) >= 40
    # The coverage tallies the server's triggers built as the links arrived equal the file's.
    tallies = (
        "SELECT kind, period, criterion_id, school_id, n FROM coverage_count ORDER BY 1, 2, 3, 4"
    )
    with sqlite3.connect(source) as connection:
        on_file_tallies = connection.execute(tallies).fetchall()
    with psycopg.connect(owner_url.replace("+psycopg", "")) as connection:
        on_server_tallies = connection.execute(tallies).fetchall()
    assert on_file_tallies and on_server_tallies == on_file_tallies


def test_import_refuses_a_server_database_that_holds_a_trust(
    cli: Callable[..., CliResult], owner_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "school.db"
    _sqlite_trust(cli, source, tmp_path)
    assert (
        cli("server", "setup", "--admin-url", owner_url, "--trust-name", "Elm", db=None).code == 0
    )
    before = cli("check", "--json", db=owner_url).out
    result = cli("server", "import", str(source), db=owner_url)
    assert result.code == 2
    assert "already holds a trust" in result.err and "Nothing was changed" in result.err
    assert cli("check", "--json", db=owner_url).out == before
