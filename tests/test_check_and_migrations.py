"""`check` catches tampering; migrations run from empty to head and refuse what they can't read."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.demo import generate_demo
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.store.migrate import (
    current_revision,
    head_revision,
    known_revisions,
    migration_config,
)
from tests.conftest import file_state


def _tamper(db_path: Path, sql: str) -> None:
    connection = sqlite3.connect(db_path)
    connection.execute(sql)
    connection.commit()
    connection.close()


@pytest.fixture
def sound(services: Services, make_action: Callable[..., str], tmp_path: Path) -> Services:
    source = tmp_path / "note.txt"
    source.write_text("observed")
    action_id = make_action(title="Audited")
    services.evidence.add(action_id=action_id, file=source)
    services.reviews.add(action_id, "green", "fine")
    assert services.check.run().ok
    return services


def test_check_counts_stored_files_in_words(sound: Services, tmp_path: Path) -> None:
    item = next(i for i in sound.check.run().items if i.name == "evidence_hashes")
    assert item.detail == "1 stored file matches its SHA-256"
    second = tmp_path / "second.txt"
    second.write_text("observed again")
    sound.evidence.add(action_id=sound.actions.list()[0].id, file=second)
    item = next(i for i in sound.check.run().items if i.name == "evidence_hashes")
    assert item.detail == "2 stored files match their SHA-256"


def test_check_detects_an_edited_audit_row(sound: Services, tamper: Callable[[str], None]) -> None:
    tamper("UPDATE audit_event SET actor = 'Mallory' WHERE seq = 3")
    item = sound.check.audit_chain()
    assert (
        not item.ok and item.detail.startswith("audit event 3 (") and "was altered" in item.detail
    )


def test_check_detects_a_deleted_audit_row(sound: Services, tamper: Callable[[str], None]) -> None:
    tamper("DELETE FROM audit_event WHERE seq = 2")
    item = sound.check.audit_chain()
    assert not item.ok and item.detail == "audit event 2 is missing (next found is 3)"


def test_check_detects_the_last_audit_row_removed(
    sound: Services, tamper: Callable[[str], None]
) -> None:
    tamper("DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)")
    item = sound.check.audit_chain()
    assert not item.ok and "events were removed or added" in item.detail


def test_check_detects_a_changed_evidence_blob(
    sound: Services, tamper: Callable[[str], None]
) -> None:
    tamper("UPDATE blob SET data = CAST('forged' AS BLOB)")
    item = sound.check.evidence_hashes()
    assert not item.ok and "1 stored file changed" in item.detail
    assert not sound.check.run().ok


def test_check_cli_exit_code_and_json(
    sound: Services, tamper: Callable[[str], None], cli: Callable[..., object]
) -> None:
    good = cli("check", "--json")
    assert good.code == 0 and '"ok": true' in good.out
    tamper("UPDATE audit_event SET after_json = '{}' WHERE seq = 4")
    bad = cli("check")
    assert bad.code == 1
    assert "FAIL audit_chain: audit event 4" in bad.out and "ok   integrity" in bad.out


@pytest.mark.sqlite_only  # the SQLite file's own migration and pragmas
def test_migration_from_empty_to_head(settings: Settings, db_path: Path) -> None:
    context = open_context(settings, create=True)
    try:
        assert current_revision(context.database) == head_revision()
        tables = {
            row[0] for row in sqlite3.connect(db_path).execute("SELECT name FROM sqlite_master")
        }
        assert {
            "action",
            "school",
            "principle",
            "evidence",
            "review",
            "audit_event",
            "blob",
        } <= tables
    finally:
        context.close()


@pytest.mark.sqlite_only  # the SQLite file's own migration and pragmas
def test_a_database_from_a_newer_app_is_refused_untouched(
    services: Services, settings: Settings, db_path: Path
) -> None:
    services.close()
    _tamper(db_path, "UPDATE alembic_version SET version_num = '9999_future'")
    before = file_state(db_path)
    with pytest.raises(DatabaseError, match="made by a newer version"):
        open_context(settings)
    assert file_state(db_path) == before


@pytest.mark.sqlite_only  # the SQLite file's own migration and pragmas
def test_a_foreign_sqlite_file_is_refused_untouched(settings: Settings, db_path: Path) -> None:
    _tamper(db_path, "CREATE TABLE pupils (name TEXT)")
    before = file_state(db_path)
    with pytest.raises(DatabaseError, match="not a CST Inclusion Desktop database"):
        open_context(settings)
    assert file_state(db_path) == before


def database_at(path: Path, revision: str) -> None:
    """A database as an older version of the app made it: migrated only up to ``revision``."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = migration_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


@pytest.mark.sqlite_only  # the SQLite file's own migration and pragmas
def test_an_older_database_is_backed_up_then_migrated(settings: Settings, db_path: Path) -> None:
    if head_revision() == "0001":
        pytest.skip("only one migration so far: nothing to upgrade from")
    database_at(db_path, "0001")
    context = open_context(settings)
    try:
        assert current_revision(context.database) == head_revision()
    finally:
        context.close()
    assert list(settings.backup_path.glob("*pre-migration.db"))


@pytest.mark.sqlite_only  # the SQLite file's own migration and pragmas
def test_missing_database_is_explained(settings: Settings) -> None:
    with pytest.raises(Exception, match="run `cst-inclusion init` first"):
        open_context(settings)


@pytest.mark.sqlite_only  # the SQLite file's own migration and pragmas
def test_sqlite_pragmas(services: Services) -> None:
    with services.context.read() as session:
        from sqlalchemy import text

        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar_one() == 5000
        assert session.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL


def test_demo_adds_a_realistic_trust_that_checks_clean(services: Services) -> None:
    counts = generate_demo(services.context, schools=4, actions=300, seed=7)
    assert counts["actions"] == 300 and counts["schools"] == 4
    assert 500 < counts["evidence"] < 1000 and 400 < counts["reviews"] < 800
    assert services.check.run().ok
    assert len(services.schools.list()) == 6
    actions = services.actions.list(limit=None)
    assert len({a.status for a in actions}) == 5
    assert {a.rag for a in actions} == {*Rag, None}  # never reviewed: not yet rated
    assert sum(a.evidence_count for a in actions) == counts["evidence"]


def test_same_seed_same_trust(tmp_path: Path) -> None:
    from cst_inclusion_desktop.config import load_settings

    def build(name: str) -> list[tuple[str, str, str]]:
        app = Services(
            open_context(load_settings(overrides={"database": str(tmp_path / name)}), create=True)
        )
        app.trust.create("Demo")
        generate_demo(app.context, schools=3, actions=50, seed=42)
        rows = [(a.id, a.school_name, a.title) for a in app.actions.list(limit=None)]
        app.close()
        return rows

    assert build("a.db") == build("b.db")


def test_the_recorded_schema_is_what_the_migrations_create() -> None:
    """schema_expected.py (read when a file is opened, so no Alembic is needed) stays in step
    with the migrations: after adding one, run `python -m cst_inclusion_desktop.store.schema`."""
    from cst_inclusion_desktop.store.schema import generate_expected_schema
    from cst_inclusion_desktop.store.schema_expected import EXPECTED_SCHEMA

    assert generate_expected_schema() == EXPECTED_SCHEMA
    assert list(EXPECTED_SCHEMA) == list(known_revisions())
