"""File ▸ Board paper… (Ctrl+P) and a school's "Report for this school…", as a window extension.

Three tabs: what the paper covers (period, compared period, schools, principles), its cover
sheet and commentary, and its summary (the key messages the app will write, previewed, and the
questions for the board, pre-filled and editable). The paper (PDF or DOCX) and, if ticked, the
annex are assembled and written on a worker thread behind a progress dialog with Cancel.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
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

from cst_inclusion_desktop.domain.board_paper import BoardPaper, BoardPaperRequest
from cst_inclusion_desktop.domain.errors import InclusionError, ValidationError
from cst_inclusion_desktop.domain.records import SchoolRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.reporting import cover_memory
from cst_inclusion_desktop.ui.reporting.report_fields import buddy
from cst_inclusion_desktop.ui.reporting.report_tabs import (
    CoverTab,
    ScopeTab,
    SummaryTab,
    report_tabs,
)
from cst_inclusion_desktop.ui.start.display_name import ensure_display_name
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.widgets.errors import error_message, show_error
from cst_inclusion_desktop.ui.widgets.file_dialogs import save_file_name
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    commit_open_editors,
    error_label,
    named,
    set_error,
)
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen
from cst_inclusion_desktop.ui.widgets.workers import Task, run_with_progress

if TYPE_CHECKING:  # ReportLab loads only when a paper is written, not with the window
    from cst_inclusion_desktop.reports.document import ReportResult

OUTPUT_KEY = "report_output"
FORMATS = (("PDF", ".pdf"), ("Word (DOCX, editable and accessible)", ".docx"))


def open_report_dialog(window: Any, school: SchoolRecord | None = None) -> None:
    dialog = ReportDialog(window.services, getattr(window, "prefs", None), window, school)
    dialog.exec()


def annex_path(paper: Path) -> Path:
    """Where the annex goes: beside the paper, named after it."""
    return paper.with_name(f"{paper.stem}-annex{paper.suffix}")


class ReportDialog(QDialog):
    """Choose what the paper covers and what its cover says; generation runs in the background."""

    generated = Signal(object)  # list[ReportResult]: the paper, then the annex if ticked
    failed = Signal(object)  # the exception
    cancelled = Signal()
    previewed = Signal(object)  # BoardPaper
    work_ended = Signal()  # generation ended, whatever the outcome, and its progress closed

    def __init__(
        self,
        services: Services,
        prefs: Prefs | None = None,
        parent: QWidget | None = None,
        school: SchoolRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.prefs = prefs or Prefs()
        self.task: Task | None = None
        self.preview_task: Task | None = None
        self.results: list[ReportResult] = []
        self.written: list[ReportResult] = []
        self._preview_started = False
        self.setObjectName("reportDialog")
        self.setAccessibleName("Board paper")
        self.setWindowTitle("Board paper for one school" if school else "Board paper")
        self._build(school)

    # --- building ---------------------------------------------------------------------------
    def _build(self, school: SchoolRecord | None) -> None:
        context = self.services.context
        self.scope = ScopeTab(self.services, school)
        self.cover_tab = CoverTab()
        remembered = cover_memory.remembered(context)
        if not remembered.author:  # first paper: the author is most likely the person here
            remembered = replace(remembered, author=context.settings.user_name)
        self.cover_tab.form.set_fields(remembered)
        self.summary = SummaryTab()
        self.summary.refresh_button.clicked.connect(self.refresh_preview)
        self.scope.changed.connect(self._preview_stale)
        self.tabs = report_tabs(self.scope, self.cover_tab, self.summary)
        self.tabs.currentChanged.connect(self._tab_shown)

        self.output = named(
            QLineEdit(self.prefs.text(OUTPUT_KEY)),
            "reportOutput",
            "Save as",
            "The board paper's file; its ending follows the format chosen below",
        )
        self.output.setPlaceholderText(str(Path.home() / "board-paper.pdf"))
        browse = named(
            QPushButton("&Browse…"),
            "reportBrowse",
            "Choose where to save",
            "Choose the folder and file name for the board paper",
        )
        browse.clicked.connect(self._browse)
        self.format = named(
            QComboBox(),
            "reportFormat",
            "Format of the board paper",
            "PDF to print and send; DOCX to annotate and publish an accessible version",
        )
        for label, suffix in FORMATS:
            self.format.addItem(label, suffix)
        saved_suffix = Path(self.output.text()).suffix.lower()
        self.format.setCurrentIndex(max(self.format.findData(saved_suffix), 0))
        self.format.currentIndexChanged.connect(self._format_changed)
        self.annex = named(
            QCheckBox("Also write the a&nnex (the detail: action lists, school pages, evidence)"),
            "reportAnnex",
            "Also write the annex",
            "The annex is written beside the paper, named …-annex",
        )
        self.error = error_label("reportError")
        self.status = named(QLabel(""), "reportStatus", "Board paper status")
        self.status.setWordWrap(True)

        output_row = QHBoxLayout()
        output_row.addWidget(buddy("Save &as:", self.output))
        output_row.addWidget(self.output, 1)
        output_row.addWidget(browse)
        format_row = QHBoxLayout()
        format_row.addWidget(buddy("&Format:", self.format))
        format_row.addWidget(self.format)
        format_row.addWidget(self.annex, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.generate_button = named(
            self.buttons.addButton("&Generate", QDialogButtonBox.ButtonRole.AcceptRole),
            "reportGenerate",
            "Generate the board paper",
            "Write the board paper (and the annex, if ticked) in the background",
        )
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        named(cancel, "reportCancel", "Close", "Close without writing anything")
        self.buttons.accepted.connect(self.generate)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(output_row)
        layout.addLayout(format_row)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 900, 660)

    # --- what to report ---------------------------------------------------------------------
    def request(self, with_questions: bool = True) -> BoardPaperRequest:
        """The request the dialog describes (raises ValidationError naming the first problem)."""
        commit_open_editors(self)  # a question still being typed belongs in the paper
        scope = self.scope.request_parts()
        return BoardPaperRequest(
            **scope,
            cover=self.cover_tab.form.fields(),
            commentary=self.cover_tab.commentary.toPlainText().strip(),
            questions=self.summary.questions.questions()
            if with_questions and self.summary.loaded
            else None,
            generated_by=self.services.context.settings.user_name.strip(),
        )

    # --- preview ----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._preview_started:
            self.refresh_preview()

    def _tab_shown(self, index: int) -> None:
        page = self.tabs.widget(index)  # each page sits in a scroll area (report_tabs)
        if page is not None and page.isAncestorOf(self.summary) and self.summary.stale:
            self.refresh_preview()

    def _preview_stale(self) -> None:
        self.summary.mark_stale()

    def refresh_preview(self) -> None:
        """Work out the key messages and questions in the background, as Generate would."""
        self._preview_started = True
        try:
            request = self.request(with_questions=False)
        except ValidationError as error:
            self.summary.show_problem(str(error))
            return
        if self.preview_task is not None:
            self.preview_task.cancel()
        report = self.services.report
        self.summary.show_working()
        task = Task(lambda progress, cancelled: report.board_paper(request, progress, cancelled))
        task.signals.succeeded.connect(lambda paper: self._previewed(task, paper))
        task.signals.failed.connect(lambda error: self._preview_failed(task, error))
        self.preview_task = task.start()

    def _preview_failed(self, task: Task, error: Exception) -> None:
        if task is self.preview_task:
            self.preview_task = None
            self.summary.show_problem(error_message(error))

    def _previewed(self, task: Task, paper: BoardPaper) -> None:
        if task is not self.preview_task:
            return  # an older preview finished after a newer one started
        self.preview_task = None
        self.summary.show_paper(paper)
        self.previewed.emit(paper)

    # --- output -----------------------------------------------------------------------------
    def _browse(self) -> None:
        suffix = self.format.currentData()
        start = self.output.text() or self.output.placeholderText()
        pattern = "PDF (*.pdf)" if suffix == ".pdf" else "Word document (*.docx)"
        path = save_file_name(self, "Save the board paper as", start, pattern)
        if path is not None:
            self.output.setText(str(path.with_suffix(suffix)))

    def _format_changed(self) -> None:
        text = self.output.text().strip()
        if text:
            self.output.setText(str(Path(text).with_suffix(self.format.currentData())))

    def output_paths(self) -> list[Path]:
        """The paper's path (with the chosen format's suffix) and the annex's, if ticked."""
        text = self.output.text().strip()
        if not text:
            raise ValidationError("save as", "", "a file name for the board paper (use Browse…)")
        paper = Path(text).expanduser().with_suffix(self.format.currentData())
        return [paper, annex_path(paper)] if self.annex.isChecked() else [paper]

    def _replace_allowed(self, paths: list[Path]) -> bool:
        existing = [path for path in paths if path.exists()]
        if not existing:
            return True
        names = "\n".join(str(path) for path in existing)
        answer = QMessageBox.question(
            self,
            "Replace the file?",
            f"This file already exists:\n{names}\n\nReplace it with the new paper?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # --- generating -------------------------------------------------------------------------
    def generate(self) -> None:
        set_error(self.error, "")
        try:
            paths = self.output_paths()
            request = self.request()
            name = ensure_display_name(self, self.services.context)
        except ValidationError as error:
            set_error(self.error, str(error))
            return
        if name is None:
            set_error(self.error, "The paper says who generated it: give your name first.")
            return
        if request.generated_by != name:
            request = self.request()
        if not self._replace_allowed(paths):
            self.status.setText("Nothing was written: the existing file was kept.")
            return
        self.prefs.set_text(OUTPUT_KEY, str(paths[0]))
        self.prefs.sync()
        report = self.services.report
        context = self.services.context
        self.generate_button.setEnabled(False)
        self.status.setText("Generating…")

        written = self.written = []

        def work(progress: Any, cancelled: Any) -> list[ReportResult]:
            from cst_inclusion_desktop.reports.outputs import write_annex, write_board_paper
            from cst_inclusion_desktop.services.safety.anchors import keep_report

            # Both documents are assembled before either is written, so a cancel (which lands
            # almost always while reading) leaves both files as they were.
            paper = report.board_paper(request, progress, cancelled)
            annex = report.annex(request, progress, cancelled) if len(paths) > 1 else None
            written.append(write_board_paper(paper, paths[0], progress, cancelled))
            keep_report(context, "Board paper", paper.cover.anchor, paths[0])
            if annex is not None:
                written.append(write_annex(annex, paths[1], progress, cancelled))
                keep_report(context, "Annex", annex.cover.anchor, paths[1])
            return list(written)

        self.task = run_with_progress(
            self,
            "Generating the board paper…",
            work,
            self._succeeded,
            self._failed,
            self._cancelled,
            self.work_ended,
        )

    def _succeeded(self, results: list[ReportResult]) -> None:
        self.task = None
        self.results = results
        self.generate_button.setEnabled(True)
        # A read-only database, say: the paper is written, only the cover's memory is lost.
        with contextlib.suppress(InclusionError):
            cover_memory.remember(self.services.context, self.cover_tab.form.fields())
        written = "\n".join(describe_result(result) for result in results)
        self.status.setText(f"Written: {written}")
        self.generated.emit(results)
        answer = QMessageBox.question(
            self, "Board paper written", f"Written:\n{written}\n\nOpen the board paper now?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(results[0].path)))
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.task = None
        self.generate_button.setEnabled(True)
        self.status.setText("The board paper was not written.")
        self.failed.emit(error)
        show_error(self, error)

    def _cancelled(self) -> None:
        self.task = None
        self.generate_button.setEnabled(True)
        if self.written:  # cancelled while the annex was being written: the paper is done
            self.status.setText(f"Cancelled: only {describe_result(self.written[0])} was written.")
        else:
            self.status.setText("Cancelled: no file was written.")
        self.cancelled.emit()

    def reject(self) -> None:
        if self.preview_task is not None:
            self.preview_task.cancel()
        super().reject()


def describe_result(result: ReportResult) -> str:
    pages = f" ({result.pages} pages)" if result.pages else ""
    return f"{result.path}{pages}"
