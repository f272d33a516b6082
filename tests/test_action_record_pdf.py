"""One action's record on paper: `report action --id ID --out FILE.pdf` and the app's File ▸
Save action as PDF…, read back with pypdf and rendered."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from cst_inclusion_desktop.services import Services
from tests.conftest import CliResult, file_state
from tests.pdf_checks import assert_only_embedded_dejavu, flat, page_texts


@pytest.fixture
def action_id(services: Services, make_action: Callable[..., str], tmp_path: Path) -> str:
    action = make_action(
        title="Speech and language screening",
        owner="Sam Patel",
        description="Screen every Year R pupil by October half-term.",
        due_date="2026-10-23",
        area_of_need="communication_interaction",
    )
    services.reviews.add(action, "amber", "Half the classes screened", "2026-09-20", "2026-10-10")
    services.reviews.add(action, "red", "Screening paused: staff absence", "2026-10-12")
    attachment = tmp_path / "screening-plan.pdf"
    attachment.write_bytes(b"%PDF-1.4 plan")
    services.evidence.add(action_id=action, file=attachment, title="Screening plan", note="v2")
    return action


def test_report_action_writes_the_whole_record(
    cli: Callable[..., CliResult], action_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "record.pdf"
    result = cli("report", "action", "--id", action_id, "--out", str(out))
    assert result.code == 0, result.err
    assert "Wrote" in result.out and "1 page" in result.out
    text = flat(" ".join(page_texts(out)))
    for expected in (
        "Oak Learning Trust",
        "Speech and language screening",
        "Action record",
        "Oakfield Primary School (URN 100001)",
        "Sam Patel",
        "Communication and interaction",
        "Screen every Year R pupil",
        "Reviews (2 reviews)",
        "Screening paused: staff absence",
        "Red (R)",
        "Amber (A)",
        "10 Oct 2026",
        "Evidence (1 item)",
        "Screening plan — v2",
        "screening-plan.pdf",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    # Newest review first.
    assert text.index("Screening paused") < text.index("Half the classes")
    assert_only_embedded_dejavu(out)
    png = tmp_path / "record"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(png)], check=True
    )
    assert (tmp_path / "record-1.png").stat().st_size > 1000


def test_an_action_never_reviewed_says_so(
    cli: Callable[..., CliResult], make_action: Callable[..., str], tmp_path: Path
) -> None:
    out = tmp_path / "new.pdf"
    new = make_action(title="Fresh action")
    assert cli("report", "action", "--id", new, "--out", str(out)).code == 0
    text = flat(" ".join(page_texts(out)))
    assert "Not yet rated (N)" in text
    assert "No review has been recorded yet." in text and "No evidence is attached yet." in text


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--id", "no-such-id", "--out", "{tmp}/x.pdf"], ["no-such-id"]),
        (["--id", "{id}", "--out", "{tmp}/x.docx"], ["out", "x.docx", ".pdf"]),
        (["--id", "{id}", "--out", "{tmp}"], ["out"]),
        (["--id", "{id}", "--out", "{tmp}/missing/x.pdf"], ["out", "existing folder"]),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    cli: Callable[..., CliResult],
    action_id: str,
    tmp_path: Path,
    db_path: Path,
    argv: list[str],
    words: list[str],
) -> None:
    before = file_state(db_path)

    def outputs() -> list[str]:
        """What is in the folder besides the app's home and the database itself."""
        return sorted(
            p.name for p in tmp_path.iterdir() if not p.name.startswith(("home", "trust"))
        )

    listing = outputs()
    filled = [part.format(tmp=tmp_path, id=action_id) for part in argv]
    result = cli("report", "action", *filled)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    for word in words:
        assert word in result.err
    assert outputs() == listing
    assert file_state(db_path) == before


# --- in the app -----------------------------------------------------------------------------
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_save_and_print_from_the_keyboard(
    qtbot,  # type: ignore[no-untyped-def]
    services: Services,
    action_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from cst_inclusion_desktop.ui.reporting import action_sheet_menu
    from cst_inclusion_desktop.ui.start.prefs import Prefs
    from cst_inclusion_desktop.ui.widgets.file_dialogs import documents_folder
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    asked: list[str] = []
    target = tmp_path / "out" / "meeting"
    target.parent.mkdir()

    def save_name(_parent, _title, start, _filters):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    window = MainWindow(services, Prefs())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    window.table.clearSelection()
    window.table.setCurrentIndex(window.model.index(-1, 0))
    printing = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(window.table, Qt.Key.Key_P, printing)
    assert window.selected_action() is None, window.selected_action()
    assert told == [action_sheet_menu.NO_SELECTION] and not opened, opened
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.selected_action() is not None
    combo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_P, combo)
    written = target.with_name("meeting.pdf")
    assert written.exists()
    assert "Speech and language screening" in flat(" ".join(page_texts(written)))
    assert asked[0] == str(documents_folder() / "Action record - Speech and language screening.pdf")
    qtbot.keyClick(window.table, Qt.Key.Key_P, combo)
    assert Path(asked[1]).parent == target.parent  # the last folder used
    qtbot.keyClick(window.table, Qt.Key.Key_P, printing)
    assert len(opened) == 1 and opened[0].endswith(".pdf") and Path(opened[0]).exists()
