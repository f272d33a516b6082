"""Database files from outside are hostile (issue 12, findings 10–12, 14, 18, 19).

Each test builds the hostile file itself — bytes of a page overwritten, a trigger or view added
with Python's sqlite3, a symbolic link or a text file where the database should be, a backup
killed half-way — and checks the refusal (exit 2, or 1 for a failed `check`), its message, the
file's bytes (hashes, including header bytes 18–19 and the change counter) and that nothing
was left behind.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cst_inclusion_desktop.services import Services
from tests.conftest import CliResult

pytestmark = pytest.mark.sqlite_only  # hostile .db files

Cli = Callable[..., CliResult]
WIPE_REVIEWS = "CREATE TRIGGER wipe_reviews AFTER INSERT ON action BEGIN DELETE FROM review; END"
POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes and signals")


@pytest.fixture
def trust_db(services: Services, make_action: Callable[..., str], db_path: Path) -> Path:
    """A closed database of this app with 40 actions and a review, in rollback-journal mode
    (as a restored backup is), so switching WAL on would rewrite header bytes 18–19."""
    ids = [make_action(title=f"Action {number}", description="x" * 300) for number in range(40)]
    services.reviews.add(ids[0], "green", "Going well")
    services.close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    connection.close()
    return db_path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def header(path: Path) -> tuple[bytes, bytes]:
    """Header bytes 18–19 (journal mode: 1 rollback, 2 WAL) and 24–27 (the change counter)."""
    data = path.read_bytes()[:100]
    return data[18:20], data[24:28]


def tree(folder: Path) -> set[str]:
    """Every file and folder under ``folder``, except the app's log (written by every run)."""
    names = {path.relative_to(folder).as_posix() for path in folder.rglob("*")}
    return {name for name in names if name not in ("home", "home/logs") and ".log" not in name}


