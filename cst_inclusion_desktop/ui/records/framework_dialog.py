"""The framework of principles: read it, let the trust lead reword a principle, and import or
export the whole framework as a file.

Every change goes through TrustService, which audits it and bumps the framework version; this
dialog only shows what the service did, and shows its errors without changing anything.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
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

from cst_inclusion_desktop.domain.errors import ConflictError, InclusionError, ValidationError
from cst_inclusion_desktop.domain.records import FrameworkRecord, PrincipleRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.conflict_prompt import ConflictChoice, ask_conflict
from cst_inclusion_desktop.ui.widgets.dialog_parts import add_field_row
from cst_inclusion_desktop.ui.widgets.errors import error_message, show_error
from cst_inclusion_desktop.ui.widgets.file_dialogs import open_file_name, save_file_name
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    commit_open_editors,
    error_label,
    named,
    set_error,
)
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen

FRAMEWORK_FILTER = "Framework files (*.json);;All files (*)"


class FrameworkDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("frameworkDialog")
        self.setAccessibleName("Framework of principles")
        self.setWindowTitle("Framework of principles")
        self.framework: FrameworkRecord | None = None
        self.shown: PrincipleRecord | None = None  # the principle in the editor below

        self.heading = QLabel()
        self.heading.setObjectName("frameworkHeading")
        self.heading.setWordWrap(True)
        self.table = named(
            QTableWidget(0, 3),
            "principleTable",
            "Principles",
            "The principles of the trust's framework; choose one to edit its wording",
        )
        self.table.setHorizontalHeaderLabels(["No.", "Title", "Summary"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 260)
        self.table.currentCellChanged.connect(self._row_changed)

        self.title_edit = named(
            QLineEdit(), "principleTitleEdit", "Principle title", "The principle's title"
        )
        self.title_error = error_label("principleTitleError")
        self.summary_edit = named(
            QPlainTextEdit(),
            "principleSummaryEdit",
            "Principle summary",
            "What the principle means in practice (shown in reports)",
        )
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setMaximumHeight(110)
        self.save_button = named(
            QPushButton("&Save wording"),
            "savePrincipleButton",
            "Save wording",
            "Save the new wording; the change is audited and the framework version goes up",
        )
        self.revert_button = named(
            QPushButton("Re&vert"),
            "revertPrincipleButton",
            "Revert wording",
            "Put back the saved wording of this principle",
        )
        self.status = QLabel()
        self.status.setObjectName("frameworkStatus")
        self.status.setWordWrap(True)
        self.title_edit.textChanged.connect(self._update_buttons)
        self.summary_edit.textChanged.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save_wording)
        self.revert_button.clicked.connect(self._show_selected)

        self.import_button = named(
            QPushButton("&Import…"),
            "importFrameworkButton",
            "Import framework",
            "Replace the principles' wording from a framework file (actions keep their principle)",
        )
        self.export_button = named(
            QPushButton("&Export…"),
            "exportFrameworkButton",
            "Export framework",
            "Save the framework to a file to share with another trust or keep as a record",
        )
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "frameworkCloseButton", "Close", "Close this window")
        close.setAutoDefault(False)  # Enter in the title saves the wording; it never closes
        self.save_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        fit_to_screen(self, 820, 560)
        self.reload()

    def _lay_out(self) -> None:
        form = QFormLayout()
        add_field_row(form, "&Title:", self.title_edit, self.title_error)
        add_field_row(form, "S&ummary:", self.summary_edit)
        edit_buttons = QHBoxLayout()
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
    def reload(self, keep_number: int | None = None) -> None:
        try:
            self.framework = self.services.trust.framework()
        except InclusionError as error:
            self.status.setText(error_message(error))
            return
        framework = self.framework
        self.shown = None  # the editor is refilled from the fresh record below
        source = f" · source: {framework.source}" if framework.source else ""
        self.heading.setText(f"<b>{framework.name}</b> — version {framework.version}{source}")
        self.table.blockSignals(True)
        self.table.setRowCount(len(framework.principles))
        for row, principle in enumerate(framework.principles):
            for column, text in enumerate(
                (str(principle.number), principle.title, principle.summary)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)
        numbers = [p.number for p in framework.principles]
        row = numbers.index(keep_number) if keep_number in numbers else 0
        if numbers:
            self.table.setCurrentCell(row, 0)
        self._show_selected()

    def selected(self) -> PrincipleRecord | None:
        row = self.table.currentRow()
        if self.framework is None or not 0 <= row < len(self.framework.principles):
            return None
        return self.framework.principles[row]

    def _row_changed(self, row: int, _column: int, previous_row: int, _previous: int) -> None:
        if row != previous_row and self.is_dirty() and not self._confirm_discard():
            self.table.blockSignals(True)
            self.table.setCurrentCell(previous_row, 0)
            self.table.blockSignals(False)
            return
        self._show_selected()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, "Unsaved wording", "Discard the changes to this principle's wording?"
        )
        return answer == QMessageBox.StandardButton.Yes

    def _show_selected(self) -> None:
        principle = self.shown = self.selected()
        self.title_edit.setText(principle.title if principle else "")
        self.summary_edit.setPlainText(principle.summary if principle else "")
        self.title_edit.setEnabled(principle is not None)
        self.summary_edit.setEnabled(principle is not None)
        set_error(self.title_error, "")
        self._update_buttons()

    def is_dirty(self) -> bool:
        principle = self.shown
        return principle is not None and (
            self.title_edit.text() != principle.title
            or self.summary_edit.toPlainText() != principle.summary
        )

    def _update_buttons(self) -> None:
        title_ok = bool(self.title_edit.text().strip())
        set_error(self.title_error, "" if title_ok or not self.is_dirty() else "A title is needed.")
        self.save_button.setEnabled(self.is_dirty() and title_ok)
        self.revert_button.setEnabled(self.is_dirty())

    # --- changing -----------------------------------------------------------------------------
    def save_wording(self, overwrite: bool = False) -> None:
        commit_open_editors(self)
        principle = self.shown
        if principle is None or not self.is_dirty():
            return
        try:
            framework = self.services.trust.update_principle(
                principle.number,
                self.title_edit.text(),
                self.summary_edit.toPlainText(),
                read_version=principle.version,
                overwrite=overwrite,
            )
        except ConflictError as error:
            choice = ask_conflict(self, error)
            if choice is ConflictChoice.OVERWRITE:
                self.shown = replace(principle, version=error.current_version)
                self.save_wording(overwrite=True)
            elif choice is ConflictChoice.RELOAD:
                self.reload(keep_number=principle.number)
            return  # Cancel: the wording typed stays in the form
        except ValidationError as error:
            set_error(self.title_error, error.message)
            return
        except InclusionError as error:
            show_error(self, error)
            return
        self.reload(keep_number=principle.number)
        self.status.setText(
            f"Principle {principle.number} saved; the framework is now version {framework.version}."
        )

    def import_file(self) -> None:
        name = open_file_name(self, "Import framework", FRAMEWORK_FILTER)
        if name is None:
            return
        answer = QMessageBox.question(
            self,
            "Import framework",
            f"Replace the wording of every principle with the framework in\n{name}?\n\n"
            "Actions and evidence keep their principle numbers; the change is audited.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            framework = self.services.trust.import_framework(Path(name))
        except InclusionError as error:
            show_error(self, error)
            return
        self.reload()
        self.status.setText(f"Imported {framework.name}, now version {framework.version}.")

    def export_file(self) -> None:
        suggested = _file_name(self.framework) if self.framework else "framework.json"
        name = save_file_name(self, "Export framework", suggested, FRAMEWORK_FILTER)
        if name is None:
            return
        try:
            self.services.trust.export_framework(Path(name))
        except InclusionError as error:
            show_error(self, error)
            return
        self.status.setText(f"Framework exported to {name}.")

    def reject(self) -> None:
        """Esc or Close: ask before throwing away unsaved wording."""
        if self.is_dirty() and not self._confirm_discard():
            return
        super().reject()


def _file_name(framework: FrameworkRecord) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", framework.name.lower()).strip("-") or "framework"
    return f"{slug}-v{framework.version}.json"
