"""The new/edit action dialog.

Every change is checked at once with the same rules the service applies on save
(``services.actions.validate``), and each problem is written beside its field. Save stays
disabled until the whole form is valid; Esc or Cancel with unsaved changes asks first.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.action_rules import ACTION_FIELDS, ActionDraft
from cst_inclusion_desktop.domain.definitions import parse_rag, rag_text
from cst_inclusion_desktop.domain.enums import AreaOfNeed, Rag, Status
from cst_inclusion_desktop.domain.errors import (
    ConflictError,
    InclusionError,
    ValidationError,
    ValidationErrors,
)
from cst_inclusion_desktop.domain.records import ActionRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.conflict_prompt import ConflictChoice, ask_conflict
from cst_inclusion_desktop.ui.widgets.criteria_list import CriteriaTickList
from cst_inclusion_desktop.ui.widgets.date_field import OptionalDateEdit
from cst_inclusion_desktop.ui.widgets.errors import error_message
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    caption,
    error_label,
    fill_enum_combo,
    fill_principle_combo,
    fill_school_combo,
    named,
    save_cancel_buttons,
    select_data,
    set_error,
    warn_against_names,
)
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def field_message(expected: str) -> str:
    """The service's "expected …" text as a person reads it: words for field names and UK
    dates (the rules speak ISO, because the command line and files do)."""
    text = _ISO_DATE.sub(lambda match: f"{match[3]}/{match[2]}/{match[1]}", expected)
    for field in ACTION_FIELDS:
        text = text.replace(field, field.replace("_", " "))
    return f"Expected {text}"


def _typed_date(field: OptionalDateEdit) -> date | str | None:
    """The date, or the text as typed when it is not one, so the rules name the problem."""
    return field.text() if field.problem() else field.value()


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _camel(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


class ActionEditor(QDialog):
    """``ActionEditor(services, parent)`` for a new action, ``action_id=`` to edit one.

    After ``exec()`` returns Accepted, ``saved`` holds the saved ActionRecord.
    """

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        action_id: str | None = None,
        school_urn: str | None = None,
        principle: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.action_id = action_id
        self.saved: ActionRecord | None = None
        self.read_version: int | None = None  # the version shown: a save from it is guarded
        self.setObjectName("actionEditor")
        self.setAccessibleName("Edit action" if action_id else "New action")
        self.setWindowTitle("Edit action" if action_id else "New action")
        self._touched: set[str] = set()
        self._build()
        self._load(action_id, school_urn, principle)
        self._initial = self.values()
        self._connect()
        self.validate()

    # --- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.school_combo = named(QComboBox(), "schoolCombo", "School", "The school doing this")
        self.principle_combo = named(
            QComboBox(), "principleCombo", "Principle", "The principle this action works towards"
        )
        self.title_edit = named(QLineEdit(), "titleEdit", "Title", "A short name for the action")
        self.description_edit = named(
            QPlainTextEdit(),
            "descriptionEdit",
            "Description",
            "What will be done and why. No pupil names, please: this is a school-level record.",
        )
        self.description_edit.setTabChangesFocus(True)
        warn_against_names(self.description_edit, "What will be done and why.")
        self.description_edit.setMinimumHeight(48)  # room for every field at 150%
        self.owner_edit = named(QLineEdit(), "ownerEdit", "Owner", "Who leads this action")
        self.status_combo = named(QComboBox(), "statusCombo", "Status", "Where the action stands")
        fill_enum_combo(self.status_combo, Status)
        self.rag_combo = named(
            QComboBox(),
            "ragCombo",
            "RAG",
            "Not yet rated until the first review; red, amber or green set here outranks reviews",
        )
        fill_enum_combo(self.rag_combo, Rag, blank=rag_text(None))
        self.rag_follow_check = named(
            QCheckBox("&Follows latest review"),
            "ragFollowCheck",
            "RAG follows the latest review",
            "Untick to keep the RAG set here; tick to let the latest review set it again",
        )
        self.start_date = OptionalDateEdit("startDate", "Start date")
        self.due_date = OptionalDateEdit("dueDate", "Due date")
        self.completed_date = OptionalDateEdit("completedDate", "Completed date")
        self.area_combo = named(
            QComboBox(), "areaOfNeedCombo", "Area of need", "The SEND area of need, if one applies"
        )
        fill_enum_combo(self.area_combo, AreaOfNeed, blank="(none)")
        self.inputs: dict[str, QWidget] = {
            "school": self.school_combo,
            "principle": self.principle_combo,
            "title": self.title_edit,
            "description": self.description_edit,
            "owner": self.owner_edit,
            "status": self.status_combo,
            "rag": self.rag_combo,
            "start_date": self.start_date,
            "due_date": self.due_date,
            "completed_date": self.completed_date,
            "area_of_need": self.area_combo,
        }
        captions = {
            "school": "Sc&hool:",
            "principle": "&Principle:",
            "title": "&Title:",
            "description": "&Description:",
            "owner": "&Owner:",
            "status": "St&atus:",
            "rag": "&RAG:",
            "start_date": "Start dat&e:",
            "due_date": "D&ue date:",
            "completed_date": "&Completed date:",
            "area_of_need": "Area of &need:",
        }
        self.errors = {field: error_label(f"{_camel(field)}Error") for field in ACTION_FIELDS}
        grid = QGridLayout()
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        rag_row = QWidget()
        rag_layout = QHBoxLayout(rag_row)
        rag_layout.setContentsMargins(0, 0, 0, 0)
        rag_layout.addWidget(self.rag_combo, 1)
        rag_layout.addWidget(self.rag_follow_check)
        for row, field in enumerate(ACTION_FIELDS):
            label = caption(captions[field], self.inputs[field])
            top = field == "description"
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop if top else _LEFT)
            grid.addWidget(rag_row if field == "rag" else self.inputs[field], row, 1)
            grid.addWidget(self.errors[field], row, 2)
        self.criteria_list = CriteriaTickList("criteriaList")
        self.criteria_error = error_label("criteriaError")
        row = len(ACTION_FIELDS)
        criteria_label = caption("&Inspection criteria:", self.criteria_list)
        grid.addWidget(criteria_label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.criteria_list, row, 1)
        grid.addWidget(self.criteria_error, row, 2)
        self.form_error = error_label("formError")
        self.buttons = save_cancel_buttons(
            "saveButton",
            "cancelButton",
            save_tip="Save the action (available when every field is valid)",
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 760, 660)

    def _load(self, action_id: str | None, school_urn: str | None, principle: int | None) -> None:
        fill_school_combo(self.school_combo, self.services.schools.list())
        fill_principle_combo(self.principle_combo, self.services.trust.principles())
        self.rag_follow_check.setVisible(action_id is not None)
        criteria = self.services.criteria.list(include_retired=True)
        if action_id is None:
            self.criteria_list.set_criteria(criteria)
            if school_urn:
                select_data(self.school_combo, school_urn)
            if principle:
                select_data(self.principle_combo, principle)
            return
        # The record (and its version) first: a draft read after it is never older than the
        # version the save will claim to have seen.
        record = self.services.actions.get(action_id)
        draft = self.services.actions.draft_of(action_id)
        self.read_version = record.version
        if self.school_combo.findData(draft.school) < 0:  # an archived school keeps its actions
            self.school_combo.addItem(f"{record.school_name} ({record.urn})", record.urn)
        select_data(self.school_combo, draft.school)
        select_data(self.principle_combo, int(draft.principle))
        self.title_edit.setText(draft.title)
        self.description_edit.setPlainText(draft.description)
        self.owner_edit.setText(draft.owner)
        select_data(self.status_combo, Status.parse(draft.status))
        select_data(self.rag_combo, parse_rag(draft.rag))
        self.rag_follow_check.setChecked(not record.rag_overridden)
        self.rag_follow_check.setEnabled(record.rag_overridden)
        for field in ("start_date", "due_date", "completed_date"):
            widget = self.inputs[field]
            assert isinstance(widget, OptionalDateEdit)
            widget.set_value(getattr(draft, field))
        area = draft.area_of_need
        select_data(self.area_combo, AreaOfNeed.parse(area) if area else None)
        self.criteria_list.set_criteria(criteria, draft.criteria)

    def _connect(self) -> None:
        def changed(field: str) -> Any:
            return lambda *_: self._changed(field)

        for field, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(changed(field))
            elif isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.textChanged.connect(changed(field))
            elif isinstance(widget, OptionalDateEdit):
                widget.changed.connect(changed(field))
        self.rag_follow_check.toggled.connect(changed("rag"))
        self.criteria_list.changed.connect(changed("criteria"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    # --- state ------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {
            "school": self.school_combo.currentData() or "",
            "principle": self.principle_combo.currentData() or "",
            "title": self.title_edit.text(),
            "description": self.description_edit.toPlainText(),
            "owner": self.owner_edit.text(),
            "status": self.status_combo.currentData(),
            "rag": self.rag_combo.currentData(),
            "start_date": _typed_date(self.start_date),
            "due_date": _typed_date(self.due_date),
            "completed_date": _typed_date(self.completed_date),
            "area_of_need": self.area_combo.currentData(),
            "criteria": self.criteria_list.codes(),
        }

    def is_dirty(self) -> bool:
        return self.values() != self._initial or self._follow_requested()

    def _follow_requested(self) -> bool:
        return self.rag_follow_check.isEnabled() and self.rag_follow_check.isChecked()

    def _changed(self, field: str) -> None:
        self._touched.add(field)
        self.validate()

    def validate(self, *, show_all: bool = False) -> bool:
        """Check the form; show problems beside touched fields; enable Save only when valid."""
        problems: dict[str, str] = {}
        general = ""
        try:
            self.services.actions.validate(ActionDraft(**self.values()), self.action_id)
        except ValidationErrors as error:
            for problem in error.problems:
                problems.setdefault(problem.field, field_message(problem.expected))
        except ValidationError as error:
            problems[error.field] = field_message(error.expected)
        except InclusionError as error:
            general = error_message(error)
        for field, label in self.errors.items():
            shown = show_all or field in self._touched
            set_error(label, problems.get(field, "") if shown else "")
        set_error(self.criteria_error, problems.get("criterion", ""))
        general = general or next(
            (text for field, text in problems.items() if field not in {*self.errors, "criterion"}),
            "",
        )
        set_error(self.form_error, general)
        valid = not problems and not general
        self.save_button.setEnabled(valid)
        return valid

    # --- saving and closing -----------------------------------------------------------------
    def save(self) -> bool:
        if not self.validate(show_all=True):
            return False
        values = self.values()
        try:
            if self.action_id is None:
                self.saved = self.services.undo.add_action(ActionDraft(**values))
            else:
                changes = {k: v for k, v in values.items() if v != self._initial[k]}
                if self._follow_requested():
                    changes.pop("rag", None)
                    changes["rag_overridden"] = False
                self.saved = self._update(self.action_id, changes)
                if self.saved is None:
                    return False
        except InclusionError as error:
            set_error(self.form_error, error_message(error))
            return False
        self._initial = values
        self.accept()
        return True

    def _update(
        self, action_id: str, changes: dict[str, Any], overwrite: bool = False
    ) -> ActionRecord | None:
        """Save from the version shown; if someone saved since, ask what to do (None: not
        saved, the form is as it was or shows their version)."""
        try:
            return self.services.undo.update_action(
                action_id, changes, read_version=self.read_version, overwrite=overwrite
            )
        except ConflictError as error:
            choice = ask_conflict(self, error)
            if choice is ConflictChoice.OVERWRITE:
                self.read_version = error.current_version
                return self._update(action_id, changes, overwrite=True)
            if choice is ConflictChoice.RELOAD:
                self._reload_theirs()
                set_error(self.form_error, f"Showing the saved version: {error.message}.")
            else:
                set_error(self.form_error, f"Not saved: {error.message}.")
            return None

    def _reload_theirs(self) -> None:
        """The saved version in every field (the person chose it), as if just opened."""
        for widget in self.inputs.values():
            widget.blockSignals(True)
        try:
            self._load(self.action_id, None, None)
        finally:
            for widget in self.inputs.values():
                widget.blockSignals(False)
        self._initial = self.values()
        self._touched.clear()
        self.validate()

    def reject(self) -> None:
        if self.is_dirty():
            buttons = QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
            if self.validate(show_all=True):
                text = "This action has unsaved changes. Save them?"
                default = QMessageBox.StandardButton.Save
                buttons |= QMessageBox.StandardButton.Save
            else:  # Save cannot work: Enter must not throw the typing away either
                text = "This action has unsaved changes that cannot be saved yet (see the "
                text += "messages beside the fields). Discard them, or go back and fix them?"
                default = QMessageBox.StandardButton.Cancel
            answer = QMessageBox.question(self, self.windowTitle(), text, buttons, default)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
        super().reject()
