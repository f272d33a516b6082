"""Anchors outside the file: every board paper, annex and pack carries the audit chain's head;
`check --anchor` (a token or the report itself) proves the history up to it unchanged, and a
chain rewritten consistently — every hash recomputed, so the chain verifies — fails against an
earlier paper and against the anchors the app kept."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from pytestqt.qtbot import QtBot

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.anchors import ANCHOR_FILE
from cst_inclusion_desktop.services.safety.audit import GENESIS_HASH, event_hash
from tests.conftest import CliResult, file_state
from tests.pdf_checks import page_texts

# The anchors' proof runs on both backends: an insider with the file (SQLite) or with the
# owner's password (the server) rewrites the history through the ``tamper`` fixture. Tests of
# what a report or a pack prints, of backup and restore (SQLite files) and of the dialog run
# on SQLite only: the backend makes no difference to what they prove.
ON_SQLITE_ONLY = pytest.mark.sqlite_only

Cli = Callable[..., CliResult]
Tamper = Callable[..., list[tuple[object, ...]]]


@pytest.fixture
def record(services: Services, make_action: Callable[..., str]) -> Services:
    action_id = make_action(title="Phonics catch-up")
    services.reviews.add(action_id, "amber", "Going well")
    return services


def head(tamper: Tamper) -> str:
    return str(tamper("SELECT value FROM setting WHERE key = 'audit_head'")[0][0])


def rewrite_history(tamper: Tamper) -> None:
    """What an insider with the file (or the owner's password) can do: change a row *and* its
    audit history, then recompute every hash and the recorded head, so the chain verifies and
    rows match."""
    connection = _Connection(tamper)
    connection.execute("UPDATE action SET title = 'Rewritten', rag = 'green'")
    rows = connection.execute("SELECT seq, after_json, before_json FROM audit_event").fetchall()
    for seq, after, before in rows:
        for column, text in (("after_json", after), ("before_json", before)):
            if text and '"Phonics catch-up"' in text:
                values = json.loads(text)
                values["title"] = "Rewritten"
                if "rag" in values:
                    values["rag"] = "green"
                dumped = json.dumps(
                    values, ensure_ascii=False, sort_keys=True, separators=(",", ":")
                )
                connection.execute(
                    f"UPDATE audit_event SET {column} = ? WHERE seq = ?", (dumped, seq)
                )
    previous = GENESIS_HASH
    events = connection.execute(
        "SELECT seq, id, at, actor, entity, entity_id, operation, before_json, after_json "
        "FROM audit_event ORDER BY seq"
    ).fetchall()
    for seq, event_id, at, actor, entity, entity_id, operation, before, after in events:
        when = (at if isinstance(at, datetime) else datetime.fromisoformat(str(at))).replace(
            tzinfo=UTC
        )
        digest = event_hash(
            seq, event_id, when, actor, entity, entity_id, operation, before, after, previous
        )
        connection.execute(
            "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", (previous, digest, seq)
        )
        previous = digest
    connection.execute(
        "UPDATE setting SET value = ? WHERE key = 'audit_head'", (f"{events[-1][0]}:{previous}",)
    )


class _Connection:
    """``tamper`` with a connection's shape: ``execute(sql, values).fetchall()``."""

    def __init__(self, tamper: Tamper) -> None:
        self.tamper = tamper

    def execute(self, sql: str, values: tuple[object, ...] = ()) -> _Rows:
        return _Rows(self.tamper(sql, values))


class _Rows:
    def __init__(self, rows: list[tuple[object, ...]]) -> None:
        self.rows = rows

    def fetchall(self) -> list[tuple[object, ...]]:
        return self.rows


@ON_SQLITE_ONLY
def test_the_board_paper_pdf_prints_and_carries_the_anchor(
    record: Services, db_path: Path, cli: Cli, tmp_path: Path, tamper: Tamper
) -> None:
    token = head(tamper)
    out = tmp_path / "paper.pdf"
    assert cli("report", "board", "--out", str(out)).code == 0
    # The 64-digit hash wraps in its cell: compared with the spaces taken out.
    text = "".join(page_texts(out)).replace(" ", "")
    assert f"Auditanchor{token}at20" in text
    assert f"audit-anchor {token}" in out.read_bytes().decode("latin-1")
    proved = cli("check", "--anchor", str(out))
    assert proved.code == 0, proved.out
    assert f"ok   anchor: {token[:15]}" in proved.out and "is unchanged" in proved.out


@ON_SQLITE_ONLY
def test_the_annex_and_docx_carry_the_anchor(
    record: Services, db_path: Path, cli: Cli, tmp_path: Path, tamper: Tamper
) -> None:
    token = head(tamper)
    annex = tmp_path / "annex.pdf"
    paper = tmp_path / "paper.docx"
    assert cli("report", "annex", "--out", str(annex)).code == 0
    assert cli("report", "board", "--out", str(paper)).code == 0
    assert f"Auditanchor:{token}at20" in "".join(page_texts(annex)).replace(" ", "")
    document = docx.Document(str(paper))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(cell.startswith(f"{token} at ") for cell in cells)
    assert f"audit-anchor {token}" in document.core_properties.keywords
    annex_docx = tmp_path / "annex.docx"
    assert cli("report", "annex", "--out", str(annex_docx)).code == 0
    statement = [p.text for p in docx.Document(str(annex_docx)).paragraphs]
    # Made after `report board`, which remembered the cover (an audited change): a later head.
    assert any(
        text.startswith("Audit anchor: ") and " UTC. Keep this" in text for text in statement
    )
    result = cli(
        "check",
        "--anchor",
        str(annex),
        "--anchor",
        str(paper),
        "--anchor",
        str(annex_docx),
        "--anchor",
        token,
    )
    assert result.code == 0, result.out
    assert result.out.count("ok   anchor:") == 4


@ON_SQLITE_ONLY
def test_a_pack_manifest_carries_the_anchor(
    record: Services, db_path: Path, cli: Cli, tmp_path: Path
) -> None:
    from tests.pack_tools import Keys, pair

    trust_db = tmp_path / "trust-lead.db"
    assert cli("init", "--trust-name", "Oak Learning Trust", db=trust_db).code == 0
    pair(record, trust_db)
    out = tmp_path / "school.pack"
    assert cli("pack", "export", "--school", "100001", "--out", str(out)).code == 0
    inner = Keys(db_path, trust_db).open(out).inner  # the pack is encrypted to the trust
    with zipfile.ZipFile(io.BytesIO(inner)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    anchor = manifest["audit_anchor"]
    token = f"{anchor['seq']}:{anchor['hash']}"
    datetime.fromisoformat(anchor["at"])
    kept = record.context.settings.backup_path / ANCHOR_FILE
    line = json.loads(kept.read_text(encoding="utf-8").splitlines()[-1])
    assert line["kind"] == "School pack" and f"{line['seq']}:{line['hash']}" == token
    assert cli("check", "--anchor", token).code == 0


def test_a_consistently_rewritten_chain_fails_against_an_earlier_paper(
    record: Services, db_path: Path, cli: Cli, tmp_path: Path, tamper: Tamper
) -> None:
    earlier = tmp_path / "earlier.pdf"
    token = head(tamper)
    assert cli("report", "board", "--out", str(earlier)).code == 0
    rewrite_history(tamper)
    assert head(tamper) != token
    given = cli("check", "--anchor", str(earlier))
    assert given.code == 1
    assert "ok   audit_chain:" in given.out and "ok   rows_audited:" in given.out
    assert f"FAIL anchor: {token[:15]}" in given.out
    assert "was rewritten since this anchor was printed" in given.out
    # Plain `check` proves the anchors the app kept, with no file given.
    kept = cli("check")
    assert kept.code == 1
    assert "FAIL report_anchors: 1 report anchor of 1 failed: Board paper (PDF) of " in kept.out


def test_an_anchor_token_proves_an_unchanged_history(
    record: Services, db_path: Path, cli: Cli, make_action: Callable[..., str], tamper: Tamper
) -> None:
    token = head(tamper)
    make_action(title="Later work")  # the chain grows after the anchor: still proved
    assert cli("check", "--anchor", token).code == 0
    seq = int(token.split(":")[0])
    wrong = f"{seq}:{'f' * 64}"
    result = cli("check", "--anchor", wrong)
    assert result.code == 1 and "FAIL anchor:" in result.out


def test_an_anchor_beyond_the_log_fails(record: Services, db_path: Path, cli: Cli) -> None:
    result = cli("check", "--anchor", f"99999:{'a' * 64}")
    assert result.code == 1
    assert "before this anchor's event 99,999: events were removed" in result.out


@ON_SQLITE_ONLY
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12:abc", "anchor: value '12:abc' — expected SEQ:HASH"),
        ("nonsense", "anchor: value 'nonsense' — expected SEQ:HASH"),
        ("missing.pdf", "(no such file)"),
        ("not-a-pdf.pdf", "(this is not a PDF)"),
        ("plain.pdf", "(this file carries none)"),
        ("broken.docx", "(this is not a DOCX)"),
    ],
)
def test_a_malformed_anchor_is_exit_2_in_one_line(
    record: Services, db_path: Path, cli: Cli, tmp_path: Path, value: str, expected: str
) -> None:
    (tmp_path / "not-a-pdf.pdf").write_bytes(b"hello")
    (tmp_path / "plain.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    argument = str(tmp_path / value) if "." in value else value
    before = file_state(db_path)
    result = cli("check", "--anchor", argument)
    assert result.code == 2, result.out + result.err
    assert expected in result.err and len(result.err.strip().splitlines()) == 1
    assert result.out == "" and file_state(db_path) == before


@ON_SQLITE_ONLY
def test_kept_anchors_live_in_a_private_file_that_outlives_a_restore(
    record: Services, settings_backup: Path, db_path: Path, cli: Cli, tmp_path: Path, tamper: Tamper
) -> None:
    assert cli("backup", "--out", str(tmp_path / "older.db")).code == 0
    record.reviews.add(record.actions.list()[0].id, "green", "Done")
    token = head(tamper)
    assert cli("report", "board", "--out", str(tmp_path / "paper.pdf")).code == 0
    kept = settings_backup / ANCHOR_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    line = json.loads(kept.read_text(encoding="utf-8").splitlines()[0])
    assert f"{line['seq']}:{line['hash']}" == token and line["kind"] == "Board paper (PDF)"
    assert cli("check").code == 0
    record.close()
    assert cli("restore", str(tmp_path / "older.db")).code == 0
    assert kept.is_file() and len(kept.read_text(encoding="utf-8").splitlines()) == 2
    # The older database no longer holds the history the paper rested on: said, not failed
    # at every later check ...
    result = cli("check")
    assert result.code == 0, result.out
    assert (
        "ok   report_anchors: 0 report anchors proved; 1 not proved (restored from an older "
        in (result.out)
    )
    # ... while the paper itself, given to `check`, still says what it rests on.
    given = cli("check", "--anchor", str(tmp_path / "paper.pdf"))
    assert given.code == 1
    assert "an older copy of the database is in use" in given.out


@pytest.fixture
def settings_backup(services: Services) -> Path:
    return services.context.settings.backup_path


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, when a dialog shows
@ON_SQLITE_ONLY
def test_the_check_dialog_lists_the_kept_anchors_and_their_result(
    qtbot: QtBot, record: Services, db_path: Path, cli: Cli, tmp_path: Path, tamper: Tamper
) -> None:
    from PySide6.QtCore import Qt

    from cst_inclusion_desktop.ui.safety.check_dialog import CheckDialog

    token = head(tamper)
    assert cli("report", "board", "--out", str(tmp_path / "paper.pdf")).code == 0
    dialog = CheckDialog(record)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.anchors.rowCount() == 1 and dialog.task is None)
    row = [dialog.anchors.item(0, column).text() for column in range(6)]
    seq, digest = token.split(":")
    assert row[0] == "Board paper (PDF)" and row[2] == seq and row[3] == digest[:16] + "…"
    assert row[4] == "Database, File beside the backups" and row[5] == "Proved"
    assert dialog.status.text() == "Every check passed."
    assert dialog.tabs.tabText(1) == "Report &anchors (1)"
    rewrite_history(tamper)
    dialog.run_button.setFocus()
    qtbot.keyClick(dialog.run_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.anchors.item(0, 5).text().startswith("FAILED"))
    qtbot.waitUntil(lambda: dialog.task is None)
    assert "was rewritten since this anchor was printed" in dialog.anchors.item(0, 5).text()
    rows = range(dialog.checks.rowCount())
    results = {dialog.checks.item(r, 0).text(): dialog.checks.item(r, 1).text() for r in rows}
    assert results["Coverage tallies"] == "Passed"
    assert results["Audit chain"] == "Passed" and results["Report anchors"] == "FAILED"


