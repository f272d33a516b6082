"""File ▸ Board report… (Ctrl+P) and a school's "Report for this school…", as a window extension.

The dialog gathers the period, schools and principles, then assembles and lays out the report
on a worker thread behind a progress dialog with Cancel, and offers to open the finished PDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import PrincipleRecord, SchoolRecord
from cst_inclusion_desktop.domain.report_model import ReportRequest
from cst_inclusion_desktop.domain.terms import PeriodPreset, preset_period
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.widgets.errors import show_error
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    UK_DATE_FORMAT,
    error_label,
    fill_enum_combo,
    from_qdate,
    named,
    set_error,
    to_qdate,
)
from cst_inclusion_desktop.ui.widgets.workers import Task, run_with_progress

OUTPUT_KEY = "report_output"

if TYPE_CHECKING:
    from cst_inclusion_desktop.reports.board import ReportResult


def install(window: Any) -> None:
    action = QAction("Board &report…", window)
    action.setObjectName("boardReportAction")
    action.setShortcut(QKeySequence("Ctrl+P"))
    action.setStatusTip("Write the board report PDF for a period, schools and principles")
    action.triggered.connect(lambda: open_report_dialog(window))
    window.menu("file").addAction(action)
    window.main_toolbar().addAction(action)
    window.add_school_context_action(lambda menu, school: add_school_item(window, menu, school))


def add_school_item(window: Any, menu: QMenu, school: SchoolRecord) -> QAction:
    item = menu.addAction("Report for this school…")
    item.setObjectName("schoolReportAction")
    item.triggered.connect(lambda: open_report_dialog(window, school))
    return item


def open_report_dialog(window: Any, school: SchoolRecord | None = None) -> None:
    dialog = ReportDialog(window.services, getattr(window, "prefs", None), window, school)
    dialog.exec()


class ReportDialog(QDialog):
    """Choose what to report on and where to save it; generation runs in the background."""

    generated = Signal(object)  # ReportResult
    failed = Signal(object)  # the exception
    cancelled = Signal()

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
        self.result_: ReportResult | None = None
        self.setObjectName("reportDialog")
        self.setAccessibleName("Board report")
        self.setWindowTitle("Report for one school" if school else "Board report")
        self._build(school)
        self._apply_preset()

    # --- building ---------------------------------------------------------------------------
    def _build(self, school: SchoolRecord | None) -> None:
        self.preset = named(QComboBox(), "reportPeriodPreset", "Period")
        fill_enum_combo(self.preset, PeriodPreset)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.period_from = self._date_edit("reportFrom", "From")
        self.period_to = self._date_edit("reportTo", "To")
        dates = QHBoxLayout()
        dates.addWidget(self.period_from)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.period_to)

        self.schools = self._check_list("reportSchools", "Schools")
        for record in self.services.schools.list():
            self._add_item(
                self.schools,
                f"{record.name} ({record.urn})",
                record.urn,
                school is None or record.urn == school.urn,
            )
        self.principles = self._check_list("reportPrinciples", "Principles")
        for principle in self.services.trust.principles():
            self._add_principle(principle)
        self.full = named(
            QCheckBox("List every action and evidence item"),
            "reportFull",
            "List everything",
            "Off: each school lists its most pressing actions per principle (counts include all)."
            " On: everything, which for a whole large trust can run to thousands of pages.",
        )
        self.output = named(QLineEdit(self.prefs.text(OUTPUT_KEY)), "reportOutput", "Save as")
        browse = named(QPushButton("Browse…"), "reportBrowse", "Choose where to save")
        browse.clicked.connect(self._browse)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(browse)
        self.error = error_label("reportError")
        self.status = named(QLabel(""), "reportStatus", "Report status")

        form = QFormLayout()
        form.addRow("&Period:", self.preset)
        form.addRow("Dates:", dates)
        form.addRow(_buddy("&Schools:", self.schools), self._with_all_none(self.schools))
        form.addRow(_buddy("P&rinciples:", self.principles), self._with_all_none(self.principles))
        form.addRow("", self.full)
        form.addRow(_buddy("Save &as:", self.output), output_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.generate_button = named(
            self.buttons.addButton("&Generate", QDialogButtonBox.ButtonRole.AcceptRole),
            "reportGenerate",
            "Generate the report",
        )
        self.buttons.accepted.connect(self.generate)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(560, 560)

    def _date_edit(self, name: str, label: str) -> QDateEdit:
        edit = named(QDateEdit(), name, label)
        edit.setDisplayFormat(UK_DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.dateChanged.connect(self._dates_edited)
        return edit

    def _check_list(self, name: str, label: str) -> QListWidget:
        widget = named(QListWidget(), name, label)
        widget.setMinimumHeight(110)
        return widget

    def _add_item(self, widget: QListWidget, text: str, data: object, checked: bool) -> None:
        item = QListWidgetItem(text, widget)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _add_principle(self, principle: PrincipleRecord) -> None:
        self._add_item(
            self.principles, f"{principle.number}. {principle.title}", principle.number, True
        )

    def _with_all_none(self, widget: QListWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        row = QHBoxLayout()
        for text, state in (("All", Qt.CheckState.Checked), ("None", Qt.CheckState.Unchecked)):
            button = named(QPushButton(text), f"{widget.objectName()}{text}", f"Tick {text}")
            button.clicked.connect(lambda _=False, s=state: _set_all(widget, s))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # --- behaviour --------------------------------------------------------------------------
    def current_preset(self) -> PeriodPreset:
        # Qt hands str-based enums back as plain strings; parse restores the member.
        return PeriodPreset.parse(self.preset.currentData())

    def _apply_preset(self) -> None:
        preset = self.current_preset()
        if preset is PeriodPreset.CUSTOM:
            return
        period = preset_period(preset, self.services.context.today())
        for edit, day in ((self.period_from, period.start), (self.period_to, period.end)):
            edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(False)

    def _dates_edited(self) -> None:
        """Typing a date by hand makes the period custom."""
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(PeriodPreset.CUSTOM))
        self.preset.blockSignals(False)

    def _browse(self) -> None:
        start = self.output.text() or str(Path.home() / "board-report.pdf")
        path, _ = QFileDialog.getSaveFileName(self, "Save the report as", start, "PDF (*.pdf)")
        if path:
            self.output.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def request(self) -> ReportRequest:
        """The ReportRequest the current choices describe (raises ValidationError if none)."""
        urns = _checked(self.schools)
        numbers = _checked(self.principles)
        if not urns:
            raise ValidationError("schools", "none", "at least one school ticked")
        if not numbers:
            raise ValidationError("principles", "none", "at least one principle ticked")
        every_school = len(urns) == self.schools.count()
        return ReportRequest(
            period_from=from_qdate(self.period_from.date()),
            period_to=from_qdate(self.period_to.date()),
            school_urns=() if every_school else tuple(str(urn) for urn in urns),
            principle_numbers=(
                () if len(numbers) == self.principles.count() else tuple(map(int, numbers))
            ),
            generated_by=self.services.context.actor,
            per_school=len(urns) == 1,
            full=self.full.isChecked(),
        )

    def generate(self) -> None:
        set_error(self.error, "")
        try:
            request = self.request()
            out = self._output_path()
        except ValidationError as error:
            set_error(self.error, str(error))
            return
        self.prefs.set_text(OUTPUT_KEY, str(out))
        self.prefs.sync()
        report = self.services.report
        self.generate_button.setEnabled(False)
        self.status.setText("Generating…")

        def work(progress: Any, cancelled: Any) -> ReportResult:
            data = report.assemble(request, progress, cancelled)
            from cst_inclusion_desktop.reports.board import write_board_report  # ReportLab

            return write_board_report(data, out, progress, cancelled)

        self.task = run_with_progress(
            self, "Generating the report…", work, self._succeeded, self._failed, self._cancelled
        )

    def _output_path(self) -> Path:
        text = self.output.text().strip()
        if not text:
            raise ValidationError("save as", "", "a file name for the PDF (use Browse…)")
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def _succeeded(self, result: ReportResult) -> None:
        self.result_ = result
        self.generate_button.setEnabled(True)
        self.status.setText(f"Written: {result.path} ({result.pages} pages)")
        self.generated.emit(result)
        answer = QMessageBox.question(
            self,
            "Report written",
            f"The report was written to\n{result.path}\n({result.pages} pages).\n\nOpen it now?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.generate_button.setEnabled(True)
        self.status.setText("The report was not written.")
        self.failed.emit(error)
        show_error(self, error)

    def _cancelled(self) -> None:
        self.generate_button.setEnabled(True)
        self.status.setText("Cancelled: no file was written.")
        self.cancelled.emit()


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose Alt+letter moves focus to ``widget`` (rows holding layouts need this)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _checked(widget: QListWidget) -> list[Any]:
    return [
        widget.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


def _set_all(widget: QListWidget, state: Qt.CheckState) -> None:
    for row in range(widget.count()):
        widget.item(row).setCheckState(state)
