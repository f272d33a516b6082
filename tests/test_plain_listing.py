"""``principles list`` reads a healthy local file with plain sqlite3 (no SQLAlchemy): the same
bytes as the ORM path, and the same refusals and daily backup as opening the app."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records import plain_listings
from cst_inclusion_desktop.services.safety import plain_opening
from cst_inclusion_desktop.services.safety.backup import list_backups
from cst_inclusion_desktop.store.revisions import known_revisions
from tests.conftest import CliResult, file_state

# SQLite only: the plain read is of a local SQLite file; a server URL takes the ordinary path.
pytestmark = pytest.mark.sqlite_only

TRICKY_TITLE = 'Zoë\'s \u202eright-to-left\u202c "quoted" principle\twith a tab'
TRICKY_SUMMARY = "Line one\nline two — with Ŵ and 😀"


@pytest.fixture
def edited(services: Services, db_path: Path) -> Services:
    """Wording that tests escaping, JSON and column widths on both paths: written with sqlite3,
    as a hostile editor would (the app itself refuses a bidi control)."""
    services.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE principle SET title = ?, summary = ? WHERE number = 2",
            (TRICKY_TITLE, TRICKY_SUMMARY),
        )
    return services


def orm_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the command take the ORM path, as it did before the plain read existed."""
    monkeypatch.setattr(plain_opening, "read_plainly", lambda settings, read: None)
    monkeypatch.setattr(plain_listings, "read_plainly", lambda settings, read: None)


@pytest.mark.parametrize("flags", [[], ["--json"]])
def test_the_plain_read_prints_exactly_what_the_orm_path_prints(
    edited: Services,
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
    flags: list[str],
) -> None:
    plain = cli("principles", "list", *flags)
    with monkeypatch.context() as patch:
        orm_only(patch)
        through_orm = cli("principles", "list", *flags)
    assert (plain.code, plain.err) == (0, "")
    assert plain.out == through_orm.out
    assert "\\u202e" in plain.out if flags else "right-to-left" in plain.out


def test_the_plain_read_gives_the_services_records(edited: Services, settings: Settings) -> None:
    assert plain_listings.principles(settings) == edited.trust.principles()


def test_the_look_before_opening_knows_every_table_of_the_models() -> None:
    """``our_tables`` now comes from the recorded schema, not the ORM's metadata."""
    from cst_inclusion_desktop.services.safety.recovery import our_tables
    from cst_inclusion_desktop.store.models import Base

    assert set(Base.metadata.tables) <= our_tables()
    assert {"alembic_version", "action_search", "coverage_count"} <= our_tables()


def test_the_plain_read_makes_the_day_s_backup(
    services: Services, settings: Settings, cli: Callable[..., CliResult]
) -> None:
    services.close()
    assert plain_listings.principles(settings) is not None
    assert [backup.label for backup in list_backups(settings)] == ["daily"]
    assert cli("principles", "list").code == 0
    assert len(list_backups(settings)) == 1  # once a day


def test_a_foreign_trigger_is_refused_before_the_plain_read(
    services: Services, settings: Settings, db_path: Path, cli: Callable[..., CliResult]
) -> None:
    services.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "CREATE TRIGGER wipe AFTER INSERT ON action BEGIN DELETE FROM review; END"
        )
    before = file_state(db_path)
    result = cli("principles", "list")
    assert result.code == 2
    assert "trigger wipe on action" in result.err
    assert result.out == ""
    assert file_state(db_path) == before
    assert list_backups(settings) == []


def test_a_newer_schema_is_refused_before_the_plain_read(
    services: Services, db_path: Path, cli: Callable[..., CliResult]
) -> None:
    services.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = file_state(db_path)
    result = cli("principles", "list")
    assert result.code == 2
    assert "made by a newer version" in result.err
    assert file_state(db_path) == before


def test_a_file_without_an_active_framework_takes_the_ordinary_path(
    services: Services, settings: Settings, db_path: Path, cli: Callable[..., CliResult]
) -> None:
    services.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE framework SET active = 0")
    assert plain_listings.principles(settings) is None
    result = cli("principles", "list")
    assert result.code == 2
    assert "framework: no framework with 'active'" in result.err


def test_a_server_url_takes_the_ordinary_path() -> None:
    settings = Settings(database="postgresql://nobody@localhost/none")
    assert plain_listings.principles(settings) is None


def test_an_older_schema_is_migrated_by_the_ordinary_path(
    settings: Settings, db_path: Path, cli: Callable[..., CliResult]
) -> None:
    from tests.test_check_and_migrations import database_at

    database_at(db_path, known_revisions()[0])
    assert plain_listings.principles(settings) is None
    cli("principles", "list")  # no trust in this file yet: the listing itself has nothing
    with sqlite3.connect(db_path) as connection:
        [(revision,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert revision == known_revisions()[-1]
    assert "pre-migration" in [backup.label for backup in list_backups(settings)]
