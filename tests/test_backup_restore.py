"""Backups (daily, manual, before risky work), the retention rule, and restore."""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import DatabaseError, ValidationError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety import backup as backup_module
from cst_inclusion_desktop.services.safety.backup import (
    BackupInfo,
    backup_before,
    backup_now,
    backups_to_keep,
    ensure_daily_backup,
    list_backups,
    prune_backups,
)
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.services.safety.restore import restore
from tests.conftest import CliResult, file_state

pytestmark = pytest.mark.sqlite_only  # file backups and restore are SQLite's


def _names(settings: Settings) -> list[str]:
    return [item.label for item in list_backups(settings)]


def test_manual_backup_is_verified_listed_and_equal(
    services: Services, settings: Settings, db_path: Path
) -> None:
    path = backup_now(settings)
    [info] = list_backups(settings)
    assert info.path == path and info.label == "manual" and info.size == path.stat().st_size
    assert info.created.tzinfo is not None
    assert file_state(path) == file_state(db_path)
    assert not list(settings.backup_path.glob("*.partial"))


def test_daily_backup_once_a_day_then_again_tomorrow(
    services: Services, settings: Settings
) -> None:
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    first = ensure_daily_backup(services.context, now=now)
    assert first is not None and first.name.endswith("-daily.db")
    assert ensure_daily_backup(services.context, now=now + timedelta(hours=1)) is None
    assert ensure_daily_backup(services.context, now=now + timedelta(days=1)) is not None
    assert _names(settings) == ["daily", "daily"]


def test_cli_start_up_makes_the_daily_backup_only_for_an_existing_file(
    cli: Callable[..., CliResult], settings: Settings
) -> None:
    assert cli("init", "--trust-name", "Oak").code == 0
    assert list_backups(settings) == []  # a brand-new database has nothing to protect yet
    assert cli("schools", "list").code == 0
    assert cli("schools", "list").code == 0
    assert _names(settings) == ["daily"]


def test_start_up_backup_failure_never_stops_the_app(
    services: Services, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object) -> Path:
        raise DatabaseError("backup failed (the disk is full)")

    monkeypatch.setattr(backup_module, "copy_database", full)
    context = open_context(settings)
    try:
        assert context.database.path == settings.database_path
    finally:
        context.close()


def test_backup_before_uses_its_label(services: Services, settings: Settings) -> None:
    backup_before(services.context, "pre-import")
    backup_before(services.context, "pre-import")  # same second: a second, distinct file
    assert _names(settings) == ["pre-import", "pre-import"]


def _fake(settings: Settings, when: datetime, label: str = "daily") -> BackupInfo:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    return BackupInfo(settings.backup_path / f"trust-{stamp}-{label}.db", when, 1, label)


def test_retention_keeps_daily_weekly_monthly_and_recent_labelled(settings: Settings) -> None:
    now = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
    daily = [_fake(settings, now - timedelta(days=day)) for day in range(400)]
    old_labelled = _fake(settings, now - timedelta(days=399, hours=1), "pre-migration")
    new_labelled = _fake(settings, now - timedelta(days=200), "pre-restore")
    keep = backups_to_keep([*daily, old_labelled, new_labelled], settings, now)
    kept_days = sorted((now - i.created).days for i in daily if i.path in keep)
    assert kept_days[:7] == list(range(7))  # the last 7 days
    assert len([d for d in kept_days if d >= 7]) <= 4 + 12  # plus weekly and monthly
    assert max(kept_days) < 12 * 31  # nothing older than 12 months
    assert new_labelled.path in keep and old_labelled.path not in keep


def test_retention_always_keeps_the_newest(settings: Settings) -> None:
    none_kept = replace(settings, backup_keep_daily=0, backup_keep_weekly=0, backup_keep_monthly=0)
    now = datetime(2026, 6, 30, tzinfo=UTC)
    backups = [_fake(settings, now - timedelta(days=day)) for day in range(3)]
    assert backups_to_keep(backups, none_kept, now) == {backups[0].path}


