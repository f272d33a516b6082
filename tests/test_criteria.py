"""The inspection criteria list: shipped, stored, versioned, audited; edited, added, retired,
imported and exported through the service and the command line; a hostile file refused."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import AuditRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context
from tests.conftest import CliResult, file_state

TITLES = {
    "IC1": "High expectations for all pupils",
    "IC2": "Early and accurate identification of needs",
    "IC3": "A continuous cycle of planning, action and review",
    "IC9": "An accurate, accessible SEN information report",
}


def test_a_new_database_holds_the_default_list_and_its_toolkit(services: Services) -> None:
    criteria = services.criteria.list()
    assert [c.code for c in criteria] == [f"IC{n}" for n in range(1, 10)]
    for code, title in TITLES.items():
        assert {c.code: c.title for c in criteria}[code] == title
    assert "6.44" in criteria[2].summary and all(c.summary for c in criteria)
    toolkit = services.criteria.toolkit()
    assert toolkit.name == "School inspection toolkit (renewed framework)"
    assert toolkit.published == date(2025, 11, 10)
    assert toolkit.version == 1


Cli = Callable[..., CliResult]


@pytest.fixture
def trust(cli: Cli) -> Cli:
    assert cli("init", "--trust-name", "Oak Learning Trust").code == 0
    return cli


def test_an_older_database_gets_the_default_list_from_the_migration(
    settings: Settings, db_path: Path
) -> None:
    """A database made before criteria existed (schema 0006) gets the default list from
    migration 0008 when it is opened, and then matches the recorded schema."""
    from tests.test_check_and_migrations import database_at

    database_at(db_path, "0006")
    with sqlite3.connect(db_path) as connection:
        assert not connection.execute(
            "SELECT name FROM sqlite_master WHERE name = 'inspection_criterion'"
        ).fetchall()
    services = Services(open_context(settings))
    try:
        criteria = services.criteria.list(include_retired=True)
        assert [c.code for c in criteria] == [f"IC{n}" for n in range(1, 10)]
        assert services.criteria.toolkit().version == 1
        assert services.check.schema().ok
    finally:
        services.close()


def test_edit_add_retire_are_audited_and_bump_the_version(services: Services) -> None:
    services.criteria.edit("ic2", title="Early identification of need")
    assert services.criteria.get("IC2").title == "Early identification of need"
    assert services.criteria.toolkit().version == 2
    services.criteria.edit("IC2", title="Early identification of need")  # no change
    assert services.criteria.toolkit().version == 2
    added = services.criteria.add("Attendance of pupils with SEND", "Summary.")
    assert added.code == "IC10" and added.sort_order == 10
    assert services.criteria.add("Own code", code="ab1").code == "AB1"
    services.criteria.retire("IC5")
    assert "IC5" not in [c.code for c in services.criteria.list()]
    assert services.criteria.get("IC5").retired
    assert services.criteria.toolkit().version == 5
    events = _criterion_events(services)
    assert [(e.entity, e.operation) for e in events[-2:]] == [
        ("criterion", "archive"),
        ("criteria_toolkit", "update"),
    ]
    edited = next(e for e in events if e.entity == "criterion" and e.operation == "update")
    assert edited.before is not None and edited.after is not None
    assert edited.before["title"] == TITLES["IC2"]
    assert edited.after["title"] == "Early identification of need"


def test_bad_wording_and_codes_are_refused(services: Services) -> None:
    with pytest.raises(ValidationError, match="code: value 'IC3' — expected a code not already"):
        services.criteria.add("Twice", code="IC3")
    with pytest.raises(ValidationError, match="expected a criterion code such as IC3"):
        services.criteria.add("Bad", code="none")
    with pytest.raises(ValidationError, match="title: value '  ' — expected some text"):
        services.criteria.edit("IC1", title="  ")
    with pytest.raises(ValidationError, match="expected a criterion code in the list"):
        services.criteria.retire("IC99")
    assert services.criteria.toolkit().version == 1


def test_export_then_import_round_trip(services: Services, tmp_path: Path) -> None:
    services.criteria.edit("IC4", summary="Specialists, in our words.")
    services.criteria.retire("IC9")
    out = tmp_path / "criteria.json"
    exported = services.criteria.export_file(out)
    assert len(exported.criteria) == 9
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "cst-inclusion-criteria"
    assert data["toolkit"] == {
        "name": "School inspection toolkit (renewed framework)",
        "published": "2025-11-10",
    }
    assert data["criteria"][8] == {
        "code": "IC9",
        "title": TITLES["IC9"],
        "summary": services.criteria.get("IC9").summary,
        "retired": True,
    }
    # Another trust takes the file: its list becomes the same, stamped one version on.
    data["toolkit"]["published"] = "2026-09-01"
    data["criteria"] = [c for c in data["criteria"] if c["code"] != "IC1"]
    data["criteria"].append({"code": "IC12", "title": "New area", "summary": "From the update."})
    out.write_text(json.dumps(data), encoding="utf-8")
    toolkit = services.criteria.import_file(out)
    assert toolkit.published == date(2026, 9, 1) and toolkit.version == 4
    after = {c.code: c for c in services.criteria.list(include_retired=True)}
    assert after["IC1"].retired, "a code missing from the file is retired, never removed"
    assert after["IC4"].summary == "Specialists, in our words."
    assert after["IC12"].title == "New area" and not after["IC12"].retired
    assert after["IC9"].retired
    operations = [(e.entity, e.operation) for e in _criterion_events(services)]
    assert ("criterion", "create") in operations and ("criteria_toolkit", "import") in operations


HOSTILE_FILES = [
    ("{not json", "file: value 'line 1' — expected valid JSON"),
    ('{"format": "cst-inclusion-framework"}', "format: value 'cst-inclusion-framework'"),
    (
        '{"format": "cst-inclusion-criteria", "format_version": 1, "toolkit": '
        '{"name": "T", "published": "2025-11-10"}, "criteria": [], "extra": 1}',
        "key: value 'extra' — expected one of",
    ),
    (
        '{"format": "cst-inclusion-criteria", "format_version": 1, "toolkit": '
        '{"name": "T", "published": "10 Nov"}, "criteria": [{"code": "IC1", "title": "A"}]}',
        "toolkit: published: value '10 Nov' — expected a date",
    ),
    (
        '{"format": "cst-inclusion-criteria", "format_version": 1, "toolkit": '
        '{"name": "T", "published": "2025-11-10"}, "criteria": '
        '[{"code": "IC1", "title": "A"}, {"code": "ic1", "title": "B"}]}',
        "criteria[1]: code: value 'IC1' — expected each code once",
    ),
    (
        '{"format": "cst-inclusion-criteria", "format_version": 1, "toolkit": '
        '{"name": "T", "published": "2025-11-10"}, "criteria": '
        '[{"code": "IC1", "title": "A\\u202eB"}]}',
        "criteria[0] (IC1): title: value",
    ),
    (
        '{"format": "cst-inclusion-criteria", "format_version": 1, "toolkit": '
        '{"name": "T", "published": "2025-11-10"}, "criteria": '
        '[{"code": "DROP TABLE", "title": "A"}]}',
        "criteria[0]: code: value 'DROP TABLE' — expected a criterion code",
    ),
    (
        '{"format": "cst-inclusion-criteria", "format_version": 1, "toolkit": '
        '{"name": "T", "published": "2025-11-10"}, "criteria": '
        '[{"code": "IC1", "title": "A", "retired": "yes"}]}',
        "criteria[0] (IC1): retired: value 'yes' — expected true or false",
    ),
    ("[" * 100_000, "expected valid JSON"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE_FILES)
def test_a_hostile_criteria_file_is_refused_with_one_line_and_nothing_changed(
    trust: Cli, tmp_path: Path, db_path: Path, text: str, message: str
) -> None:
    hostile = tmp_path / "hostile.json"
    hostile.write_text(text, encoding="utf-8")
    before = file_state(db_path)
    result = trust("criteria", "import", str(hostile))
    assert result.code == 2, result.err
    assert message in result.err
    assert result.err.startswith("cst-inclusion criteria: error: hostile.json")
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert file_state(db_path) == before


def test_a_huge_criteria_file_is_refused_before_it_is_read(
    trust: Cli, tmp_path: Path, db_path: Path
) -> None:
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (2 * 1024 * 1024))
    before = file_state(db_path)
    result = trust("criteria", "import", str(huge))
    assert result.code == 2
    assert "expected a file of at most 1 MB" in result.err
    assert file_state(db_path) == before


def test_too_many_criteria_are_refused(trust: Cli, tmp_path: Path) -> None:
    items = [{"code": f"IC{n}", "title": f"T{n}"} for n in range(1, 202)]
    data = {
        "format": "cst-inclusion-criteria",
        "format_version": 1,
        "toolkit": {"name": "T", "published": "2025-11-10"},
        "criteria": items,
    }
    many = tmp_path / "many.json"
    many.write_text(json.dumps(data), encoding="utf-8")
    result = trust("criteria", "import", str(many))
    assert result.code == 2 and "criteria: value '201 items' — expected at most 200" in result.err


def test_the_cli_lists_edits_adds_retires_exports_and_imports(trust: Cli, tmp_path: Path) -> None:
    listed = json.loads(trust("criteria", "list", "--json").out)
    assert listed[0] == {
        "code": "IC1",
        "title": TITLES["IC1"],
        "summary": listed[0]["summary"],
        "retired": False,
    }
    assert len(listed) == 9
    table = trust("criteria", "list").out
    assert "School inspection toolkit (renewed framework), 2025-11-10 (list version 1)" in table
    assert "IC3" in table and "Code" in table
    edited = trust("criteria", "edit", "IC1", "--title", "High expectations")
    assert edited.code == 0 and "Criteria version 2" in edited.out
    assert trust("criteria", "add", "--title", "Attendance").out.strip() == "IC10"
    assert trust("criteria", "add", "--code", "X1", "--title", "Other").out.strip() == "X1"
    assert trust("criteria", "retire", "IC10").code == 0
    listed = {c["code"]: c for c in json.loads(trust("criteria", "list", "--json").out)}
    assert listed["IC10"]["retired"] and listed["IC1"]["title"] == "High expectations"
    exported = tmp_path / "out.json"
    result = trust("criteria", "export", str(exported))
    assert result.code == 0 and "Wrote 11 criteria (version 5)" in result.out
    imported = trust("criteria", "import", str(exported))
    assert imported.code == 0 and "criteria version 6" in imported.out
    assert "Imported 10 current criteria" in imported.out


def test_cli_errors_are_one_line_exit_2(trust: Cli, tmp_path: Path, db_path: Path) -> None:
    before = file_state(db_path)
    cases = [
        (["criteria", "edit", "IC1"], "give --title, --summary or both"),
        (["criteria", "edit", "ZZ9", "--title", "x"], "code: value 'ZZ9' — expected a criterion"),
        (["criteria", "add", "--code", "IC2", "--title", "x"], "expected a code not already"),
        (["criteria", "retire", "no code"], "code: value 'no code' — expected a criterion code"),
        (["criteria", "import", str(tmp_path / "missing.json")], "expected an existing file"),
        (["criteria", "export", str(tmp_path)], "expected a regular file or a new file name"),
    ]
    for argv, message in cases:
        result = trust(*argv)
        assert result.code == 2, (argv, result.err)
        assert message in result.err, (argv, result.err)
        assert len(result.err.strip().splitlines()) == 1, result.err
    assert file_state(db_path) == before


def _criterion_events(services: Services) -> list[AuditRecord]:
    from cst_inclusion_desktop.services.safety.audit import to_record
    from cst_inclusion_desktop.store.models import AuditEvent

    with services.context.read() as session:
        rows = session.query(AuditEvent).order_by(AuditEvent.seq).all()
        return [to_record(row) for row in rows if row.entity in ("criterion", "criteria_toolkit")]
