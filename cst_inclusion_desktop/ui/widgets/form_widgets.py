"""Small form pieces the editor and dialogs share: named widgets, enum and principle combos,
an optional UK-format date field and the inline error label shown beside a field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.enums import LabelledEnum
from cst_inclusion_desktop.domain.records import PrincipleRecord, SchoolRecord

UK_DATE_FORMAT = "dd/MM/yyyy"
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


def uk_date(value: date | None, empty: str = "") -> str:
    return value.strftime("%d/%m/%Y") if value else empty


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


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


class OptionalDateEdit(QWidget):
    """A date that may be left unset: a "Set" check box beside a dd/MM/yyyy date picker.

    A check box (rather than a magic "no date" value) keeps the keyboard path obvious.
    """

    changed = Signal()

    def __init__(self, object_name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible)
        self.check = named(
            QCheckBox("Set"), f"{object_name}Set", f"{accessible}: set", f"Tick to set {accessible}"
        )
        self.edit = named(
            QDateEdit(), f"{object_name}Date", accessible, f"{accessible} (dd/mm/yyyy)"
        )
        self.edit.setDisplayFormat(UK_DATE_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        if value is not None:
            self.edit.setDate(to_qdate(value))
        self.check.setChecked(value is not None)


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