def test_prune_deletes_only_our_old_files(services: Services, settings: Settings) -> None:
    source = backup_now(settings)
    folder = settings.backup_path
    old = folder / "trust-20200101-000000-daily.db"
    other_db = folder / "other-20200101-000000-daily.db"
    stranger = folder / "notes.txt"
    for path in (old, other_db, stranger):
        path.write_bytes(source.read_bytes() if path.suffix == ".db" else b"x")
    assert prune_backups(settings) == []  # 2020 is still among the last 12 months with a backup
    one_each = replace(settings, backup_keep_daily=1, backup_keep_weekly=1, backup_keep_monthly=1)
    deleted = prune_backups(one_each)
    assert deleted == [old]
    assert source.exists() and other_db.exists() and stranger.exists()


def test_backup_on_a_full_disk_leaves_no_partial_and_says_so(
    services: Services, settings: Settings, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = file_state(db_path)

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_module, "fsync_file", no_space)
    with pytest.raises(DatabaseError, match="the disk is full"):
        backup_now(settings)
    assert list(settings.backup_path.iterdir()) == []
    assert file_state(db_path) == before


def test_restore_replaces_the_database_and_keeps_the_previous(
    services: Services, settings: Settings, db_path: Path, make_action: Callable[..., str]
) -> None:
    snapshot = backup_now(settings)
    expected = file_state(snapshot)
    make_action(title="Added after the backup")
    services.close()
    result = restore(snapshot, settings)
    assert file_state(db_path) == expected
    assert result.kept_previous is not None and not result.previous_was_damaged
    assert "pre-restore" in result.kept_previous.name
    reopened = Services(open_context(settings))
    try:
        assert [a.title for a in reopened.actions.list()] == []
        assert reopened.check.run().ok
    finally:
        reopened.close()
    again = Services(open_context(replace(settings, database=str(result.kept_previous))))
    try:
        assert [a.title for a in again.actions.list()] == ["Added after the backup"]
    finally:
        again.close()


def test_restore_refuses_an_invalid_file_and_changes_nothing(
    services: Services, settings: Settings, db_path: Path, tmp_path: Path
) -> None:
    services.close()
    before = file_state(db_path)
    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE pupils (name TEXT)")
    connection.commit()
    connection.close()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    for bad, reason in (
        (foreign, "not a CST Inclusion Desktop database"),
        (garbage, "not an SQLite database"),
        (tmp_path / "absent.db", "does not exist"),
    ):
        with pytest.raises(ValidationError, match=reason):
            restore(bad, settings)
    assert file_state(db_path) == before
    assert list_backups(settings) == []


def test_restore_of_a_too_new_backup_is_refused(
    services: Services, settings: Settings, db_path: Path
) -> None:
    newer = backup_now(settings)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    services.close()
    with pytest.raises(ValidationError, match="newer version"):
        restore(newer, settings)


def test_restore_refused_while_another_copy_has_it_open(
    services: Services, settings: Settings, db_path: Path
) -> None:
    snapshot = backup_now(settings)
    with services.context.read() as session:  # another "copy" with an open read transaction
        session.connection().exec_driver_sql("SELECT count(*) FROM school").fetchall()
        with pytest.raises(DatabaseError, match="in use by another copy"):
            restore(snapshot, settings)
    assert [s.urn for s in services.schools.list()] == ["100001", "100002"]


def test_cli_backup_backups_and_restore(
    cli: Callable[..., CliResult], services: Services, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "copy.db"
    result = cli("backup", "--out", str(out))
    assert result.code == 0 and "integrity check: ok" in result.out and out.exists()
    assert cli("backup").code == 0
    listing = json.loads(cli("backups", "--json").out)
    assert {item["label"] for item in listing} >= {"manual"}
    assert "manual" in cli("backups").out
    services.close()
    restored = cli("restore", str(out))
    assert restored.code == 0, restored.err
    assert "Restored" in restored.out and "kept as a backup" in restored.out
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    refused = cli("restore", str(bad))
    assert refused.code == 2 and "not an SQLite database" in refused.err


def test_restore_on_a_full_disk_keeps_the_current_database(
    services: Services, settings: Settings, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cst_inclusion_desktop.services.safety import restore as restore_module

    snapshot = backup_now(settings)
    services.close()
    before = file_state(db_path)

    def full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(restore_module, "_stage_copy", full)
    with pytest.raises(DatabaseError, match=r"the disk is full\); the current database was not"):
        restore(snapshot, settings)
    assert file_state(db_path) == before
    assert not list(db_path.parent.glob(".trust.db.restoring*"))
