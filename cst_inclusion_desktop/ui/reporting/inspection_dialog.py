"""A school's "Inspection summary…" (its context menu in the school list), as a window extension.

The dialog asks only where to save and in which format; the summary is assembled and written on
a worker thread behind a progress dialog with Cancel, as the board paper is.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.atomic_write import check_output_path
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import SchoolRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.reporting.report_dialog import FORMATS, describe_result
from cst_inclusion_desktop.ui.reporting.report_fields import buddy
from cst_inclusion_desktop.ui.start.display_name import ensure_display_name
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.widgets.errors import show_error
from cst_inclusion_desktop.ui.widgets.file_dialogs import save_file_name
from cst_inclusion_desktop.ui.widgets.form_widgets import error_label, named, set_error
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen
from cst_inclusion_desktop.ui.widgets.workers import Task, run_with_progress

if TYPE_CHECKING:  # ReportLab loads only when a summary is written
    from cst_inclusion_desktop.reports.document import ReportResult

FOLDER_KEY = "inspection_folder"
FORMAT_KEY = "inspection_format"


def open_inspection_dialog(window: Any, school: SchoolRecord) -> None:
    InspectionDialog(window.services, school, getattr(window, "prefs", None), window).exec()


def default_name(school: SchoolRecord, suffix: str) -> str:
    return f"inspection-summary-{school.urn}{suffix}"


class InspectionDialog(QDialog):
    generated = Signal(object)  # ReportResult
    failed = Signal(object)  # the exception
    cancelled = Signal()
    work_ended = Signal()

    def __init__(
        self,
        services: Services,
        school: SchoolRecord,
        prefs: Prefs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.school = services, school
        self.prefs = prefs or Prefs()
        self.task: Task | None = None
        self.written: ReportResult | None = None
        self.setObjectName("inspectionDialog")
        self.setAccessibleName(f"Inspection summary for {school.name}")
        self.setWindowTitle(f"Inspection summary — {school.name}")
        intro = QLabel(
            f"<b>{html.escape(school.name)}</b> (URN {school.urn}): one section per inspection "
            "criterion with the school's actions, evidence and review history over the last 12 "
            "months, a cover page with the framework and criteria versions, and appendices."
        )
        intro.setWordWrap(True)
        self.format = named(
            QComboBox(),
            "inspectionFormat",
            "Format of the summary",
            "PDF to print; DOCX to annotate and share an accessible version",
        )
        for label, suffix in FORMATS:
            self.format.addItem(label, suffix)
        self.format.setCurrentIndex(max(self.format.findData(self.prefs.text(FORMAT_KEY)), 0))
        self.format.currentIndexChanged.connect(self._format_changed)
        folder = Path(self.prefs.text(FOLDER_KEY) or Path.home())
        self.output = named(
            QLineEdit(str(folder / default_name(school, self.suffix()))),
            "inspectionOutput",
            "Save as",
            "The summary's file; its ending follows the format chosen",
        )
        browse = named(
            QPushButton("&Browse…"), "inspectionBrowse", "Choose where to save", "Choose a file"
        )
        browse.clicked.connect(self._browse)
        self.error = error_label("inspectionError")
        self.status = named(QLabel(""), "inspectionStatus", "Inspection summary status")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.generate_button = named(
            self.buttons.addButton("&Generate", QDialogButtonBox.ButtonRole.AcceptRole),
            "inspectionGenerate",
            "Generate the inspection summary",
            "Write the summary in the background",
        )
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        named(cancel, "inspectionCancel", "Close", "Close without writing anything")
        self.buttons.accepted.connect(self.generate)
        self.buttons.rejected.connect(self.reject)
        output_row = QHBoxLayout()
        output_row.addWidget(buddy("Save &as:", self.output))
        output_row.addWidget(self.output, 1)
        output_row.addWidget(browse)
        format_row = QHBoxLayout()
        format_row.addWidget(buddy("&Format:", self.format))
        format_row.addWidget(self.format, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(output_row)
        layout.addLayout(format_row)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 640, 240)

    def suffix(self) -> str:
        return str(self.format.currentData())

    def _format_changed(self) -> None:
        text = self.output.text().strip()
        if text:
            self.output.setText(str(Path(text).with_suffix(self.suffix())))

    def _browse(self) -> None:
        pattern = "PDF (*.pdf)" if self.suffix() == ".pdf" else "Word document (*.docx)"
        path = save_file_name(self, "Save the inspection summary as", self.output.text(), pattern)
        if path is not None:
            self.output.setText(str(path.with_suffix(self.suffix())))

    def output_path(self) -> Path:
        """The file to write (ValidationError when it cannot be one)."""
        text = self.output.text().strip()
        if not text:
            raise ValidationError("save as", "", "a file name for the summary (use Browse…)")
        path = check_output_path(Path(text).with_suffix(self.suffix()))
        if not path.parent.is_dir():
            raise ValidationError("save as", str(path), "a file in an existing folder")
        return path

    def generate(self) -> None:
        set_error(self.error, "")
        try:
            path = self.output_path()
            name = ensure_display_name(self, self.services.context)
        except ValidationError as error:
            set_error(self.error, str(error))
            return
        if name is None:
            set_error(self.error, "The summary says who generated it: give your name first.")
            return
        if path.exists() and not self._replace_allowed(path):
            self.status.setText("Nothing was written: the existing file was kept.")
            return
        self.prefs.set_text(FOLDER_KEY, str(path.parent))
        self.prefs.set_text(FORMAT_KEY, self.suffix())
        self.prefs.sync()
        inspection, urn = self.services.inspection, self.school.urn
        context = self.services.context
        self.generate_button.setEnabled(False)
        self.status.setText("Generating…")

        def work(progress: Any, cancelled: Any) -> ReportResult:
            from cst_inclusion_desktop.reports.outputs import write_inspection_summary
            from cst_inclusion_desktop.services.safety.anchors import keep_report

            summary = inspection.summary(urn, name, progress, cancelled)
            result = write_inspection_summary(summary, path, progress, cancelled)
            keep_report(context, "Inspection summary", summary.cover.audit_anchor, path)
            return result

        self.task = run_with_progress(
            self,
            "Generating the inspection summary…",
            work,
            self._succeeded,
            self._failed,
            self._cancelled,
            self.work_ended,
        )

    def _replace_allowed(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            "Replace the file?",
            f"This file already exists:\n{path}\n\nReplace it with the new summary?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _succeeded(self, result: ReportResult) -> None:
        self.task, self.written = None, result
        self.generate_button.setEnabled(True)
        written = describe_result(result)
        self.status.setText(f"Written: {written}")
        self.generated.emit(result)
        answer = QMessageBox.question(
            self, "Inspection summary written", f"Written:\n{written}\n\nOpen it now?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.task = None
        self.generate_button.setEnabled(True)
        self.status.setText("The inspection summary was not written.")
        self.failed.emit(error)
        show_error(self, error)

    def _cancelled(self) -> None:
        self.task = None
        self.generate_button.setEnabled(True)
        self.status.setText("Cancelled: no file was written.")
        self.cancelled.emit()
