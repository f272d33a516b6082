"""THE date field every dialog uses: a date typed the UK way (01/09/2026, 1/9/2026, 2026-09-01,
1 Sep 2026) or picked from a calendar, read by the one rule in ``domain.validation``.

It is a line edit, not a QDateEdit: a QDateEdit with a dd/MM/yyyy format ignores a whole date
typed after Tab (DESIGN §7) and turns 01/09/2026 into 01/12/2026, and dates are typed far more
than picked. An optional field is unset by clearing its text; there is no check box to tick.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.validation import parse_date

UK_DATE_FORMAT = "dd/MM/yyyy"
DATE_HINT = "dd/mm/yyyy"


def uk_date(value: date | None, empty: str = "") -> str:
    return value.strftime("%d/%m/%Y") if value else empty


def due_text(value: date | None) -> str:
    """ "due 01/09/2026", or "no due date": how a heading says when an action is due."""
    return f"due {uk_date(value)}" if value else "no due date"


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _DateLineEdit(QLineEdit):
    """Alt+Down or F4 opens the calendar, as in a combo box."""

    calendar_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        opens = event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if opens:
            self.calendar_requested.emit()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date typed as dd/mm/yyyy (or picked from a calendar); optional unless ``required``.

    ``changed`` fires on every change of the text (typing, the calendar or ``set_value``),
    ``edited`` only on the person's own typing or picking. On leaving the field a date typed
    another way (1 Sep 2026) is shown back as dd/mm/yyyy, so the person sees what was understood.
    """

    changed = Signal()
    edited = Signal()

    def __init__(
        self,
        object_name: str,
        label: str,
        required: bool = True,
        *,
        edit_name: str = "",
        field: str = "",
    ) -> None:
        super().__init__()
        self.label = label
        self.field = field or label.lower()
        self.required = required
        self.setObjectName(object_name)
        self.setAccessibleName(label)
        self.edit = _DateLineEdit()
        tip = f"{label}: type dd/mm/yyyy (or 1 Sep 2026); F4 opens a calendar"
        if not required:
            tip += "; clear it to leave the date unset"
        self.edit.setObjectName(edit_name or f"{object_name}Edit")
        self.edit.setAccessibleName(label)
        self.edit.setToolTip(tip)
        self.edit.setStatusTip(tip)
        self.edit.setPlaceholderText(DATE_HINT if required else f"{DATE_HINT} (optional)")
        self.edit.textEdited.connect(self.edited)
        self.edit.textChanged.connect(self.changed)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.calendar_requested.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None  # made on first use: most dates are typed
        self.pick = QToolButton()
        self.pick.setObjectName(f"{object_name}Pick")
        self.pick.setAccessibleName(f"Pick {label.lower()} from a calendar")
        self.pick.setToolTip(f"Pick {label.lower()} from a calendar (F4)")
        self.pick.setText("…")
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field; F4 opens it
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pick)
        menu.aboutToShow.connect(self._show_calendar)
        self.pick.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def value(self) -> date | None:
        """The date typed; raises ValidationError naming the field when it is not a date."""
        return parse_date(self.edit.text(), self.field, required=self.required)

    def problem(self) -> ValidationError | None:
        """What is wrong with the text typed, if anything (for an inline message)."""
        try:
            self.value()
        except ValidationError as error:
            return error
        return None

    def set_value(self, value: date | None) -> None:
        self.edit.setText(uk_date(value))

    def open_calendar(self) -> None:
        # popup, not showMenu(): the field's keys must not wait on a nested event loop
        self.pick.menu().popup(self.pick.mapToGlobal(self.pick.rect().bottomLeft()))

    def _tidy(self) -> None:
        try:
            value = self.value()
        except ValidationError:
            return  # left as typed, so the person can see and fix it
        if value is not None and self.edit.text() != uk_date(value):
            self.edit.setText(uk_date(value))

    def _show_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget()
            self.calendar.setObjectName(f"{self.objectName()}Calendar")
            self.calendar.setAccessibleName(f"{self.label}: calendar")
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)  # Enter on a day
            holder = QWidgetAction(self.pick.menu())
            holder.setDefaultWidget(self.calendar)
            self.pick.menu().addAction(holder)
        current = None if self.problem() else self.value()
        if current is not None:
            self.calendar.setSelectedDate(to_qdate(current))
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.set_value(from_qdate(day))
        self.pick.menu().hide()
        self.edit.setFocus()
        self.edited.emit()


class OptionalDateEdit(DateField):
    """A date that may be left unset: type it to set it, clear the text to unset it."""

    def __init__(self, object_name: str, accessible: str, *, field: str = "") -> None:
        super().__init__(
            object_name, accessible, required=False, edit_name=f"{object_name}Date", field=field
        )
