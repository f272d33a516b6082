"""The command line for import/export and packs: exit codes, messages, unchanged files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, file_state
from pack_tools import Keys, pair, school_db

from cst_inclusion_desktop.services import Services

Cli = Callable[..., CliResult]


def test_import_actions_lists_every_problem_and_exits_2(
    services: Services, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    file = tmp_path / "plan.csv"
    file.write_bytes(
        "URN,Principle,Title,Due date,Notes\n100001,9,A,2026-02-30,x\n100003,1,B,,y\n".encode(
            "cp1252"
        )
    )
    before = file_state(db_path)
    result = cli("import", "actions", str(file))
    assert result.code == 2
    assert result.err.splitlines() == [
        "warning: column E 'Notes' is not a column the importer knows; ignored",
        "cst-inclusion import: error: row 2, column Principle: value '9' — expected a principle "
        "number in the framework (1 to 5)",
        "cst-inclusion import: error: row 2, column Due date: value '2026-02-30' — expected a "
        "date as YYYY-MM-DD or DD/MM/YYYY",
        "cst-inclusion import: error: row 3, column URN: value '100003' — expected the URN of a "
        "school in this database",
    ]
    assert file_state(db_path) == before


def test_import_dry_run_then_import_then_export(
    services: Services, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    file = tmp_path / "plan.csv"
    file.write_text("URN,Principle,Title,Owner\n100001,1,Reading,Zoë\n100002,2,Maths,Siân\n")
    before = file_state(db_path)
    dry = cli("import", "actions", str(file), "--dry-run")
    assert (dry.code, dry.out) == (
        0,
        "Would import 2 rows from plan.csv: 2 new, 0 updated, 0 unchanged\n",
    )
    assert file_state(db_path) == before
    done = cli("import", "actions", str(file))
    assert done.out == "Imported 2 rows from plan.csv: 2 new, 0 updated, 0 unchanged\n"
    out = tmp_path / "only-bryn.xlsx"
    exported = cli("export", "actions", str(out), "--school", "100002")
    assert (exported.code, exported.out) == (0, f"Wrote 1 action to {out}\n")
    again = cli("import", "actions", str(out))
    assert again.out == "Imported 1 row from only-bryn.xlsx: 0 new, 0 updated, 1 unchanged\n"


def test_export_to_a_wrong_name_exits_2_and_writes_nothing(
    services: Services, cli: Cli, tmp_path: Path
) -> None:
    result = cli("export", "actions", str(tmp_path / "x.txt"))
    assert result.code == 2
    assert "expected a file name ending in .csv or .xlsx" in result.err
    assert not (tmp_path / "x.txt").exists()


@pytest.mark.sqlite_only  # pack signing keys live beside a SQLite file (no server home yet)
def test_pack_export_and_import_between_databases(
    services: Services, cli: Cli, make_action: Callable[..., str], tmp_path: Path
) -> None:
    make_action(title="Reading")
    pack = tmp_path / "oakfield.pack"
    trust_db = tmp_path / "trust-lead.db"
    assert cli("init", "--trust", "Oak Learning Trust", db=trust_db).code == 0
    pair(services, trust_db)
    exported = cli("pack", "export", "--school", "100001", "--out", str(pack))
    assert exported.code == 0 and exported.out.startswith(
        f"Wrote the pack for Oakfield Primary School (100001) to {pack}: 1 actions"
    )
    confirmed = ("--trust-key", Keys(school_db(services), trust_db).school_fingerprint())
    dry = cli("pack", "import", str(pack), "--dry-run", *confirmed, db=trust_db)
    assert dry.code == 0 and dry.out.startswith("Dry run: importing oakfield.pack")
    done = cli("pack", "import", str(pack), *confirmed, db=trust_db)
    assert done.code == 0 and "  actions: 1 new, 0 updated" in done.out
    before = file_state(trust_db)
    again = cli("pack", "import", str(pack), db=trust_db)
    assert again.out.startswith("Nothing to change")
    assert file_state(trust_db) == before
    assert cli("check", db=trust_db).code == 0


@pytest.mark.sqlite_only  # pack signing keys live beside a SQLite file (no server home yet)
def test_a_bad_pack_exits_2_with_a_clear_message(
    services: Services, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    pack = tmp_path / "oakfield.pack"
    pair(services, db_path)  # this database is the trust's too: it can open its own packs
    assert cli("pack", "export", "--school", "100001", "--out", str(pack)).code == 0
    pack.write_bytes(pack.read_bytes()[:-100])
    before = file_state(db_path)
    result = cli("pack", "import", str(pack))
    assert result.code == 2
    assert result.err == (  # issue 14: encrypted, so a truncated pack no longer decrypts
        "cst-inclusion pack: error: pack: value 'oakfield.pack' — expected a pack that decrypts "
        "with this trust's key (this one was changed or damaged after it was written; ask for "
        "it to be exported again)\n"
    )
    assert file_state(db_path) == before
    unknown = cli("pack", "export", "--school", "123456", "--out", str(tmp_path / "x.pack"))
    assert unknown.code == 2 and "expected the URN of a school in this database" in unknown.err
    assert not (tmp_path / "x.pack").exists()
