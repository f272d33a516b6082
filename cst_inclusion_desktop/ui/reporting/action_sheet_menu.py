"""File ▸ Save action as PDF… (Ctrl+Shift+P) and File ▸ Print action… (Ctrl+Alt+P; Ctrl+P is
the board paper's): the selected action's record on paper. Printing writes the PDF to a
temporary folder and opens it in the computer's PDF viewer, whose Print button the user knows
(Qt's own print path would need the QtPdf module the packaged app leaves out)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMessageBox

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.text import safe_file_name
from cst_inclusion_desktop.ui.widgets.file_dialogs import save_file_name

if TYPE_CHECKING:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

PDF_FILTER = "PDF files (*.pdf)"
NO_SELECTION = "Select an action in the table first."


def suggested_name(title: str) -> str:
    """ "Action record - Speech screening.pdf", safe on every OS."""
    cleaned = "".join(char if char.isalnum() or char in " -_" else " " for char in title)
    stem = " ".join(cleaned.split())[:60] or "action"
    return safe_file_name(f"Action record - {stem}.pdf")


def write_selected(window: MainWindow, out: Path) -> Path | None:
    """Write the selected action's record to ``out``; None (and a message) when none is."""
    from cst_inclusion_desktop.reports.action_sheet import write_action_sheet
    from cst_inclusion_desktop.services.reporting.action_sheet import ActionSheetService

    action = window.selected_action()
    if action is None:
        QMessageBox.information(window, APP_NAME, NO_SELECTION)
        return None
    try:
        sheet = ActionSheetService(window.services.context).sheet(action.id)
        return write_action_sheet(sheet, out).path
    except InclusionError as error:
        window.show_error(error)
        return None


def save_as_pdf(window: MainWindow) -> Path | None:
    action = window.selected_action()
    if action is None:
        QMessageBox.information(window, APP_NAME, NO_SELECTION)
        return None
    out = save_file_name(
        window,
        "Save the action's record as",
        suggested_name(action.title),
        PDF_FILTER,
        window.prefs,
    )
    if out is None:
        return None
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    written = write_selected(window, out)
    if written is not None:
        window.statusBar().showMessage(f"Saved {written.name}", 5000)
    return written


def print_action(window: MainWindow) -> Path | None:
    action = window.selected_action()
    if action is None:
        QMessageBox.information(window, APP_NAME, NO_SELECTION)
        return None
    folder = Path(tempfile.mkdtemp(prefix="cst-inclusion-print-"))
    written = write_selected(window, folder / suggested_name(action.title))
    if written is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
        window.statusBar().showMessage("Opened the record in your PDF viewer to print", 5000)
    return written


def install(window: MainWindow) -> None:
    menu = window.menu("file")
    menu.addSeparator()
    entries = (
        (
            "saveActionPdfAction",
            "Save action as P&DF…",
            "Save the selected action's record (fields, reviews, evidence) as a PDF",
            "Ctrl+Shift+P",
            save_as_pdf,
        ),
        (
            "printActionAction",
            "&Print action…",
            "Print the selected action's record for a meeting (Ctrl+P is the board paper)",
            "Ctrl+Alt+P",
            print_action,
        ),
    )
    for name, text, tip, shortcut, handler in entries:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, run=handler: run(window))
        menu.addAction(action)
