"""The trust's schools: list (archived too, on request), add, edit, archive and restore.

The URN is checked as it is typed (six digits, not used by another school) and the message
sits beside the field; the service checks again on save, and its errors land in the same place.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.enums import Phase
from cst_inclusion_desktop.domain.errors import ConflictError, InclusionError, ValidationError
from cst_inclusion_desktop.domain.records import SchoolRecord
from cst_inclusion_desktop.domain.validation import clean_urn
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.conflict_prompt import ConflictChoice, ask_conflict
from cst_inclusion_desktop.ui.widgets.dialog_parts import add_field_row
from cst_inclusion_desktop.ui.widgets.errors import show_error
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    commit_open_editors,
    error_label,
    fill_enum_combo,
    named,
    select_data,
    set_error,
)
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen

Index = QModelIndex | QPersistentModelIndex
SCHOOL_COLUMNS = ("URN", "Name", "Phase", "SENCO", "Status")


class SchoolTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[SchoolRecord] = []

    def set_rows(self, rows: list[SchoolRecord]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SCHOOL_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        school = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            status = "Archived" if school.archived else "Open"
            values = (school.urn, school.name, school.phase.label, school.senco, status)
            return values[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return SCHOOL_COLUMNS[section] if 0 <= section < len(SCHOOL_COLUMNS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class SchoolsDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("schoolsDialog")
        self.setAccessibleName("Schools")
        self.setWindowTitle("Schools")
        self.editing: SchoolRecord | None = None  # None: the form adds a new school
        self.all_schools: list[SchoolRecord] = []

        self.model = SchoolTableModel(self)
        self.table = named(
            QTableView(), "schoolsTable", "Schools", "The trust's schools; choose one to edit it"
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.show_archived = named(
            QCheckBox("Show &archived schools"),
            "showArchivedSchoolsCheck",
            "Show archived schools",
            "Include schools that have been archived",
        )
        self.show_archived.toggled.connect(lambda _: self.reload())

        self.name_edit = named(QLineEdit(), "schoolNameEdit", "School name", "The school's name")
        self.name_error = error_label("schoolNameError")
        self.urn_edit = named(
            QLineEdit(),
            "schoolUrnEdit",
            "URN",
            "The school's six-digit Unique Reference Number (from Get Information About Schools)",
        )
        self.urn_edit.setMaxLength(6)
        self.urn_error = error_label("schoolUrnError")
        self.phase_combo = named(QComboBox(), "schoolPhaseCombo", "Phase", "The school's phase")
        fill_enum_combo(self.phase_combo, Phase)
        self.senco_edit = named(
            QLineEdit(), "schoolSencoEdit", "SENCO", "The school's SENCO (optional)"
        )
        self.senco_error = error_label("schoolSencoError")
        self.form_title = QLabel()
        self.form_title.setObjectName("schoolFormTitle")
        self.new_button = named(
            QPushButton("&New school"), "newSchoolButton", "New school", "Add a new school"
        )
        self.save_button = named(
            QPushButton("&Save"), "saveSchoolButton", "Save school", "Save this school"
        )
        self.archive_button = named(
            QPushButton("A&rchive"),
            "archiveSchoolButton",
            "Archive or restore school",
            "Archive the school (its records are kept) or restore an archived one",
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "schoolsCloseButton", "Close", "Close this window")
        close.setAutoDefault(False)  # Enter in the form saves the school; it never closes
        self.save_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.archive_button.clicked.connect(self.toggle_archived)
        # Selection, not the current index: a view makes its first row current when it takes
        # focus, which must not replace a new school being typed.
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._edit_selected())
        for edit in (self.name_edit, self.urn_edit, self.senco_edit):
            edit.textChanged.connect(self.check_form)
        self._lay_out()
        fit_to_screen(self, 820, 520)
        self.reload()
        self.start_new()

    def _lay_out(self) -> None:
        form = QFormLayout()
        add_field_row(form, "Na&me:", self.name_edit, self.name_error)
        add_field_row(form, "&URN:", self.urn_edit, self.urn_error)
        add_field_row(form, "&Phase:", self.phase_combo)
        add_field_row(form, "S&ENCO:", self.senco_edit, self.senco_error)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.archive_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.show_archived)
        layout.addWidget(self.form_title)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)

    def reload(self, select_id: str | None = None) -> None:
        try:
            self.all_schools = self.services.schools.list(include_archived=True)
        except InclusionError as error:
            show_error(self, error)
            return
        shown = [s for s in self.all_schools if self.show_archived.isChecked() or not s.archived]
        self.model.set_rows(shown)
        ids = [school.id for school in shown]
        if select_id in ids:
            self.table.selectRow(ids.index(select_id))

    def _edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.model.rows):
            self.load_school(self.model.rows[rows[0].row()])

    def start_new(self) -> None:
        self.table.clearSelection()
        self.editing = None
        self.form_title.setText("<b>New school</b>")
        for edit in (self.name_edit, self.urn_edit, self.senco_edit):
            edit.clear()
        select_data(self.phase_combo, Phase.PRIMARY)
        self.archive_button.setEnabled(False)
        self.check_form()

    def load_school(self, school: SchoolRecord) -> None:
        self.editing = school
        archived = " (archived)" if school.archived else ""
        self.form_title.setText(f"<b>Edit {school.name}</b>{archived}")
        self.name_edit.setText(school.name)
        self.urn_edit.setText(school.urn)
        self.senco_edit.setText(school.senco)
        select_data(self.phase_combo, school.phase)
        self.archive_button.setEnabled(True)
        self.archive_button.setText("Rest&ore" if school.archived else "A&rchive")
        self.check_form()

    def urn_problem(self, text: str) -> str:
        """What is wrong with a typed URN, or "" (the same rule the service applies)."""
        try:
            urn = clean_urn(text)
        except ValidationError:
            return "Enter the six-digit URN, e.g. 100001."
        other = next(
            (
                s
                for s in self.all_schools
                if s.urn == urn and s.id != getattr(self.editing, "id", "")
            ),
            None,
        )
        return f"URN {urn} is already used by {other.name}." if other else ""

    def check_form(self) -> bool:
        urn_text = self.urn_edit.text()
        set_error(self.urn_error, self.urn_problem(urn_text) if urn_text.strip() else "")
        name_ok = bool(self.name_edit.text().strip())
        set_error(self.name_error, "")
        set_error(self.senco_error, "")
        valid = name_ok and not self.urn_problem(urn_text)
        self.save_button.setEnabled(valid)
        return valid

    def save(self) -> None:
        commit_open_editors(self)
        if not self.check_form():
            return
        fields = {
            "name": self.name_edit.text(),
            "urn": self.urn_edit.text(),
            "phase": self.phase_combo.currentData(),
            "senco": self.senco_edit.text(),
        }
        try:
            if self.editing is None:
                school = self.services.schools.add(**fields)
            else:
                saved = self._update(self.editing, fields)
                if saved is None:
                    return
                school = saved
        except ValidationError as error:
            labels = {"name": self.name_error, "urn": self.urn_error, "senco": self.senco_error}
            label = labels.get(error.field)
            if label is None:
                show_error(self, error)
            else:
                set_error(label, error.message)
            return
        except InclusionError as error:
            show_error(self, error)
            return
        self.reload(select_id=school.id)
        self.load_school(school)

    def _update(
        self, school: SchoolRecord, fields: dict[str, Any], overwrite: bool = False
    ) -> SchoolRecord | None:
        """Save from the version shown; if someone saved since, ask (None: not saved)."""
        try:
            return self.services.schools.update(
                school.id, **fields, read_version=school.version, overwrite=overwrite
            )
        except ConflictError as error:
            choice = ask_conflict(self, error)
            if choice is ConflictChoice.OVERWRITE:
                theirs = replace(school, version=error.current_version)
                return self._update(theirs, fields, overwrite=True)
            if choice is ConflictChoice.RELOAD:
                self.reload(select_id=school.id)
                self.load_school(self.services.schools.get(school.id))
            return None  # Cancel: the form keeps what was typed

    def toggle_archived(self) -> None:
        if self.editing is None:
            return
        try:
            school = self.services.schools.archive(
                self.editing.id, not self.editing.archived, read_version=self.editing.version
            )
        except ConflictError as error:
            show_error(self, error)  # nothing typed to keep: show theirs, then they may retry
            self.reload(select_id=self.editing.id)
            self.load_school(self.services.schools.get(self.editing.id))
            return
        except InclusionError as error:
            show_error(self, error)
            return
        self.reload(select_id=school.id)
        if school.archived and not self.show_archived.isChecked():
            self.start_new()
        else:
            self.load_school(school)
