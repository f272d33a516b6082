"""Issue 12, finding 8: one text rule for every field from every source; the CLI escapes
what it prints, so text from a pack or an old database can never drive the terminal."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult as CliResultType
from conftest import file_state
from pack_tools import Cli, OpenPack, Trust, assert_refused, first, trust

from cst_inclusion_desktop.services import Services

__all__ = ["trust"]  # the fixture, imported so pytest finds it here


# --- 8. control characters and bidi overrides --------------------------------------------------
def test_control_characters_in_a_pack_are_refused_and_never_printed_raw(
    trust: Trust, cli: Cli
) -> None:
    def edit(pack: OpenPack) -> None:
        first(pack.data["actions"])["title"] = "\x1b]0;owned\x07\x1b[2J"

    result = assert_refused(
        cli,
        trust.edited(edit),
        trust.db,
        "title: value '\\u001b]0;owned\\u0007\\u001b[2J'",
        "expected printable text (found control character U+001B)",
    )
    assert "\x1b" not in result.err and "\x07" not in result.err


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("title", "\u202egpj.exe"),
        ("owner", "Ann\u2066x"),
        ("description", "nul\x00"),
        ("title", "two\nlines"),
        ("title", "C1 \x9b31m"),
    ],
)
def test_the_text_rule_holds_on_the_command_line(
    services: Services, cli: Cli, db_path: Path, field: str, text: str
) -> None:
    before = file_state(db_path)
    args = {"title": "A title", field: text}
    result = cli(
        "actions",
        "add",
        "--school",
        "100001",
        "--principle",
        "1",
        *(item for name, value in args.items() for item in (f"--{name}", value)),
    )
    assert result.code == 2 and f"{field}: value '" in result.err
    assert not any(char in result.err for char in "\u202e\u2066\x00\x9b")
    assert file_state(db_path) == before


def test_a_bidi_override_in_a_file_name_is_shown_as_an_underscore(
    services: Services, cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "report\u202egpj.exe"
    source.write_bytes(b"MZ")
    added = cli(
        "evidence",
        "add",
        "--school",
        "100001",
        "--principle",
        "1",
        "--title",
        "Report",
        str(source),
    )
    assert added.code == 0
    [evidence] = services.evidence.list(school="100001")
    assert evidence.file_name == "report_gpj.exe"


def test_text_already_in_a_database_is_escaped_when_printed(
    services: Services, cli: Cli, tamper: Callable[..., None], make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Plain")
    # As an older version could have stored it.
    tamper("UPDATE action SET title = ? WHERE id = ?", ("\x1b[31mred\u202e", action_id))
    listed = cli("actions", "list")
    as_json = cli("actions", "list", "--json")
    assert listed.code == 0 and "\\u001b[31mred\\u202e" in listed.out and "\x1b" not in listed.out
    assert as_json.code == 0 and "\x1b" not in as_json.out and "\u202e" not in as_json.out
    assert json.loads(as_json.out)[0]["title"] == "\x1b[31mred\u202e"  # still valid JSON


@pytest.mark.sqlite_only  # edited in the file; a server's text cannot even hold the NUL
def test_text_stored_by_an_older_version_reaches_the_terminal_escaped(
    services: Services,
    make_action: Callable[..., str],
    db_path: Path,
    cli: Callable[..., CliResultType],
) -> None:
    """Rows written before the text rule (or edited in the file) may hold controls; every
    command's output is escaped however it prints, here `actions show`'s own lines."""
    action_id = make_action(title="Harmless")
    services.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE action SET owner = ?, description = ? WHERE id = ?",
            ("Ms \x1b[2JEvil", "gpj\u202e.exe\x00", action_id),
        )
    result = cli("actions", "show", action_id)
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\u202e" not in result.out and "\x00" not in result.out
    assert "Ms \\u001b[2JEvil" in result.out and "gpj\\u202e.exe\\u0000" in result.out
    listed = cli("actions", "list", "--json")
    assert listed.code == 0 and "\u202e" not in listed.out
    assert json.loads(listed.out)[0]["description"] == "gpj\u202e.exe\x00"  # valid JSON, same text
