"""Small layout pieces the framework, schools and settings dialogs share."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget


def add_field_row(
    form: QFormLayout, text: str, field: QWidget, error: QLabel | None = None
) -> QLabel:
    """A form row whose label is the field's keyboard buddy (Alt+letter jumps to it), with the
    inline error label stacked under the field so a hidden error takes no space."""
    label = QLabel(text)
    label.setBuddy(field)
    if error is None:
        form.addRow(label, field)
        return label
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    form.addRow(label, box)
    return label
