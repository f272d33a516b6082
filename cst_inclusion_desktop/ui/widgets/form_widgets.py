"""Small form pieces the editor and dialogs share: named widgets, enum and principle combos,
(dates live in ``date_field``) and the inline error label shown beside a field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.enums import LabelledEnum
from cst_inclusion_desktop.domain.records import PrincipleRecord, SchoolRecord
from cst_inclusion_desktop.ui.widgets.date_field import DateField
from cst_inclusion_desktop.ui.widgets.date_field import uk_date as uk_date  # shared by tables

W = TypeVar("W", bound=QWidget)
E = TypeVar("E", bound=LabelledEnum)


NO_PUPIL_NAMES = "No pupils' names or dates of birth here: this is a school-level record."
"""The warning every free-text field shows while empty (docs/data-protection.md says why)."""


def warn_against_names(edit: QLineEdit | QPlainTextEdit, example: str = "") -> None:
    """Show the no-pupil-names warning as the field's placeholder, after an example if given
    (a one-line field gets its first sentence: the whole would be cut off)."""
    warning = (
        NO_PUPIL_NAMES if isinstance(edit, QPlainTextEdit) else NO_PUPIL_NAMES.split(":")[0] + "."
    )
    edit.setPlaceholderText(f"{example} {warning}".strip())


def named(widget: W, object_name: str, accessible: str, tip: str = "") -> W:
    """Give a widget the stable object name, accessible name and tooltip automation relies on."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    if tip:
        widget.setToolTip(tip)
        widget.setStatusTip(tip)
    return widget


def fill_enum_combo(combo: QComboBox, kind: type[E], blank: str | None = None) -> None:
    """Items show each member's label and carry the member; ``blank`` adds a None first item."""
    combo.clear()
    if blank is not None:
        combo.addItem(blank, None)
    for member in kind:
        combo.addItem(member.label, member)


def fill_principle_combo(
    combo: QComboBox, principles: Iterable[PrincipleRecord], blank: str | None = None
) -> None:
    """ "N. title" so nobody has to remember what principle 3 is; the item data is N."""
    combo.clear()
    if blank is not None:
        combo.addItem(blank, 0)
    for principle in principles:
        combo.addItem(f"{principle.number}. {principle.title}", principle.number)
        combo.setItemData(
            combo.count() - 1, principle.summary or principle.title, Qt.ItemDataRole.ToolTipRole
        )


def fill_school_combo(combo: QComboBox, schools: Iterable[SchoolRecord]) -> None:
    combo.clear()
    for school in schools:
        combo.addItem(f"{school.name} ({school.urn})", school.urn)


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def caption(text: str, field: QWidget) -> QLabel:
    """A label whose Alt+letter moves focus to ``field`` (a date field: into its text)."""
    label = QLabel(text)
    label.setBuddy(field.edit if isinstance(field, DateField) else field)
    return label


def warning_colour() -> str:
    """A red that reads well on the current palette: darker on light themes, lighter on dark."""
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return "#ff8a80" if window.lightness() < 128 else "#c62828"


def error_label(object_name: str) -> QLabel:
    """The inline message beside a field; empty (and so invisible) while the field is fine."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName("Problem with this field")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {warning_colour()};")
    label.setVisible(False)
    return label


def set_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setAccessibleDescription(message)
    label.setVisible(bool(message))


def save_cancel_buttons(
    save_name: str,
    cancel_name: str,
    *,
    save_label: str = "Save",
    save_tip: str = "",
    cancel_tip: str = "Close without saving (Esc)",
) -> QDialogButtonBox:
    """The Save/Cancel row every editing dialog ends with, named for automation."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    named(buttons.button(QDialogButtonBox.StandardButton.Save), save_name, save_label, save_tip)
    named(buttons.button(QDialogButtonBox.StandardButton.Cancel), cancel_name, "Cancel", cancel_tip)
    return buttons


def lay_out_form_dialog(
    dialog: QDialog,
    form: QLayout,
    error: QLabel,
    buttons: QDialogButtonBox,
    save: Callable[[], object],
) -> None:
    """The shape of a small editing dialog: the form, its error line, then Save/Cancel."""
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)


def dates_ok(fields: Sequence[DateField], error: QLabel, save: QPushButton) -> bool:
    """Check each date field; show the first problem inline and allow Save only when none."""
    for field in fields:
        problem = field.problem()
        if problem is not None:
            set_error(
                error,
                f"{field.label}: {problem.value!r} is not a date — expected a date "
                "as dd/mm/yyyy, such as 01/09/2026",
            )
            save.setEnabled(False)
            return False
    set_error(error, "")
    save.setEnabled(True)
    return True


def watch_dates(fields: Sequence[DateField], error: QLabel, save: QPushButton) -> None:
    """Re-check the dates as they are typed, so a 31/02/2027 is flagged before Save."""
    for field in fields:
        field.changed.connect(lambda *_: dates_ok(fields, error, save))


def commit_open_editors(root: QWidget) -> None:
    """Finish any cell still being typed in under ``root`` before its values are read.

    A button's shortcut (Alt+T) does not move focus, so a table cell's editor would otherwise
    keep what was typed to itself and the form would read the cell as empty.
    """
    for view in root.findChildren(QAbstractItemView):
        if view.state() != QAbstractItemView.State.EditingState:
            continue
        for editor in view.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            if view.indexAt(editor.geometry().center()).isValid() and editor.isVisible():
                view.commitData(editor)
                view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
