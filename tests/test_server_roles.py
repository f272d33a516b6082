"""The server's rules, tested as a person with `psql` and a password would meet them: each
login connects DIRECTLY with psycopg, bypassing the app, and tries to read or change what its
role must not. The database refuses (permission denied) or shows nothing (row-level security)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from cst_inclusion_desktop.services import Services
from tests.postgres_server import PASSWORD, PostgresServer

pytestmark = pytest.mark.postgresql_only
DENIED = psycopg.errors.InsufficientPrivilege
OURS, THEIRS = "100001", "100002"
SCHOOL_TABLES = ("action", "evidence", "review", "blob", "school", "audit_event")


@pytest.fixture
def trust(
    services: Services, make_action: Callable[..., str], tmp_path: Path, database_url: str,
    postgres_server: PostgresServer,
) -> Iterator[dict[str, str]]:  # fmt: skip
    """Two schools, each with an action, evidence bytes of its own and a review; a SENCO of
    the first school, a viewer, and the suite's trust lead."""
    ids: dict[str, str] = {}
    for urn in (OURS, THEIRS):
        action_id = make_action(school=urn, title=f"Action of {urn}")
        document = tmp_path / f"plan-{urn}.txt"
        document.write_bytes(f"the plan of {urn}".encode())
        services.evidence.add(action_id=action_id, file=document, title="Plan")
        services.reviews.add(action_id, "green", "Going well", "2026-10-01")
        ids[urn] = action_id
    owner = postgres_server.owner_url(database_url)
    for statement in (
        "SELECT cst_add_user('senco1', 'senco', NULL)",
        f"SELECT cst_grant_school('senco1', '{OURS}')",
        "SELECT cst_add_user('viewer1', 'viewer', NULL)",
    ):
        with _connect(owner) as connection:
            connection.execute(statement)
    for login in ("senco1", "viewer1"):
        postgres_server.admin(f"ALTER ROLE {login} PASSWORD '{PASSWORD}'")
    ids["url"] = database_url
    yield ids


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@contextmanager
def _connect(url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(_plain(url), autocommit=True) as connection:
        yield connection


def _as(trust: dict[str, str], login: str) -> str:
    head, database = trust["url"].rsplit("/", 1)
    host = head.rsplit("@", 1)[1]
    return f"postgresql://{login}:{PASSWORD}@{host}/{database}"


def _count(connection: psycopg.Connection[tuple[object, ...]], sql: str) -> int:
    row = connection.execute(sql).fetchone()
    assert row is not None
    return int(row[0])  # type: ignore[call-overload]


THEIR_ROWS = {
    "action": "SELECT count(*) FROM action a JOIN school s ON s.id = a.school_id "
    f"WHERE s.urn = '{THEIRS}'",
    "evidence": "SELECT count(*) FROM evidence WHERE title = 'Plan' AND school_id <> ALL("
    "SELECT id FROM school WHERE urn = '100001')",
    "review": "SELECT count(*) FROM review r WHERE r.action_id = '{theirs}'",
    "blob": "SELECT count(*) FROM blob WHERE data = convert_to('the plan of 100002', 'UTF8')",
    "school": f"SELECT count(*) FROM school WHERE urn = '{THEIRS}'",
    "audit_event": "SELECT count(*) FROM audit_event WHERE entity_id = '{theirs}'",
}


def test_a_senco_sees_their_own_school_and_nothing_of_another(trust: dict[str, str]) -> None:
    with _connect(_as(trust, "senco1")) as connection:
        for table, sql in THEIR_ROWS.items():
            assert _count(connection, sql.format(theirs=trust[THEIRS])) == 0, table
        # Their own school's rows are all there.
        assert _count(connection, f"SELECT count(*) FROM action WHERE id = '{trust[OURS]}'") == 1
        assert (
            _count(connection, f"SELECT count(*) FROM review WHERE action_id = '{trust[OURS]}'")
            == 1
        )
        assert _count(connection, "SELECT count(*) FROM blob") == 1
        assert _count(connection, "SELECT count(*) FROM school") == 1
        assert (
            _count(
                connection, f"SELECT count(*) FROM audit_event WHERE entity_id = '{trust[OURS]}'"
            )
            >= 1
        )
    # ... and the trust lead sees both schools' rows (the queries do find them).
    with _connect(_as(trust, "lead")) as connection:
        for table, sql in THEIR_ROWS.items():
            assert _count(connection, sql.format(theirs=trust[THEIRS])) >= 1, table


def test_a_senco_cannot_insert_update_or_delete_another_schools_rows(
    trust: dict[str, str],
) -> None:
    theirs = trust[THEIRS]
    with _connect(_as(trust, "lead")) as lead:
        their_school = lead.execute(f"SELECT id FROM school WHERE urn = '{THEIRS}'").fetchone()
        principle = lead.execute("SELECT id FROM principle LIMIT 1").fetchone()
        before = lead.execute(f"SELECT title FROM action WHERE id = '{theirs}'").fetchone()
    assert their_school is not None and principle is not None
    with _connect(_as(trust, "senco1")) as connection:
        with pytest.raises(DENIED, match="row-level security"):
            connection.execute(
                "INSERT INTO action (id, school_id, principle_id, title, description, owner, "
                "status, rag, rag_overridden, archived, evidence_count, created_at, created_by, "
                "updated_at, updated_by, revision) VALUES ('x1', %s, %s, 't', '', '', 'planned', "
                "'amber', false, false, 0, now(), '', now(), '', 1)",
                (their_school[0], principle[0]),
            )
        with pytest.raises(DENIED):
            connection.execute(
                "INSERT INTO review (id, action_id, date, rag, note, reviewer, created_at, "
                "created_by, updated_at, updated_by, revision) VALUES ('r1', %s, '2026-10-02', "
                "'red', '', '', now(), '', now(), '', 1)",
                (theirs,),
            )
        # Moving their own action into the other school is refused too.
        with pytest.raises(DENIED):
            connection.execute(
                "UPDATE action SET school_id = %s WHERE id = %s", (their_school[0], trust[OURS])
            )
        for sql in (
            f"UPDATE action SET title = 'taken' WHERE id = '{theirs}'",
            f"DELETE FROM review WHERE action_id = '{theirs}'",
            f"DELETE FROM evidence WHERE action_id = '{theirs}'",
            f"UPDATE school SET name = 'taken' WHERE urn = '{THEIRS}'",
            "UPDATE blob SET data = 'x' WHERE data = convert_to('the plan of 100002', 'UTF8')",
        ):
            cursor = connection.execute(sql) if not sql.startswith("UPDATE school") else None
            if cursor is not None:
                assert cursor.rowcount == 0, sql
        with pytest.raises(DENIED):
            connection.execute(f"UPDATE school SET name = 'taken' WHERE urn = '{THEIRS}'")
        with pytest.raises(DENIED):
            connection.execute(f"DELETE FROM school WHERE urn = '{OURS}'")
    with _connect(_as(trust, "lead")) as lead:
        assert lead.execute(f"SELECT title FROM action WHERE id = '{theirs}'").fetchone() == before
        assert _count(lead, f"SELECT count(*) FROM review WHERE action_id = '{theirs}'") == 1
        assert _count(lead, f"SELECT count(*) FROM evidence WHERE action_id = '{theirs}'") == 1


@pytest.mark.parametrize("login", ["senco1", "viewer1"])
def test_only_a_trust_lead_writes_the_framework_and_schools(
    trust: dict[str, str], login: str
) -> None:
    with _connect(_as(trust, login)) as connection:
        for sql in (
            "UPDATE framework SET name = 'mine'",
            "UPDATE principle SET title = 'mine'",
            "DELETE FROM principle",
            "UPDATE trust SET name = 'mine'",
            "INSERT INTO school (id, urn, name, phase, senco, archived, created_at, created_by, "
            "updated_at, updated_by, revision) VALUES ('s9', '100009', 'x', 'other', '', false, "
            "now(), '', now(), '', 1)",
        ):
            with pytest.raises(DENIED):
                connection.execute(sql)
    with _connect(_as(trust, "lead")) as lead:
        assert lead.execute("UPDATE framework SET source = source").rowcount == 1


def test_a_viewer_cannot_write_anything(trust: dict[str, str]) -> None:
    with _connect(_as(trust, "viewer1")) as connection:
        assert _count(connection, "SELECT count(*) FROM action") == 2  # reads the whole trust
        for table in (*SCHOOL_TABLES, "setting", "trust", "framework", "principle"):
            with pytest.raises(DENIED):
                connection.execute(f"DELETE FROM {table}")
            with pytest.raises(DENIED):
                connection.execute(f"UPDATE {table} SET {_a_column(table)} = {_a_column(table)}")
        with pytest.raises(DENIED):
            connection.execute("INSERT INTO setting (key, value) VALUES ('x', 'y')")


def _a_column(table: str) -> str:
    return {"blob": "size", "setting": "value", "audit_event": "actor"}.get(table, "id")


@pytest.mark.parametrize("login", ["senco1", "viewer1", "lead"])
def test_no_app_login_can_alter_or_remove_the_audit_log(trust: dict[str, str], login: str) -> None:
    with _connect(_as(trust, login)) as connection:
        for sql in (
            "UPDATE audit_event SET actor = 'someone else'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
        ):
            with pytest.raises(DENIED):
                connection.execute(sql)


def test_a_trust_lead_changes_any_school_and_the_audit_names_the_login(
    trust: dict[str, str],
) -> None:
    with _connect(_as(trust, "lead")) as connection:
        assert (
            connection.execute(
                f"UPDATE action SET title = 'Seen by the lead' WHERE id = '{trust[THEIRS]}'"
            ).rowcount
            == 1
        )
        # "Who" is session_user, whatever the client writes.
        with connection.transaction(force_rollback=True):
            connection.execute(
                "INSERT INTO audit_event (id, seq, at, actor, entity, entity_id, operation, "
                "prev_hash, hash) VALUES ('e1', 999999, now(), 'the head teacher', 'action', "
                "%s, 'update', '', '')",
                (trust[THEIRS],),
            )
            row = connection.execute("SELECT actor FROM audit_event WHERE id = 'e1'").fetchone()
            assert row == ("lead",)


def test_a_session_setting_or_set_role_grants_nothing(trust: dict[str, str]) -> None:
    with _connect(_as(trust, "senco1")) as connection:
        connection.execute("SELECT set_config('cst.login', 'lead', false)")
        connection.execute("SET application_name = 'lead'")
        with pytest.raises(DENIED):
            connection.execute("SET ROLE trust_lead")
        with pytest.raises(DENIED):
            connection.execute("SET SESSION AUTHORIZATION lead")
        connection.execute("SET ROLE senco")  # their own group: still only their school
        assert _count(connection, "SELECT count(*) FROM action") == 1
        assert _count(connection, "SELECT count(*) FROM school") == 1
        with pytest.raises(DENIED):
            connection.execute("SELECT cst_grant_school('senco1', '100002')")
        with pytest.raises(DENIED):
            connection.execute("INSERT INTO user_school VALUES ('senco1', 'x')")
        with pytest.raises(DENIED):
            connection.execute("ALTER TABLE action DISABLE ROW LEVEL SECURITY")


def test_the_coverage_tallies_follow_a_sencos_links_and_show_only_their_schools(
    trust: dict[str, str],
) -> None:
    """The tallies (migration 0013) are kept by the server's own triggers whoever writes a
    link, read under the same rules as the links, and written by no app login."""
    link = (
        "INSERT INTO action_criterion (action_id, criterion_id) SELECT %s, id "
        "FROM inspection_criterion WHERE code = 'IC2'"
    )
    opened = "SELECT coalesce(sum(n), 0) FROM coverage_count WHERE kind = 'open'"
    with _connect(_as(trust, "senco1")) as connection:
        connection.execute(link, (trust[OURS],))
        assert _count(connection, opened) == 1
    with _connect(_as(trust, "lead")) as lead:
        lead.execute(link, (trust[THEIRS],))
        assert _count(lead, opened) == 2
        lead.execute(f"UPDATE action SET archived = true WHERE id = '{trust[THEIRS]}'")
        assert _count(lead, opened) == 1
        lead.execute(f"UPDATE action SET archived = false WHERE id = '{trust[THEIRS]}'")
    with _connect(_as(trust, "senco1")) as connection:
        assert _count(connection, opened) == 1  # their own school's tally only
        assert _count(connection, "SELECT count(DISTINCT school_id) FROM coverage_count") == 1
        for sql in (
            "UPDATE coverage_count SET n = n + 5",
            "DELETE FROM coverage_count",
            "INSERT INTO coverage_count VALUES ('open', '', 'x', 'y', 1)",
        ):
            with pytest.raises(DENIED):
                connection.execute(sql)
    with _connect(_as(trust, "lead")) as lead:
        assert _count(lead, opened) == 2
        with pytest.raises(DENIED):
            lead.execute("UPDATE coverage_count SET n = 0")
