"""File ▸ Import actions…: choose a spreadsheet, preview every row with its problems, import.

The preview is a dry run of the same service the command line uses, so what the table shows is
exactly what importing will do. Both the dry run and the import run in the background behind a
progress dialog with Cancel. Nothing is written unless every row is valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.enums import in_users_words
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.exchange.spreadsheets.import_report import (
    ImportReport,
    RowOutcome,
)
from cst_inclusion_desktop.ui.widgets.errors import show_error
from cst_inclusion_desktop.ui.widgets.file_dialogs import open_file_name
from cst_inclusion_desktop.ui.widgets.form_widgets import named, uk_date
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen
from cst_inclusion_desktop.ui.widgets.workers import run_with_progress

SPREADSHEET_FILTER = "Spreadsheets (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx)"
OUTCOME_TEXT = {
    "create": "New",
    "update": "Update",
    "unchanged": "No change",
    "invalid": "Problem",
}
PROBLEM_COLOUR = QColor("#fde2e1")
Index = QModelIndex | QPersistentModelIndex


class ImportPreviewModel(QAbstractTableModel):
    """One line per spreadsheet row: what importing it would do, or what is wrong with it."""

    COL_ROW, COL_RESULT, COL_URN, COL_PRINCIPLE, COL_TITLE = range(5)
    COL_STATUS, COL_START, COL_DUE, COL_DETAIL = range(5, 9)
    HEADERS = (
        "Row",
        "Result",
        "School",
        "Principle",
        "Title",
        "Status",
        "Start date",
        "Due date",
        "Problems or changes",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowOutcome] = []

    def set_rows(self, rows: list[RowOutcome]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column(), full=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.BackgroundRole and row.outcome == "invalid":
            return QBrush(PROBLEM_COLOUR)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    @classmethod
    def _text(cls, row: RowOutcome, column: int, *, full: bool) -> Any:
        if column == cls.COL_ROW:
            return row.row
        if column == cls.COL_RESULT:
            return OUTCOME_TEXT.get(row.outcome, row.outcome)
        if column == cls.COL_TITLE:
            return row.title
        if column == cls.COL_DETAIL:
            return _detail(row)
        return _understood(row, column)


def _understood(row: RowOutcome, column: int) -> str:
    """What a row was read as (school, principle, status, dates), for the user to check."""
    read = row.understood
    if column == ImportPreviewModel.COL_URN:
        return f"{row.urn} {read.school_name}".strip() if read else row.urn
    if read is None:
        return ""
    if column == ImportPreviewModel.COL_PRINCIPLE:
        return str(read.principle_number)
    if column == ImportPreviewModel.COL_STATUS:
        return read.status.label
    if column == ImportPreviewModel.COL_START:
        return uk_date(read.start_date)
    if column == ImportPreviewModel.COL_DUE:
        return uk_date(read.due_date)
    return ""


def _detail(row: RowOutcome) -> str:
    if row.problems:
        # Each message starts "row N, ": the Row column already says it.
        return "\n".join(in_users_words(p.split(", ", 1)[-1]) for p in row.problems)
    return ", ".join(row.changed).replace("_", " ") if row.changed else ""


class ChooseFilePage(QWizardPage):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.setTitle("Choose a spreadsheet")
        self.setSubTitle(
            "A .csv or .xlsx file with a header row. Columns: School URN, Principle, Title, and "
            "optionally Description, Owner, Status, RAG, Start date, Due date, Completed date, "
            "Area of need, ID. Help ▸ User guide explains each one; File ▸ Save import "
            "template… writes a workbook with the headers and the allowed values."
        )
        self.path_edit = named(QLineEdit(), "importFilePath", "Spreadsheet to import")
        self.path_edit.textChanged.connect(self.completeChanged)
        browse = named(QPushButton("&Browse…"), "importBrowse", "Choose the spreadsheet")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(QLabel("Nothing is imported until you have seen the preview."))
        template = named(
            QPushButton("Save a &template…"),
            "importSaveTemplate",
            "Save an import template",
            "A workbook with the columns, an example row and the allowed values",
        )
        template.clicked.connect(lambda: _save_template(services, self))
        layout.addWidget(template, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def isComplete(self) -> bool:
        path = self.path()
        return path.suffix.lower() in (".csv", ".xlsx") and path.is_file()

    def _browse(self) -> None:
        chosen = open_file_name(self, "Import actions", SPREADSHEET_FILTER)
        if chosen is not None:
            self.path_edit.setText(str(chosen))


def _save_template(services: Services, parent: QWidget) -> None:
    from cst_inclusion_desktop.ui.exchange.template_menu import save_template

    save_template(services, parent)


class PreviewPage(QWizardPage):
    """Runs a dry run when shown; Import runs the real import, then moves on."""

    def __init__(self, services: Services, choose: ChooseFilePage) -> None:
        super().__init__()
        self.services, self.choose = services, choose
        self.setTitle("Preview")
        self.report: ImportReport | None = None
        self.imported: ImportReport | None = None
        self.summary = named(QLabel(), "importSummary", "Import summary")
        self.summary.setWordWrap(True)
        self.warnings = named(QLabel(), "importWarnings", "Columns ignored")
        self.warnings.setWordWrap(True)
        self.model = ImportPreviewModel(self)
        self.table = named(QTableView(), "importPreviewTable", "Rows and their problems")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ImportPreviewModel.COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addWidget(self.table, 1)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")

    def initializePage(self) -> None:
        self.report = self.imported = None
        self.summary.setText("Checking every row…")
        self.warnings.clear()
        self.model.set_rows([])
        path = self.choose.path()
        run_with_progress(
            self,
            "Checking the spreadsheet…",
            lambda progress, cancelled: self.services.importer.import_actions(
                path, dry_run=True, progress=progress, cancelled=cancelled
            ),
            self._show_preview,
            self._failed,
        )

    def _show_preview(self, report: ImportReport) -> None:
        self.report = report
        self.model.set_rows(report.outcomes)
        self.table.resizeRowsToContents()
        if report.problems:
            text = (
                f"{plural(len(report.problems), 'problem')} in {report.file}. Nothing can be "
                "imported until they are fixed in the spreadsheet; the rows below show each one."
            )
        else:
            text = report.summary() + ". Press Import to save them."
        self.summary.setText(text)
        self.warnings.setText("\n".join(report.warnings))
        self.warnings.setVisible(bool(report.warnings))
        self.completeChanged.emit()

    def _failed(self, error: Exception) -> None:
        self.summary.setText("The file could not be read.")
        show_error(self, error)

    def isComplete(self) -> bool:
        return self.report is not None and self.report.ok and self.report.rows > 0

    def validatePage(self) -> bool:
        if self.imported is not None:
            return True
        path = self.choose.path()
        run_with_progress(
            self,
            "Importing actions…",
            lambda progress, cancelled: self.services.importer.import_actions(
                path, progress=progress, cancelled=cancelled
            ),
            self._done,
            self._failed,
        )
        return False

    def _done(self, report: ImportReport) -> None:
        self.imported = report
        if report.problems:  # the file changed between preview and import
            self._show_preview(report)
            return
        self.wizard().next()


class DonePage(QWizardPage):
    def __init__(self, preview: PreviewPage) -> None:
        super().__init__()
        self.preview = preview
        self.setTitle("Imported")
        self.result = named(QLabel(), "importResult", "Import result")
        self.result.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.result)

    def initializePage(self) -> None:
        report = self.preview.imported
        self.result.setText(report.summary() + "." if report else "")


class ImportWizard(QWizard):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setAccessibleName("Import actions")
        self.setWindowTitle("Import actions")
        self.choose = ChooseFilePage(services)
        self.preview = PreviewPage(services, self.choose)
        self.done_page = DonePage(self.preview)
        for page in (self.choose, self.preview, self.done_page):
            self.addPage(page)
        # Once imported there is nothing left to cancel: the last page only has Finish.
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        fit_to_screen(self, 1040, 560)

    @property
    def imported(self) -> ImportReport | None:
        return self.preview.imported
