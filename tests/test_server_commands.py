"""`server setup|upgrade` and `users …` against a real PostgreSQL, through the real CLI."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import CliResult
from tests.postgres_server import LEAD, PASSWORD, PostgresServer

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def empty_owner_url(postgres_server: PostgresServer) -> Iterator[str]:
    with postgres_server.empty_database() as url:
        yield url


@pytest.fixture
def run(cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """The CLI with no --db unless given, and standard input ``stdin``."""

    def call(*argv: str, db: str | None = None, stdin: str = "") -> CliResult:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return cli(*argv, db=db)

    return call


def _url_as(owner_url: str, login: str, password: str = PASSWORD) -> str:
    head, database = owner_url.rsplit("/", 1)
    host = head.rsplit("@", 1)[1]
    return f"postgresql+psycopg://{login}:{password}@{host}/{database}"


def _set_up(run: Callable[..., CliResult], owner_url: str) -> None:
    done = run("server", "setup", "--admin-url", owner_url, "--trust-name", "Oak Learning Trust")
    assert done.code == 0, done.err
    for name, urn in (("Oakfield Primary School", "100001"), ("Ysgol Bryn Ŵyn", "100002")):
        added = run("schools", "add", "--name", name, "--urn", urn, db=owner_url)
        assert added.code == 0, added.err


def test_setup_then_setup_again_changes_nothing(
    run: Callable[..., CliResult], empty_owner_url: str
) -> None:
    first = run("server", "setup", "--admin-url", empty_owner_url, "--trust-name", "Oak Trust")
    assert first.code == 0, first.err
    assert "Set up (schema" in first.out and "Created the trust 'Oak Trust'" in first.out
    again = run("server", "setup", "--admin-url", empty_owner_url, "--trust-name", "Oak Trust")
    assert again.code == 0, again.err
    assert "Already set up" in again.out and "nothing changed" in again.out
    upgraded = run("server", "upgrade", "--admin-url", empty_owner_url)
    assert upgraded.code == 0 and "Already up to date" in upgraded.out
    # A trust lead's login opens it like any database: the trust and its framework are there.
    lead = _url_as(empty_owner_url, LEAD)
    listed = run("principles", "list", "--json", db=lead)
    assert listed.code == 0, listed.err
    assert len(json.loads(listed.out)) == 5


def test_setup_refuses_a_database_holding_foreign_tables(
    run: Callable[..., CliResult], empty_owner_url: str
) -> None:
    with psycopg.connect(empty_owner_url.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute("CREATE TABLE payroll (id int)")
    result = run("server", "setup", "--admin-url", empty_owner_url)
    assert result.code == 2
    assert "not CST Inclusion Desktop's" in result.err and "Nothing was changed" in result.err
    with psycopg.connect(empty_owner_url.replace("+psycopg", "")) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    assert tables == [("payroll",)]


def test_an_app_login_is_refused_a_database_not_set_up(
    run: Callable[..., CliResult], empty_owner_url: str
) -> None:
    result = run("schools", "list", db=_url_as(empty_owner_url, LEAD))
    assert result.code == 2
    assert "is not set up yet: IT runs `cst-inclusion server setup" in result.err
    assert PASSWORD not in result.err  # the URL is shown without its password


def test_users_add_grant_revoke_disable_list(
    run: Callable[..., CliResult], empty_owner_url: str
) -> None:
    _set_up(run, empty_owner_url)
    owner = empty_owner_url
    added = run(
        "users", "add", "senco1", "--role", "senco", "--school", "100001", "--password-stdin",
        db=owner, stdin="a-long-secret\n",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert "a-long-secret" not in added.out + added.err
    lead = run("users", "add", "lead2", "--role", "trust_lead", "--password-stdin",
               db=owner, stdin=PASSWORD + "\n")  # fmt: skip
    assert lead.code == 0, lead.err
    # The trust lead may manage users (the delegated functions), the SENCO may not.
    as_lead = _url_as(owner, "lead2")
    assert run("users", "grant", "senco1", "--school", "100002", db=as_lead).code == 0
    listed = run("users", "list", "--json", db=as_lead)
    assert listed.code == 0, listed.err
    rows = {row["login"]: row for row in json.loads(listed.out)}
    assert rows["senco1"] == {
        "login": "senco1",
        "role": "senco",
        "can_sign_in": True,
        "schools": ["100001", "100002"],
    }
    assert rows["lead2"]["role"] == "trust_lead"
    as_senco = _url_as(owner, "senco1", "a-long-secret")
    refused = run("users", "list", db=as_senco)
    assert refused.code == 2
    assert "you (senco1, SENCO) may not list users" in refused.err
    revoked = run("users", "revoke", "senco1", "--school", "100002", db=as_lead)
    assert revoked.code == 0 and "no longer" in revoked.out
    assert run("users", "disable", "senco1", db=as_lead).code == 0
    signed_out = run("schools", "list", db=as_senco)
    assert signed_out.code == 2 and "not permitted to log in" in signed_out.err
    # A trust lead cannot use the functions on a login that is not the app's.
    owner_refused = run("users", "disable", "cst_owner", db=as_lead)
    assert owner_refused.code == 2
    assert "expected a login made with `users add`" in owner_refused.err


def test_users_add_refuses_bad_input_in_one_line(
    run: Callable[..., CliResult], empty_owner_url: str
) -> None:
    _set_up(run, empty_owner_url)
    cases = [
        (["users", "add", "Bad Name", "--role", "viewer", "--password-stdin"], "LOGIN: value"),
        (["users", "add", "senco9", "--role", "senco", "--password-stdin"], "--school: expected"),
        (["users", "add", "viewer9", "--role", "viewer"], "expected --password-stdin"),
        (["users", "add", "viewer9", "--role", "viewer", "--school", "999999",
          "--password-stdin"], "school: value '999999'"),
        (["users", "grant", "nobody9", "--school", "100001"], "login: value 'nobody9'"),
    ]  # fmt: skip
    for argv, expected in cases:
        result = run(*argv, db=empty_owner_url, stdin="a-long-secret\n")
        assert result.code == 2, (argv, result.err)
        assert expected in result.err, (argv, result.err)
        assert len(result.err.strip().splitlines()) == 1, result.err
    listed = run("users", "list", "--json", db=empty_owner_url)
    logins = {row["login"] for row in json.loads(listed.out)}
    assert logins == {LEAD}  # nothing half-made (the suite's own trust lead is cluster-wide)


@pytest.mark.sqlite_only
def test_users_need_server_mode(cli: Callable[..., CliResult]) -> None:
    assert cli("init", "--trust-name", "Oak Learning Trust").code == 0
    result = cli("users", "list")
    assert result.code == 2
    assert "users need server mode" in result.err


def test_a_refused_write_says_what_and_why_in_one_line(
    run: Callable[..., CliResult], empty_owner_url: str
) -> None:
    _set_up(run, empty_owner_url)
    owner = empty_owner_url
    for login, role, schools in (
        ("senco1", "senco", ["--school", "100001"]),
        ("viewer1", "viewer", []),
    ):
        made = run("users", "add", login, "--role", role, *schools, "--password-stdin",
                   db=owner, stdin=PASSWORD + "\n")  # fmt: skip
        assert made.code == 0, made.err
    senco, viewer = _url_as(owner, "senco1"), _url_as(owner, "viewer1")
    before = run("actions", "list", "--json", db=owner).out
    refused = run("actions", "add", "--school", "100002", "--principle", "1", "--title", "x",
                  db=senco)  # fmt: skip
    assert refused.code == 2
    assert refused.err == (
        "cst-inclusion actions: error: school 100002: you (senco1) may change only the "
        "schools granted to you: 100001\n"
    )
    allowed = run("actions", "add", "--school", "100001", "--principle", "1", "--title", "Mine",
                  db=senco)  # fmt: skip
    assert allowed.code == 0, allowed.err
    action_id = allowed.out.strip()
    read_only = run("actions", "update", action_id, "--title", "Viewer's", db=viewer)
    assert read_only.code == 2
    assert "you (viewer1, viewer) may not make this change; nothing was changed" in read_only.err
    assert len(read_only.err.strip().splitlines()) == 1
    listed = json.loads(run("actions", "list", "--json", db=owner).out)
    assert [action["title"] for action in listed] == ["Mine"] and before.strip() == "[]"
    history = run("check", "--json", db=owner)
    assert history.code == 0 and json.loads(history.out)["ok"]
    # A SENCO's check passes and says why the chain is left to a trust lead.
    theirs = run("check", db=senco)
    assert theirs.code == 0, theirs.out
    assert "skipped: a SENCO sees only their schools' audit events" in theirs.out


@pytest.mark.parametrize(
    ("revision", "expected"),
    [
        ("9999_future", "was upgraded by a newer CST Inclusion Desktop"),
        ("0001", "IT runs `cst-inclusion server upgrade --admin-url OWNER_URL`"),
    ],
)
def test_an_app_login_never_migrates_a_server_database(
    run: Callable[..., CliResult], empty_owner_url: str, revision: str, expected: str
) -> None:
    _set_up(run, empty_owner_url)
    with psycopg.connect(empty_owner_url.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute("UPDATE alembic_version SET version_num = %s", (revision,))
    result = run("schools", "list", db=_url_as(empty_owner_url, LEAD))
    assert result.code == 2 and expected in result.err, result.err
    with psycopg.connect(empty_owner_url.replace("+psycopg", "")) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            revision,
        )


def test_tls_settings_from_the_config_reach_the_driver(
    run: Callable[..., CliResult], database_url: str, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    missing = tmp_path / "trust-ca.crt"
    site = tmp_path / "site"
    site.mkdir()
    (site / "config.toml").write_text(
        f'database_sslmode = "verify-full"\ndatabase_sslrootcert = "{missing.as_posix()}"\n'
    )
    monkeypatch.setenv("CST_INCLUSION_SITE_CONFIG_DIR", str(site))
    result = run("schools", "list", db=database_url)
    assert result.code == 2
    assert "cannot connect to postgresql+psycopg://lead:***@" in result.err
    # The test cluster has no TLS: libpq, told verify-full, refuses to go on without it.
    assert "SSL was required" in result.err and len(result.err.strip().splitlines()) == 1
    monkeypatch.setenv("CST_INCLUSION_DB_SSLMODE", "sometimes")
    bad = run("schools", "list", db=database_url)
    assert bad.code == 2
    assert "database_sslmode: value 'sometimes' — expected one of disable" in bad.err


def test_setup_by_a_role_that_may_not_is_explained_and_changes_nothing(
    run: Callable[..., CliResult], empty_owner_url: str, postgres_server: PostgresServer
) -> None:
    postgres_server.other_logins.add("weak")
    postgres_server.admin(f"CREATE ROLE weak LOGIN PASSWORD '{PASSWORD}'")
    result = run("server", "setup", "--admin-url", _url_as(empty_owner_url, "weak"))
    assert result.code == 2, result.err
    assert "the server refused set-up (permission denied for schema public)" in result.err
    assert "a role with CREATEROLE" in result.err and len(result.err.splitlines()) == 1
    with psycopg.connect(empty_owner_url.replace("+psycopg", "")) as connection:
        assert connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone() == (0,)
    unreachable = run("server", "setup", "--admin-url", _url_as(empty_owner_url, "weak", "wrong"))
    assert unreachable.code == 2
    assert "cannot connect to" in unreachable.err
    assert "password authentication failed" in unreachable.err


def test_a_viewer_makes_the_board_paper(
    run: Callable[..., CliResult], empty_owner_url: str, tmp_path: Path
) -> None:
    """Governors and trustees read: the paper is made, its cover sheet just not remembered."""
    _set_up(run, empty_owner_url)
    made = run("users", "add", "viewer1", "--role", "viewer", "--password-stdin",
               db=empty_owner_url, stdin=PASSWORD + "\n")  # fmt: skip
    assert made.code == 0, made.err
    out = tmp_path / "paper.pdf"
    result = run("report", "board", "--out", str(out), db=_url_as(empty_owner_url, "viewer1"))
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"%PDF")