def execute(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def table_pages(path: Path, table: str) -> tuple[int, list[int]]:
    """A table's root page and its leaf pages (walking one level of its b-tree)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    finally:
        connection.close()
    data = path.read_bytes()
    page = data[(root - 1) * page_size : root * page_size]
    if page[0] == 0x0D:  # a leaf root: the table fits in one page
        return root, [root]
    assert page[0] == 0x05, "an interior table page"
    cells = int.from_bytes(page[3:5], "big")
    pointers = [int.from_bytes(page[12 + 2 * i : 14 + 2 * i], "big") for i in range(cells)]
    children = [int.from_bytes(page[offset : offset + 4], "big") for offset in pointers]
    return root, [*children, int.from_bytes(page[8:12], "big")]


def damage_page(path: Path, number: int) -> None:
    """Overwrite a page's header and cell pointers with junk, as a failing disk might."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with path.open("r+b") as handle:
        handle.seek((number - 1) * page_size)
        handle.write(b"\xa5" * 64)


@pytest.fixture
def one_damaged_page(trust_db: Path) -> Path:
    _root, leaves = table_pages(trust_db, "action")
    assert len(leaves) > 2
    damage_page(trust_db, leaves[0])  # not the page a new action goes to
    return trust_db


@pytest.fixture
def damaged_root(trust_db: Path) -> Path:
    root, _leaves = table_pages(trust_db, "action")
    damage_page(trust_db, root)
    return trust_db


COMMANDS = [
    ("actions", "add", "--school", "100001", "--principle", "1", "--title", "New"),
    ("actions", "list"),
    ("schools", "add", "--name", "Third School", "--urn", "100003"),
    ("report", "board", "--out", "board.pdf"),
    ("export", "actions", "actions.csv"),
    ("backup",),
]


@pytest.mark.parametrize("damaged", ["one_damaged_page", "damaged_root"])
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv[:2]))
def test_a_damaged_database_is_refused_by_every_command_and_never_written(
    damaged: str,
    argv: tuple[str, ...],
    request: pytest.FixtureRequest,
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path: Path = request.getfixturevalue(damaged)
    monkeypatch.chdir(tmp_path)
    before, head, files = digest(path), header(path), tree(tmp_path)
    result = cli(*argv)
    assert result.code == 2, result.err
    assert "damaged" in result.err and "unexpected failure" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert header(path) == head and header(path)[0] == b"\x01\x01"
    assert digest(path) == before
    assert tree(tmp_path) == files  # no -wal, -shm, backup, partial or output file


@pytest.mark.parametrize("damaged", ["one_damaged_page", "damaged_root"])
def test_check_on_a_damaged_file_fails_integrity_without_writing(
    damaged: str, request: pytest.FixtureRequest, cli: Cli, tmp_path: Path
) -> None:
    path: Path = request.getfixturevalue(damaged)
    before, files = digest(path), tree(tmp_path)
    result = cli("check")
    assert result.code == 1, result.err
    assert result.out.startswith("FAIL integrity")
    assert "unexpected failure" not in result.err
    assert digest(path) == before and tree(tmp_path) == files


FOREIGN = {
    "trigger": (WIPE_REVIEWS, "trigger wipe_reviews on action"),
    "view": ("CREATE VIEW pupils AS SELECT title FROM action", "view pupils"),
    "table": ("CREATE TABLE notes (text TEXT)", "table notes"),
    "index": ("CREATE INDEX ix_spy ON action (owner)", "index ix_spy on action"),
    "changed trigger": (
        "DROP TRIGGER action_search_insert;"
        "CREATE TRIGGER action_search_insert AFTER INSERT ON action BEGIN "
        "DELETE FROM review; END",
        "trigger action_search_insert on action (changed from the app's definition)",
    ),
}


def add_foreign(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(sql)
    finally:
        connection.close()


def review_count(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM review").fetchone()[0])
    finally:
        connection.close()


@pytest.mark.parametrize("kind", FOREIGN)
def test_a_foreign_object_is_refused_on_open_and_never_runs(
    kind: str, trust_db: Path, cli: Cli, tmp_path: Path
) -> None:
    sql, named = FOREIGN[kind]
    add_foreign(trust_db, sql)
    before, files = digest(trust_db), tree(tmp_path)
    result = cli("actions", "add", "--school", "100001", "--principle", "1", "--title", "New")
    assert result.code == 2, result.err
    assert "did not create" in result.err and named in result.err
    assert "schema remove-foreign" in result.err
    assert digest(trust_db) == before and tree(tmp_path) == files
    assert review_count(trust_db) == 1  # the trigger never ran


def test_check_reports_foreign_objects_and_does_not_write(
    trust_db: Path, cli: Cli, tmp_path: Path
) -> None:
    add_foreign(trust_db, WIPE_REVIEWS)
    before, files = digest(trust_db), tree(tmp_path)
    result = cli("check")
    assert result.code == 1
    assert "FAIL schema: 1 object the app did not create: trigger wipe_reviews" in result.out
    assert "ok   integrity" in result.out and "ok   audit_chain" in result.out
    assert digest(trust_db) == before and tree(tmp_path) == files


def test_backup_refuses_to_copy_foreign_objects(trust_db: Path, cli: Cli, tmp_path: Path) -> None:
    add_foreign(trust_db, WIPE_REVIEWS)
    before, files = digest(trust_db), tree(tmp_path)
    for argv in (("backup",), ("backup", "--out", str(tmp_path / "copy.db"))):
        result = cli(*argv)
        assert result.code == 2
        assert "did not create (trigger wipe_reviews on action)" in result.err
    assert digest(trust_db) == before and tree(tmp_path) == files


def test_restore_refuses_a_backup_holding_foreign_objects(
    trust_db: Path, cli: Cli, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.db"
    assert cli("backup", "--out", str(backup)).code == 0
    add_foreign(backup, WIPE_REVIEWS)
    before, files = digest(trust_db), tree(tmp_path)
    result = cli("restore", str(backup))
    assert result.code == 2
    assert "trigger wipe_reviews on action" in result.err
    assert digest(trust_db) == before and tree(tmp_path) == files


def test_schema_foreign_lists_and_remove_foreign_removes_after_a_backup(
    trust_db: Path, cli: Cli
) -> None:
    assert cli("schema", "foreign").code == 0
    add_foreign(trust_db, WIPE_REVIEWS)
    add_foreign(trust_db, FOREIGN["changed trigger"][0])
    listing = cli("schema", "foreign")
    assert listing.code == 1
    assert "trigger wipe_reviews on action: CREATE TRIGGER wipe_reviews" in listing.out
    assert "action_search_insert on action (changed from the app's definition)" in listing.out
    before = digest(trust_db)
    wrong = cli("schema", "remove-foreign", "wipe_reviews", "action")
    assert wrong.code == 2 and "NAME: value 'action'" in wrong.err
    assert digest(trust_db) == before
    removed = cli("schema", "remove-foreign", "wipe_reviews", "action_search_insert")
    assert removed.code == 0, removed.err
    assert "Removed trigger wipe_reviews on action" in removed.out
    assert "the app's own definition put back" in removed.out
    kept = list(trust_db.parent.glob("home/data/backups/*-pre-remove-foreign.db"))
    assert len(kept) == 1 and "wipe_reviews" in _schema_sql(kept[0])
    assert cli("schema", "foreign").code == 0
    added = cli("actions", "add", "--school", "100001", "--principle", "1", "--title", "Findable")
    assert added.code == 0 and review_count(trust_db) == 1
    assert "Findable" in cli("actions", "list", "--search", "Findable").out
    check = cli("check")
    assert check.code == 0 and "ok   schema" in check.out
    history = sqlite3.connect(trust_db).execute(
        "SELECT entity_id FROM audit_event WHERE entity = 'schema' ORDER BY seq"
    )
    assert [row[0] for row in history] == ["wipe_reviews", "action_search_insert"]
    restored = cli("restore", str(kept[0]))
    assert restored.code == 2 and "wipe_reviews" in restored.err


def _schema_sql(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return " ".join(str(row[0]) for row in connection.execute("SELECT sql FROM sqlite_master"))
    finally:
        connection.close()


@pytest.fixture
def good_backup(trust_db: Path, cli: Cli, tmp_path: Path) -> Path:
    backup = tmp_path / "good-backup.db"
    assert cli("backup", "--out", str(backup)).code == 0
    return backup


def _restore_over(cli: Cli, backup: Path, target: Path, tmp_path: Path) -> CliResult:
    files = tree(tmp_path)
    result = cli("restore", str(backup), db=target)
    assert tree(tmp_path) == files  # no staging file, no pre-restore copy, no folder
    return result


def test_restore_never_writes_through_a_symbolic_link(
    good_backup: Path, trust_db: Path, cli: Cli, tmp_path: Path
) -> None:
    system_file = tmp_path / "passwd-copy"
    system_file.write_text("root:x:0:0:root:/root:/bin/bash\n")
    for pointed_at in (system_file, trust_db):
        link = tmp_path / f"link-to-{pointed_at.name}"
        link.symlink_to(pointed_at)
        before = digest(pointed_at)
        result = _restore_over(cli, good_backup, link, tmp_path)
        assert result.code == 2 and "not a symbolic link" in result.err
        assert link.is_symlink() and digest(pointed_at) == before


def test_restore_refuses_to_replace_what_is_not_this_apps_database(
    good_backup: Path, cli: Cli, tmp_path: Path
) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("Minutes of the governors' meeting\n")
    other_program = tmp_path / "places.sqlite"
    execute(other_program, "CREATE TABLE bookmark (url TEXT)", "INSERT INTO bookmark VALUES ('x')")
    for target in (text_file, other_program):
        before = digest(target)
        result = _restore_over(cli, good_backup, target, tmp_path)
        assert result.code == 2 and "a CST Inclusion Desktop database to replace" in result.err
        assert digest(target) == before
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.db"
        os.mkfifo(fifo)
        result = _restore_over(cli, good_backup, fifo, tmp_path)
        assert result.code == 2 and "a regular database file" in result.err
        assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_restore_over_nothing_and_over_our_own_database_still_work(
    good_backup: Path, trust_db: Path, cli: Cli, tmp_path: Path
) -> None:
    assert cli("restore", str(good_backup)).code == 0
    new = tmp_path / "new" / "trust.db"
    assert cli("restore", str(good_backup), db=new).code == 0
    assert cli("actions", "list", db=new).out.count("Action ") == 40


KILL_SCRIPT = """
import os, signal, sys
from cst_inclusion_desktop.services.safety import backup, restore
def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
{patch}
from cst_inclusion_desktop.cli import main
main(sys.argv[1:])
"""


def _killed(patch: str, *argv: str) -> None:
    """Run the real CLI in a process that is killed at the patched step."""
    code = KILL_SCRIPT.format(patch=patch)
    completed = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, env=dict(os.environ)
    )
    assert completed.returncode == -9, completed.stderr


@POSIX_ONLY
def test_a_killed_backup_leaves_nothing_after_the_next_start(
    trust_db: Path, cli: Cli, tmp_path: Path
) -> None:
    backups = tmp_path / "home" / "data" / "backups"
    _killed("backup.fsync_file = die", "--db", str(trust_db), "backup")
    partial = list(backups.glob("trust-*-manual.db.*.partial"))
    assert len(partial) == 1
    older = backups / "trust-20260101-120000-manual.db.partial"  # an earlier version's name
    older.write_bytes(b"x" * 1000)
    running = backups / f"trust-20260101-120000-manual.db.{os.getpid()}.partial"
    running.write_bytes(b"still being written by this process")
    not_ours = backups / "holiday.db.partial"
    not_ours.write_bytes(b"someone else's")
    assert cli("schools", "list").code == 0
    assert not partial[0].exists() and not older.exists()
    assert running.exists() and not_ours.exists()


@POSIX_ONLY
def test_a_killed_restore_leaves_nothing_after_the_next_start(
    good_backup: Path, trust_db: Path, cli: Cli, tmp_path: Path
) -> None:
    before = digest(trust_db)
    _killed("restore._keep_current = die", "--db", str(trust_db), "restore", str(good_backup))
    staged = list(tmp_path.glob(".trust.db.*.restoring"))
    assert len(staged) == 1 and digest(trust_db) == before
    (tmp_path / ".trust.db.restoring").write_bytes(b"an earlier version's name")
    (tmp_path / ".other.db.restoring").write_bytes(b"another database's: not ours to judge")
    assert cli("schools", "list").code == 0
    assert sorted(path.name for path in tmp_path.glob(".*.restoring")) == [".other.db.restoring"]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@POSIX_ONLY
def test_database_backups_log_and_their_folders_are_private(
    usual_umask: None, cli: Cli, isolated_home: Path
) -> None:
    assert cli("init", "--trust-name", "Oak Learning Trust", db=None).code == 0
    data = isolated_home / "data"
    database = data / "inclusion.db"
    assert cli("schools", "add", "--name", "A", "--urn", "100001", db=None).code == 0
    assert cli("backup", db=None).code == 0
    good = next((data / "backups").glob("*-manual.db"))
    damage_page(database, table_pages(database, "school")[0])
    assert cli("restore", str(good), db=None).code == 0  # keeps the damaged file aside
    log = isolated_home / "logs" / "cst-inclusion.log"
    folders = [isolated_home, data, data / "backups", data / "backups" / "damaged", log.parent]
    assert {str(folder): _mode(folder) for folder in folders} == {
        str(folder): 0o700 for folder in folders
    }
    files = [database, log, *(data / "backups").rglob("*.db")]
    files += [path for path in data.glob("inclusion.db-*") if path.exists()]
    assert len(files) >= 4 and any(path.name.endswith("-manual.db") for path in files)
    assert {str(path): _mode(path) for path in files} == {str(path): 0o600 for path in files}


def test_a_failed_write_names_the_table_never_the_values(
    trust_db: Path, cli: Cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cst_inclusion_desktop.services.records import schools

    monkeypatch.setattr(schools, "_check_urn_free", lambda *_args: None)  # a bug lets it through
    result = cli("schools", "add", "--name", "Jane Doe Private", "--urn", "100001")
    assert result.code == 1
    assert "UNIQUE constraint failed: school.urn" in result.err
    assert "saving to table school" in result.err
    log = (isolated_home / "logs" / "cst-inclusion.log").read_text(encoding="utf-8")
    assert "UNIQUE constraint failed: school.urn" in log
    for shown in (result.err, log):
        assert "Jane Doe" not in shown and "Test User" not in shown


def test_the_log_strips_sql_parameters_whoever_logs_them(isolated_home: Path) -> None:
    """Second line of defence: a record quoting parameters (an engine made elsewhere, a
    library's own logger, a PostgreSQL DETAIL line) reaches the file without them."""
    import logging

    from cst_inclusion_desktop.logging_setup import configure_logging

    path = configure_logging()
    message = (
        "(sqlite3.IntegrityError) UNIQUE constraint failed: school.urn\n"
        "[SQL: INSERT INTO school (id, name, senco) VALUES (?, ?, ?)]\n"
        "[parameters: ('1', 'Jane Doe [Year 6]', 'Mrs Smith')]\n"
        "(Background on this error at: https://sqlalche.me/e/20/gkpj)\n"
        "DETAIL:  Key (urn)=(100001) already exists."
    )
    logging.getLogger("sqlalchemy.engine").error(message)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "UNIQUE constraint failed: school.urn" in text and "[parameters hidden]" in text
    assert "Jane Doe" not in text and "Mrs Smith" not in text and "100001" not in text


@POSIX_ONLY
def test_a_write_killed_mid_transaction_is_rolled_back_not_refused(
    trust_db: Path, cli: Cli
) -> None:
    """The read-only look first must not turn SQLite's own crash recovery into a refusal: a
    rollback-journal database killed mid-write (a hot -journal) opens at its last commit."""
    code = (
        "import os, signal, sqlite3, sys\n"
        "connection = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "connection.execute('PRAGMA cache_size = 1')\n"
        "connection.execute('BEGIN')\n"
        "connection.execute(\"UPDATE action SET title = 'half-written'\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(trust_db)], check=False)
    assert Path(f"{trust_db}-journal").stat().st_size > 0
    listed = cli("actions", "list")
    assert listed.code == 0, listed.err
    assert listed.out.count("Action ") == 40 and "half-written" not in listed.out
    assert cli("check").code == 0
