"""`check` compares every row with the state its latest audit event recorded: a direct edit of
the file with `sqlite3`, or of the server database by someone with the owner's password — the
audit chain untouched — is caught, entity, id and field named (the ``tamper`` fixture)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cst_inclusion_desktop.services import Services
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
Tamper = Callable[..., object]
Peek = Callable[..., str]


@pytest.fixture
def record(services: Services, make_action: Callable[..., str], tmp_path: Path) -> Services:
    """A trust with one action, its evidence and its review, all made through the services."""
    source = tmp_path / "plan.txt"
    source.write_text("the plan")
    action_id = make_action(title="Phonics catch-up", description="Small groups")
    services.evidence.add(action_id=action_id, file=source, title="Plan", note="Agreed")
    services.reviews.add(action_id, "amber", "Going well")
    assert services.check.run().ok
    return services


EDITS = [
    ("action", "UPDATE action SET title = 'Forged'", "title"),
    ("action", "UPDATE action SET rag = 'green'", "rag"),
    ("evidence", "UPDATE evidence SET note = 'Never said'", "note"),
    ("review", "UPDATE review SET rag = 'green'", "rag"),
    ("school", "UPDATE school SET senco = 'Mallory' WHERE urn = '100001'", "senco"),
    ("principle", "UPDATE principle SET title = 'Forged' WHERE number = 2", "title"),
    ("framework", "UPDATE framework SET version = 7", "version"),
    ("trust", "UPDATE trust SET name = 'Another Trust'", "name"),
]


@pytest.mark.parametrize(("entity", "sql", "field"), EDITS, ids=[f"{e[0]}-{e[2]}" for e in EDITS])
def test_a_direct_edit_of_each_table_is_caught_by_check(
    record: Services, tamper: Tamper, peek: Peek, cli: Cli, entity: str, sql: str, field: str
) -> None:
    table = entity
    where = sql.split(" WHERE ")[1] if " WHERE " in sql else "true"
    row_id = peek(f"SELECT id FROM {table} WHERE {where}")
    tamper(sql)
    result = cli("check")
    assert result.code == 1, result.out
    assert "ok   audit_chain" in result.out  # the chain itself still verifies
    assert "FAIL rows_audited: " in result.out and "difference from the audit log: " in result.out
    assert f"{entity} {row_id} {field}: " in result.out


def test_the_difference_shows_both_values(
    record: Services, tamper: Tamper, cli: Cli, backend: str
) -> None:
    tamper("UPDATE action SET title = 'Forged'")
    result = cli("check", "--json")
    assert result.code == 1
    held_in = "file" if backend == "sqlite" else "database"  # a server has no file
    assert f"title: 'Forged' in the {held_in}, 'Phonics catch-up' at audit event" in result.out


def test_a_row_with_no_audit_event_is_caught(record: Services, tamper: Tamper, cli: Cli) -> None:
    tamper(
        "INSERT INTO school (id, urn, name, phase, senco, archived, created_at, created_by, "
        "updated_at, updated_by, revision) VALUES ('11111111-2222-3333-4444-555555555555', "
        "'100099', 'Ghost School', 'primary', '', false, '2026-01-01 00:00:00', '', "
        "'2026-01-01 00:00:00', '', 1)",
    )
    result = cli("check")
    assert result.code == 1
    assert "school 11111111-2222-3333-4444-555555555555: no audit event records it" in result.out


def test_a_row_removed_outside_the_app_is_caught(
    record: Services, tamper: Tamper, peek: Peek, cli: Cli
) -> None:
    review_id = peek("SELECT id FROM review")
    tamper("DELETE FROM review")
    result = cli("check")
    assert result.code == 1
    assert f"review {review_id}: audit event" in result.out
    assert "records it, but the row is gone" in result.out


def test_a_row_the_audit_removed_that_still_exists_is_caught(
    record: Services, tamper: Callable[..., list[tuple[object, ...]]], tmp_path: Path, cli: Cli
) -> None:
    saved = tamper("SELECT * FROM principle WHERE number = 5")[0]
    principle = saved[0]
    four = tmp_path / "four.json"
    record.trust.export_framework(four)
    spec = json.loads(four.read_text(encoding="utf-8"))
    spec["principles"] = [p for p in spec["principles"] if p["number"] != 5]
    four.write_text(json.dumps(spec), encoding="utf-8")
    record.trust.import_framework(four)
    assert record.check.run().ok
    placeholders = ", ".join("?" for _ in saved)
    tamper(f"INSERT INTO principle VALUES ({placeholders})", saved)
    result = cli("check")
    assert result.code == 1
    assert f"principle {principle}: audit event" in result.out and "removed it, yet it exists" in (
        result.out
    )


def test_a_sound_record_and_a_demo_trust_pass(services: Services, cli: Cli) -> None:
    from cst_inclusion_desktop.services.records.demo import generate_demo

    generate_demo(services.context, schools=3, actions=60, seed=7)
    result = cli("check")
    assert result.code == 0, result.out
    assert "ok   rows_audited:" in result.out and "demo-generated row" in result.out
