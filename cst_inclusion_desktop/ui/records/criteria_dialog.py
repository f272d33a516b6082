"""Tools ▸ Inspection criteria: read the list, reword a criterion, add one, retire or restore
one, and import or export the whole list as a file.

Every change goes through CriteriaService, which audits it and bumps the list's version; this
dialog only shows what the service did, and shows its errors without changing anything.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.criteria import Criterion, Toolkit
from cst_inclusion_desktop.domain.errors import InclusionError, ValidationError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.dialog_parts import add_field_row
from cst_inclusion_desktop.ui.widgets.errors import error_message, show_error
from cst_inclusion_desktop.ui.widgets.file_dialogs import open_file_name, save_file_name
from cst_inclusion_desktop.ui.widgets.form_widgets import error_label, named, set_error
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen

CRITERIA_FILTER = "Criteria files (*.json);;All files (*)"
COLUMNS = ["Code", "Title", "In use", "Summary"]


class CriteriaDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("criteriaDialog")
        self.setAccessibleName("Inspection criteria")
        self.setWindowTitle("Inspection criteria")
        self.criteria: list[Criterion] = []
        self.toolkit: Toolkit | None = None
        self.shown: Criterion | None = None  # the criterion in the editor below

        self.heading = QLabel()
        self.heading.setObjectName("criteriaHeading")
        self.heading.setWordWrap(True)
        self.table = named(
            QTableWidget(0, len(COLUMNS)),
            "criteriaTable",
            "Inspection criteria",
            "The inspection criteria; choose one to edit its wording or retire it",
        )
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (0, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 280)
        self.table.currentCellChanged.connect(self._row_changed)

        self.title_edit = named(
            QLineEdit(), "criterionTitleEdit", "Criterion title", "The criterion's short title"
        )
        self.title_error = error_label("criterionTitleError")
        self.summary_edit = named(
            QPlainTextEdit(),
            "criterionSummaryEdit",
            "Criterion summary",
            "What an inspector looks for, in the trust's own words (shown as a tooltip)",
        )
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setMaximumHeight(110)
        self.save_button = named(
            QPushButton("&Save wording"),
            "saveCriterionButton",
            "Save wording",
            "Save the new wording; the change is audited and the list's version goes up",
        )
        self.revert_button = named(
            QPushButton("Re&vert"),
            "revertCriterionButton",
            "Revert wording",
            "Put back the saved wording of this criterion",
        )
        self.retire_button = named(
            QPushButton("&Retire"),
            "retireCriterionButton",
            "Retire or restore criterion",
            "Retire: records that carry it keep it, but it cannot be newly added",
        )
        self.add_button = named(
            QPushButton("&Add criterion…"),
            "addCriterionButton",
            "Add criterion",
            "Add a criterion at the end of the list with the next free code",
        )
        self.status = QLabel()
        self.status.setObjectName("criteriaStatus")
        self.status.setWordWrap(True)
        self.title_edit.textChanged.connect(self._update_buttons)
        self.summary_edit.textChanged.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save_wording)
        self.revert_button.clicked.connect(self._show_selected)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.add_button.clicked.connect(self.add_criterion)

        self.import_button = named(
            QPushButton("&Import…"),
            "importCriteriaButton",
            "Import criteria",
            "Take the list from a criteria file (codes missing from it are retired, not removed)",
        )
        self.export_button = named(
            QPushButton("&Export…"),
            "exportCriteriaButton",
            "Export criteria",
            "Save the list to a file to share with the schools or keep as a record",
        )
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "criteriaCloseButton", "Close", "Close this window")
        close.setAutoDefault(False)  # Enter in the title saves the wording; it never closes
        self.save_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        fit_to_screen(self, 860, 600)
        self.reload()

    def _lay_out(self) -> None:
        form = QFormLayout()
        add_field_row(form, "&Title:", self.title_edit, self.title_error)
        add_field_row(form, "S&ummary:", self.summary_edit)
        edit_buttons = QHBoxLayout()
        edit_buttons.addWidget(self.add_button)
        edit_buttons.addWidget(self.retire_button)
        edit_buttons.addStretch(1)
        edit_buttons.addWidget(self.revert_button)
        edit_buttons.addWidget(self.save_button)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.import_button)
        file_buttons.addWidget(self.export_button)
        file_buttons.addStretch(1)
        file_buttons.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(edit_buttons)
        layout.addWidget(self.status)
        layout.addLayout(file_buttons)

    # --- showing ------------------------------------------------------------------------------
    def reload(self, keep_code: str | None = None) -> None:
        try:
            self.criteria = self.services.criteria.list(include_retired=True)
            self.toolkit = toolkit = self.services.criteria.toolkit()
        except InclusionError as error:
            self.status.setText(error_message(error))
            return
        self.shown = None  # the editor is refilled from the fresh list below
        self.heading.setText(
            f"<b>{html.escape(toolkit.name)}</b>, published {toolkit.published:%d/%m/%Y} — "
            f"list version {toolkit.version}. Titles and summaries are the trust's own words."
        )
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.criteria))
        for row, criterion in enumerate(self.criteria):
            in_use = "Retired" if criterion.retired else "Current"
            for column, text in enumerate(
                (criterion.code, criterion.title, in_use, criterion.summary)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(criterion.summary if column != 2 else text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)
        codes = [criterion.code for criterion in self.criteria]
        if codes:
            self.table.setCurrentCell(codes.index(keep_code) if keep_code in codes else 0, 0)
        self._show_selected()

    def selected(self) -> Criterion | None:
        row = self.table.currentRow()
        return self.criteria[row] if 0 <= row < len(self.criteria) else None

    def _row_changed(self, row: int, _column: int, previous_row: int, _previous: int) -> None:
        if row != previous_row and self.is_dirty() and not self._confirm_discard():
            self.table.blockSignals(True)
            self.table.setCurrentCell(previous_row, 0)
            self.table.blockSignals(False)
            return
        self._show_selected()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, "Unsaved wording", "Discard the changes to this criterion's wording?"
        )
        return answer == QMessageBox.StandardButton.Yes

    def _show_selected(self) -> None:
        criterion = self.shown = self.selected()
        self.title_edit.setText(criterion.title if criterion else "")
        self.summary_edit.setPlainText(criterion.summary if criterion else "")
        self.title_edit.setEnabled(criterion is not None)
        self.summary_edit.setEnabled(criterion is not None)
        self.retire_button.setEnabled(criterion is not None)
        retired = criterion is not None and criterion.retired
        self.retire_button.setText("&Restore" if retired else "&Retire")
        set_error(self.title_error, "")
        self._update_buttons()

    def is_dirty(self) -> bool:
        criterion = self.shown
        return criterion is not None and (
            self.title_edit.text() != criterion.title
            or self.summary_edit.toPlainText() != criterion.summary
        )

    def _update_buttons(self) -> None:
        title_ok = bool(self.title_edit.text().strip())
        set_error(self.title_error, "" if title_ok or not self.is_dirty() else "A title is needed.")
        self.save_button.setEnabled(self.is_dirty() and title_ok)
        self.revert_button.setEnabled(self.is_dirty())

    def _version_text(self) -> str:
        toolkit = self.toolkit
        return f"the list is now version {toolkit.version}" if toolkit else "saved"

    # --- changing -----------------------------------------------------------------------------
    def save_wording(self) -> None:
        criterion = self.shown
        if criterion is None or not self.is_dirty():
            return
        try:
            self.services.criteria.edit(
                criterion.code, self.title_edit.text(), self.summary_edit.toPlainText()
            )
        except ValidationError as error:
            set_error(self.title_error, error.message)
            return
        except InclusionError as error:
            show_error(self, error)
            return
        self.reload(keep_code=criterion.code)
        self.status.setText(f"{criterion.code} saved; {self._version_text()}.")

    def toggle_retired(self) -> None:
        criterion = self.shown
        if criterion is None:
            return
        try:
            changed = self.services.criteria.retire(criterion.code, not criterion.retired)
        except InclusionError as error:
            show_error(self, error)
            return
        self.reload(keep_code=changed.code)
        done = "retired (records that carry it keep it)" if changed.retired else "restored"
        self.status.setText(f"{changed.code} {done}; {self._version_text()}.")

    def add_criterion(self) -> None:
        title, ok = QInputDialog.getText(self, "Add criterion", "Title of the new criterion:")
        if not ok or not title.strip():
            return
        try:
            added = self.services.criteria.add(title)
        except InclusionError as error:
            show_error(self, error)
            return
        self.reload(keep_code=added.code)
        self.status.setText(
            f"{added.code} added; {self._version_text()}. Write its summary below and save."
        )
        self.summary_edit.setFocus()

    def import_file(self) -> None:
        name = open_file_name(self, "Import criteria", CRITERIA_FILTER)
        if name is None:
            return
        answer = QMessageBox.question(
            self,
            "Import criteria",
            f"Take the inspection criteria from\n{name}?\n\nCodes in the file are added or "
            "reworded; codes missing from it are retired, so records keep them. The change is "
            "audited.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            toolkit = self.services.criteria.import_file(Path(name))
        except InclusionError as error:
            show_error(self, error)
            return
        self.reload()
        self.status.setText(f"Imported {toolkit.name}; the list is now version {toolkit.version}.")

    def export_file(self) -> None:
        suggested = _file_name(self.toolkit) if self.toolkit else "criteria.json"
        name = save_file_name(self, "Export criteria", suggested, CRITERIA_FILTER)
        if name is None:
            return
        try:
            self.services.criteria.export_file(Path(name))
        except InclusionError as error:
            show_error(self, error)
            return
        self.status.setText(f"Criteria exported to {name}.")

    def reject(self) -> None:
        """Esc or Close: ask before throwing away unsaved wording."""
        if self.is_dirty() and not self._confirm_discard():
            return
        super().reject()


def _file_name(toolkit: Toolkit) -> str:
    return f"inspection-criteria-v{toolkit.version}.json"