def test_the_anchor_is_read_back_from_a_pdf_whose_keywords_are_not_ascii(tmp_path: Path) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    from cst_inclusion_desktop.reports.document import PdfInfo, write_pdf
    from cst_inclusion_desktop.services.safety.anchor_files import anchors_in_file

    token = "12:" + "ab" * 32
    keywords = f"inclusion, Fframwaith Ysgol Bryn Ŵyn, audit-anchor {token}"
    info = PdfInfo("Papur", "Siân", "Cynhwysiant", keywords, ("a", "b", "c"))
    out = tmp_path / "cymraeg.pdf"
    write_pdf(lambda: [Paragraph("Helo", getSampleStyleSheet()["Normal"])], info, out)
    assert f"audit-anchor {token}".encode() not in out.read_bytes()  # written as UTF-16
    assert anchors_in_file(out) == [(12, "ab" * 32)]


def test_an_anchor_is_proved_by_recomputing_when_the_chain_is_broken(
    record: Services, db_path: Path, cli: Cli, tamper: Tamper
) -> None:
    token = head(tamper)
    tamper("UPDATE audit_event SET actor = 'Mallory' WHERE seq = 2")
    result = cli("check", "--anchor", token)
    assert result.code == 1
    assert "FAIL audit_chain: audit event 2 (" in result.out
    assert f"FAIL anchor: {token[:15]}" in result.out and "was rewritten since" in result.out
