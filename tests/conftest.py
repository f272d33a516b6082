"""Shared fixtures: every database-touching test runs against a real SQLite file in tmp_path
and against a fresh database on a real PostgreSQL server (``backend``: "sqlite" or
"postgresql"; tests about SQLite files themselves are marked ``sqlite_only``), with offscreen
Qt and a private app home so no test touches the real user folders."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cst_inclusion_desktop.cli import main
from cst_inclusion_desktop.config import Settings, load_settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context
from tests.postgres_server import (
    BACKENDS,
    PostgresServer,
    postgres_server_for_session,
)

TRUST_NAME = "Oak Learning Trust"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run the long, opt-in tests")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses the database fixtures runs once per backend."""
    if "backend" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        backends = BACKENDS
        if marked("sqlite_only") is not None:
            backends = ["sqlite"]
        elif marked("postgresql_only") is not None:
            backends = ["postgresql"]
        metafunc.parametrize("backend", backends, indirect=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_slow = pytest.mark.skip(reason="opt-in: run with --run-slow")
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
        if "slow" in item.keywords and not config.getoption("--run-slow"):
            item.add_marker(skip_slow)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data, config, logs and backups at tmp_path; clear CST_ variables."""
    for name in list(os.environ):
        if name.startswith("CST_INCLUSION_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    monkeypatch.setenv("CST_INCLUSION_HOME", str(home))
    monkeypatch.setenv("CST_INCLUSION_USER", "Test User")
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "trust.db"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The test cluster (from dev.py's CST_TEST_PG_ADMIN_URL, else started here), with the
    owner, a trust lead login and a set-up template database; skips when unavailable
    outside CI."""
    with postgres_server_for_session() as server:
        yield server


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def database_url(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """What ``--db`` and the ``database`` setting get: the SQLite file's path, or the URL of a
    fresh server database (made from the set-up template, dropped afterwards) signed in as a
    trust lead."""
    if backend == "sqlite":
        yield str(db_path)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with server.fresh_database() as url:
        # file_state(db_path) then reads the server database: "nothing changed" still means it.
        _SERVER_BEHIND[str(db_path)] = server.owner_url(url)
        try:
            yield url
        finally:
            _SERVER_BEHIND.pop(str(db_path), None)


Rows = list[tuple[object, ...]]


def _behind_the_app(
    backend: str, database_url: str, request: pytest.FixtureRequest
) -> Callable[[str, tuple[object, ...]], Rows]:
    """Run SQL on the database as someone with the file (SQLite) or the owner's password (the
    server) could, bypassing the app; returns the rows it gives."""

    def run(sql: str, values: tuple[object, ...] = ()) -> Rows:
        if backend == "sqlite":
            import sqlite3

            connection = sqlite3.connect(database_url)
            try:
                rows = connection.execute(sql, values).fetchall()
                connection.commit()
            finally:
                connection.close()
            return rows
        import psycopg

        server: PostgresServer = request.getfixturevalue("postgres_server")
        owner = server.owner_url(database_url).replace("+psycopg", "")
        with psycopg.connect(owner, autocommit=True) as connection:
            postgres_sql = sql.replace("CAST('forged' AS BLOB)", "'forged'::bytea")
            cursor = connection.execute(postgres_sql.replace("?", "%s"), values or None)  # type: ignore[arg-type]
            return list(cursor.fetchall()) if cursor.description else []

    return run


@pytest.fixture
def tamper(backend: str, database_url: str, request: pytest.FixtureRequest) -> Callable[..., Rows]:
    """Change the database behind the app's back, as someone with the file (SQLite) or the
    owner's password (the server) could: ``tamper("UPDATE audit_event SET …")``."""
    return _behind_the_app(backend, database_url, request)


@pytest.fixture
def peek(backend: str, database_url: str, request: pytest.FixtureRequest) -> Callable[..., str]:
    """The first value a query gives, read behind the app's back as ``tamper`` writes."""
    run = _behind_the_app(backend, database_url, request)

    def first(sql: str, values: tuple[object, ...] = ()) -> str:
        return str(run(sql, values)[0][0])

    return first


@pytest.fixture
def actor(backend: str) -> str:
    """Who the records and the audit log name: the configured user on SQLite, the login that
    signed in on the server (its audit trigger insists on session_user)."""
    return "Test User" if backend == "sqlite" else "lead"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(overrides={"database": database_url})


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """A new database holding Oak Learning Trust and two schools (one with a non-ASCII name)."""
    app = Services(open_context(settings, create=True))
    app.trust.create(TRUST_NAME)
    app.schools.add("Oakfield Primary School", "100001", "primary", "Zoë Ørsted")
    app.schools.add("Ysgol Bryn Ŵyn", "100002", "secondary", "Siân Jones")
    yield app
    wait_for_background_work()
    app.close()


def wait_for_background_work() -> None:
    """Let GUI workers still reading the database finish before it is closed: closing it under
    a running query crashes the process (seen as a segfault in the report dialog's tests)."""
    import sys

    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture
def make_action(services: Services) -> Callable[..., str]:
    def make(**fields: object) -> str:
        values: dict[str, object] = {"school": "100001", "principle": 1, "title": "An action"}
        values.update(fields)
        return services.actions.add(ActionDraft(**values)).id  # type: ignore[arg-type]

    return make


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(database_url: str) -> Callable[..., CliResult]:
    """Run the real entry point in-process: ``cli("actions", "list")`` (``--db`` added)."""

    def run(*argv: str, db: Path | str | None = database_url) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        full = [*(["--db", str(db)] if db is not None else []), *argv]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(full)
            except SystemExit as exit_:
                code = int(exit_.code or 0)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


_SERVER_BEHIND: dict[str, str] = {}  # a test's db_path -> its server database (owner URL)


def file_state(path: Path) -> bytes:
    """The bytes of a database after a checkpoint, to prove a failed command changed nothing
    (on the server backend: every row of every table, read as the owner)."""
    import sqlite3

    if str(path) in _SERVER_BEHIND:
        return server_state(_SERVER_BEHIND[str(path)])
    if not path.exists():
        return b""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return b"\n".join(line.encode() for line in connection.iterdump())
    finally:
        connection.close()


def server_state(owner_url: str) -> bytes:
    import psycopg

    with psycopg.connect(owner_url.replace("+psycopg", ""), autocommit=True) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        lines = []
        for (table,) in tables:
            rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            lines.append(f"{table}: {sorted(map(repr, rows))}")
    return "\n".join(lines).encode()
