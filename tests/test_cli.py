"""The command line through its real entry point: every subcommand, every exit code, and the
promise that a failed command changes nothing."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cst_inclusion_desktop.cli import GLOBAL_OPTIONS_WITH_VALUES, build_parser
from cst_inclusion_desktop.commands import COMMAND_GROUPS, command_named
from tests.conftest import CliResult, file_state

Cli = Callable[..., CliResult]


@pytest.fixture
def trust(cli: Cli) -> Cli:
    assert cli("init", "--trust-name", "Oak Learning Trust").code == 0
    assert (
        cli(
            "schools", "add", "--name", "Oakfield Primary", "--urn", "100001", "--phase", "Primary"
        ).code
        == 0
    )
    assert (
        cli("schools", "add", "--name", "Ysgol Bryn Ŵyn", "--urn", "100002", "--senco", "Siân").code
        == 0
    )
    return cli


def _add(cli: Cli, *extra: str) -> str:
    result = cli(
        "actions", "add", "--school", "100001", "--principle", "2", "--title", "Train staff", *extra
    )
    assert result.code == 0, result.err
    return result.out.strip()


def all_subcommands() -> list[list[str]]:
    parser = build_parser()
    found: list[list[str]] = []

    def walk(current, prefix: list[str]) -> None:  # type: ignore[no-untyped-def]
        for action in current._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for name, sub in action.choices.items():
                    found.append([*prefix, name])
                    walk(sub, [*prefix, name])

    walk(parser, [])
    return found


def test_the_command_groups_name_what_their_modules_register() -> None:
    for module, names in COMMAND_GROUPS.items():
        commands = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(commands)
        assert tuple(commands.choices) == names, module


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["--db", "actions", "principles", "list"], "principles"),
        (["--db=x.db", "-v", "report", "board"], "report"),
        (["--config", "c.toml", "--", "check"], "check"),
        (["--version"], None),
    ],
)
def test_the_command_is_found_past_the_global_options(argv: list[str], command: str | None) -> None:
    assert command_named(argv, GLOBAL_OPTIONS_WITH_VALUES) == command


@pytest.mark.sqlite_only  # help opens no database: once is enough
@pytest.mark.parametrize("command", all_subcommands(), ids=" ".join)
def test_every_subcommand_has_help(command: list[str], cli: Cli) -> None:
    result = cli(*command, "--help", db=None)
    assert result.code == 0 and "usage: cst-inclusion" in result.out


def test_init_at_the_default_location(cli: Cli, isolated_home: Path) -> None:
    result = cli("init", "--trust-name", "Oak Learning Trust", db=None)
    assert result.code == 0, result.err
    assert (isolated_home / "data" / "inclusion.db").exists()
    listed = cli("principles", "list", "--json", db=None)
    assert [p["number"] for p in json.loads(listed.out)] == [1, 2, 3, 4, 5]


def test_database_from_environment(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("CST_INCLUSION_DB", str(target))
    assert cli("init", "--trust-name", "Env Trust", db=None).code == 0
    assert target.exists()


def test_config_file_and_verbose_before_the_subcommand(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "extra.toml"
    target = tmp_path / "from-config.db"
    config.write_text(f'database = "{target.as_posix()}"\ntrust_name = "Config Trust"\n')
    assert cli("--config", str(config), "-v", "init", db=None).code == 0
    out = cli("--config", str(config), "schools", "list", "--json", db=None)
    assert out.code == 0 and json.loads(out.out) == []


@pytest.mark.sqlite_only  # "already exists" is about the file
def test_init_refuses_an_existing_database(trust: Cli, db_path: Path) -> None:
    before = file_state(db_path)
    result = trust("init", "--trust-name", "Again")
    assert result.code == 2 and "already exists" in result.err
    assert file_state(db_path) == before


def test_init_demo(cli: Cli) -> None:
    result = cli("init", "--demo", "--schools", "5", "--actions", "200", "--seed", "3")
    assert result.code == 0 and "200 actions" in result.out
    schools = json.loads(cli("schools", "list", "--json").out)
    assert len(schools) == 5 and all(len(s["urn"]) == 6 for s in schools)
    assert cli("check").code == 0


def test_schools_commands(trust: Cli) -> None:
    listed = json.loads(trust("schools", "list", "--json").out)
    assert [(s["urn"], s["name"], s["phase"]) for s in listed] == [
        ("100001", "Oakfield Primary", "primary"),
        ("100002", "Ysgol Bryn Ŵyn", "other"),
    ]
    assert set(listed[0]) == {"id", "urn", "name", "phase", "senco", "archived", "version"}
    assert trust("schools", "update", "100002", "--phase", "secondary").code == 0
    assert trust("schools", "archive", "100001").code == 0
    assert [s["urn"] for s in json.loads(trust("schools", "list", "--json").out)] == ["100002"]
    assert trust("schools", "list").out.splitlines()[0].split() == [
        "URN",
        "Name",
        "Phase",
        "SENCO",
        "Archived",
    ]


def test_actions_lifecycle(trust: Cli) -> None:
    action_id = _add(
        trust, "--status", "In progress", "--rag", "RED", "--due", "31/12/2026", "--owner", "Zoë"
    )
    assert len(action_id) == 36
    listed = json.loads(trust("actions", "list", "--json").out)
    assert listed[0]["status"] == "in_progress" and listed[0]["rag"] == "red"
    assert listed[0]["due_date"] == "2026-12-31" and listed[0]["owner"] == "Zoë"
    assert {"id", "urn", "number", "title", "status", "rag", "due_date", "school_name"} <= set(
        listed[0]
    )
    assert (
        trust("actions", "update", action_id, "--title", "Train all staff", "--area", "semh").code
        == 0
    )
    shown = json.loads(trust("actions", "show", action_id, "--json").out)
    assert shown["title"] == "Train all staff" and shown["area_of_need"] == "semh"
    assert trust("actions", "archive", action_id).code == 0
    assert json.loads(trust("actions", "list", "--json").out) == []
    assert len(json.loads(trust("actions", "list", "--include-archived", "--json").out)) == 1


def test_actions_list_filters(trust: Cli) -> None:
    _add(trust, "--due", "2020-01-01", "--status", "planned")
    trust(
        "actions",
        "add",
        "--school",
        "100002",
        "--principle",
        "4",
        "--title",
        "Parent forum",
        "--rag",
        "green",
    )
    assert [
        a["title"] for a in json.loads(trust("actions", "list", "--overdue", "--json").out)
    ] == ["Train staff"]
    assert [
        a["urn"] for a in json.loads(trust("actions", "list", "--school", "100002", "--json").out)
    ] == ["100002"]
    assert (
        len(
            json.loads(trust("actions", "list", "--principle", "4", "--rag", "green", "--json").out)
        )
        == 1
    )
    assert (
        json.loads(
            trust("actions", "list", "--search", "forum", "--status", "completed", "--json").out
        )
        == []
    )


def test_evidence_and_reviews(trust: Cli, tmp_path: Path) -> None:
    action_id = _add(trust, "--rag", "amber")
    source = tmp_path / "minutes.docx"
    source.write_bytes(b"PK\x03\x04" + bytes(range(200)))
    evidence_id = trust(
        "evidence", "add", "--action", action_id, str(source), "--kind", "Meeting note"
    ).out.strip()
    loose = trust(
        "evidence", "add", "--school", "100002", "--principle", "3", "--title", "Learning walk"
    )
    assert loose.code == 0
    listed = json.loads(trust("evidence", "list", "--action", action_id, "--json").out)
    assert [(e["id"], e["kind"], e["file_name"]) for e in listed] == [
        (evidence_id, "meeting_note", "minutes.docx")
    ]
    out = tmp_path / "copy.docx"
    assert trust("evidence", "extract", evidence_id, "--out", str(out)).code == 0
    assert out.read_bytes() == source.read_bytes()
    assert (
        trust(
            "reviews",
            "add",
            "--action",
            action_id,
            "--rag",
            "Green",
            "--note",
            "On track",
            "--date",
            "01/10/2026",
            "--next",
            "2026-11-12",
        ).code
        == 0
    )
    reviews = json.loads(trust("reviews", "list", "--action", action_id, "--json").out)
    assert reviews[0]["rag"] == "green" and reviews[0]["next_review_date"] == "2026-11-12"
    assert json.loads(trust("actions", "show", action_id, "--json").out)["rag"] == "green"
    assert trust("evidence", "archive", evidence_id).code == 0


def test_framework_commands(trust: Cli, tmp_path: Path) -> None:
    exported = tmp_path / "framework.json"
    assert trust("framework", "export", str(exported)).code == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["principles"][0]["title"] = "Dignity not deficit"
    exported.write_text(json.dumps(data), encoding="utf-8")
    assert trust("framework", "import", str(exported)).code == 0
    assert json.loads(trust("framework", "show", "--json").out)["version"] == 2
    assert trust("principles", "edit", "2", "--title", "Teaching – for all").code == 0
    titles = [p["title"] for p in json.loads(trust("principles", "list", "--json").out)]
    assert titles[:2] == ["Dignity not deficit", "Teaching – for all"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["actions", "add", "--school", "999999", "--principle", "1", "--title", "x"],
            "school: value '999999' — expected the URN of a school in this database",
        ),
        (
            ["actions", "add", "--school", "100001", "--principle", "9", "--title", "x"],
            "principle: value '9' — expected a principle number in the framework (1 to 5)",
        ),
        (
            [
                "actions",
                "add",
                "--school",
                "100001",
                "--principle",
                "1",
                "--title",
                "x",
                "--start",
                "2026-10-01",
                "--due",
                "2026-09-01",
            ],
            "due_date: value '2026-09-01' — expected a date on or after the start_date 2026-10-01",
        ),
        (
            [
                "actions",
                "add",
                "--school",
                "100001",
                "--principle",
                "1",
                "--title",
                "x",
                "--due",
                "31/02/2026",
            ],
            "due_date: value '31/02/2026' — expected a date as YYYY-MM-DD or DD/MM/YYYY",
        ),
        (
            [
                "actions",
                "add",
                "--school",
                "100001",
                "--principle",
                "1",
                "--title",
                "x",
                "--status",
                "done",
            ],
            "status: value 'done' — expected one of planned, in_progress, completed, on_hold, "
            "cancelled",
        ),
        (
            ["schools", "add", "--name", "X", "--urn", "12345"],
            "urn: value '12345' — expected a six-digit URN",
        ),
        (["schools", "add", "--name", "X", "--urn", "100001"], "expected a URN not already used"),
        (
            ["evidence", "add", "--school", "100001", "--principle", "1", "/no/such/file.pdf"],
            "file: value '/no/such/file.pdf' — expected an existing file",
        ),
        (
            ["reviews", "add", "--action", "nope", "--rag", "red", "--note", "n"],
            "action: value 'nope' — expected the id of an action in this database",
        ),
        (["actions", "list", "--principle", "0"], "principle: value '0'"),
        (["framework", "import", "/no/such.json"], "expected an existing file"),
        (["schools", "archive", "123456"], "school: value '123456'"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line_and_changes_nothing(
    trust: Cli, db_path: Path, argv: list[str], message: str
) -> None:
    before = file_state(db_path)
    result = trust(*argv)
    assert result.code == 2, result
    assert message in result.err
    assert file_state(db_path) == before


def test_usage_errors_exit_2(trust: Cli) -> None:
    assert trust("actions").code == 2
    assert trust("no-such-command").code == 2
    assert trust("actions", "add", "--school", "100001").code == 2


def test_missing_database_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("schools", "list", db=tmp_path / "nowhere.db")
    assert result.code == 2 and "run `cst-inclusion init` first" in result.err
    assert not (tmp_path / "nowhere.db").exists()


def test_unexpected_failure_exits_1_and_names_the_log(
    trust: Cli, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    from cst_inclusion_desktop.services.records.schools import SchoolService

    def explode(self: SchoolService, include_archived: bool = False) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(SchoolService, "list", explode)
    result = trust("schools", "list")
    assert result.code == 1
    assert "unexpected failure (RuntimeError: disk on fire)" in result.err
    log_file = isolated_home / "logs" / "cst-inclusion.log"
    assert str(log_file) in result.err
    assert "disk on fire" in log_file.read_text(encoding="utf-8")


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cst_inclusion_desktop",
            "--db",
            str(tmp_path / "x.db"),
            "init",
            "--trust-name",
            "Subprocess Trust",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [sys.executable, "-m", "cst_inclusion_desktop", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert version.returncode == 0
    assert version.stdout.startswith("CST Inclusion Desktop ")


def test_a_reader_that_stops_early_is_not_a_failure(tmp_path: Path) -> None:
    """`cst-inclusion actions list | head` must not end in "unexpected failure"."""
    database = str(tmp_path / "many.db")
    program = [sys.executable, "-m", "cst_inclusion_desktop", "--db", database]
    made = subprocess.run(
        [*program, "init", "--demo", "--schools", "2", "--actions", "3000"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    with subprocess.Popen(
        [*program, "actions", "list", "--limit", "3000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as listing:
        assert listing.stdout is not None and listing.stderr is not None
        assert listing.stdout.readline().startswith("ID")
        listing.stdout.close()  # like `head`: stop reading long before the end
        error = listing.stderr.read()
        assert listing.wait() == 0, error
    assert "unexpected failure" not in error
