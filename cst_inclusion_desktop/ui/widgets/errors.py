"""How errors reach people: expected ones as a clear message, unexpected ones via a crash
dialog that points at the log file. No traceback is ever the whole story a user sees."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.domain.errors import (
    CancelledError,
    DatabaseError,
    InclusionError,
    NotFoundError,
    ReadOnlyError,
    ValidationError,
    ValidationErrors,
)
from cst_inclusion_desktop.logging_setup import log_file_path

log = logging.getLogger(__name__)

_HEADINGS: tuple[tuple[type[InclusionError], str], ...] = (
    (ReadOnlyError, "This database is open read-only, so nothing was changed."),
    (DatabaseError, "The database could not be used."),
    (ValidationErrors, "Please correct the following and try again:"),
    (ValidationError, "Please correct the following and try again:"),
    (NotFoundError, "Something this needs could not be found."),
    (CancelledError, "Cancelled. Nothing was changed."),
)


def error_message(error: BaseException) -> str:
    """A plain-language message for an error; unexpected errors point at the log file."""
    if isinstance(error, InclusionError):
        heading = next((text for kind, text in _HEADINGS if isinstance(error, kind)), "")
        detail = str(error)
        if isinstance(error, CancelledError):
            return detail or heading
        return f"{heading}\n\n{detail}" if heading and detail else (detail or heading)
    return (
        "Something went wrong that the app did not expect. Nothing further was changed.\n\n"
        f"Details were written to the log file:\n{log_file_path()}"
    )


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Tell the user what went wrong. InclusionErrors are expected; others are logged too."""
    if not isinstance(error, InclusionError):
        log.error("Unexpected error", exc_info=(type(error), error, error.__traceback__))
    box = QMessageBox(parent)
    box.setObjectName("errorMessage")
    box.setAccessibleName("Error message")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(error_message(error))
    box.exec()


class CrashDialog(QDialog):
    """The friendly face of an unexpected exception: what happened, where the log is, and a
    "Copy details" button so the technician gets the traceback without hunting for it."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setAccessibleName("Unexpected error")
        self.setWindowTitle(f"{APP_NAME} — unexpected error")
        self.details = details
        message = QLabel(
            "Sorry — something unexpected went wrong. Your saved work is safe: every change "
            "is saved in one step or not at all.\n\n"
            f"The details were written to the log file:\n{log_file_path()}"
        )
        message.setWordWrap(True)
        message.setObjectName("crashMessage")
        message.setAccessibleName("What happened")
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QPlainTextEdit(details)
        text.setObjectName("crashDetails")
        text.setAccessibleName("Error details")
        text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("&Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setObjectName("copyDetailsButton")
        copy.setAccessibleName("Copy details")
        copy.setToolTip("Copy the error details to the clipboard for your IT support")
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(f"{self.details}\nLog file: {log_file_path()}")


def handle_exception(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """sys.excepthook: log the traceback, then show the crash dialog (never re-raise)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    log.critical("Unhandled exception", exc_info=(kind, error, trace))
    if QApplication.instance() is None:
        return
    if isinstance(error, InclusionError):
        show_error(QApplication.activeWindow(), error)
        return
    details = "".join(traceback.format_exception(kind, error, trace))
    CrashDialog(details, QApplication.activeWindow()).exec()


def install_crash_handler() -> None:
    sys.excepthook = handle_exception
