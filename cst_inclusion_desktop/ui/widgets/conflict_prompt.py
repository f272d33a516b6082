"""The question a save asks when someone else saved the same record first (no lost updates).

The person chooses to reload their colleague's version, to overwrite it knowingly (the audit
log records an overwrite), or to go back to the form with everything they typed still there.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.domain.errors import ConflictError


class ConflictChoice(Enum):
    RELOAD = "reload"
    OVERWRITE = "overwrite"
    CANCEL = "cancel"


def conflict_box(parent: QWidget | None, error: ConflictError) -> QMessageBox:
    """The message box, built but not shown (tests find its buttons by object name)."""
    box = QMessageBox(parent)
    box.setObjectName("conflictMessage")
    box.setAccessibleName("Changed by someone else")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(f"The {error.entity} was changed by someone else.")
    box.setInformativeText(
        f"{error.message[0].upper()}{error.message[1:]}.\n\n"
        "Reload their version to see it (what you typed here is set aside), overwrite it with "
        "yours (the record keeps both in its history), or cancel to go back to your changes."
    )
    reload_button = _button(
        box,
        "Reload &their version",
        "reloadTheirsButton",
        "Show the saved version; your changes here are not saved",
        QMessageBox.ButtonRole.AcceptRole,
    )
    _button(
        box,
        "&Overwrite with mine",
        "overwriteMineButton",
        "Save your changes over theirs; the history records that you overwrote them",
        QMessageBox.ButtonRole.DestructiveRole,
    )
    cancel = _button(
        box,
        "Cancel",
        "conflictCancelButton",
        "Go back to the form; nothing you typed is lost",
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(reload_button)
    box.setEscapeButton(cancel)
    return box


def ask_conflict(parent: QWidget | None, error: ConflictError) -> ConflictChoice:
    box = conflict_box(parent, error)
    box.exec()
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked is not None else ""
    if name == "reloadTheirsButton":
        return ConflictChoice.RELOAD
    if name == "overwriteMineButton":
        return ConflictChoice.OVERWRITE
    return ConflictChoice.CANCEL


def _button(
    box: QMessageBox, text: str, name: str, tip: str, role: QMessageBox.ButtonRole
) -> QPushButton:
    button = box.addButton(text, role)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    button.setToolTip(tip)
    return button
