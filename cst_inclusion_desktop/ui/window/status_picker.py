"""The status filter: a drop-down of checkable statuses with an "Open" choice on top (planned,
in progress, on hold: domain/definitions.py's one definition), so several can be shown at once.

The menu stays open while statuses are ticked (Space or Enter ticks the highlighted one,
Escape closes it), as a checkable list in a desktop app does.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from cst_inclusion_desktop.domain.enums import Status
from cst_inclusion_desktop.domain.filters import OPEN_LABEL, OPEN_STATUSES, statuses_text
from cst_inclusion_desktop.ui.widgets.form_widgets import named

_TICK_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _StayOpen(QObject):
    """Ticking an entry keeps the menu open (a QMenu closes on every trigger otherwise)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QMenu):
            return False
        action = None
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            action = watched.actionAt(event.position().toPoint())
        elif isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            action = watched.activeAction() if event.key() in _TICK_KEYS else None
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return True
        return False


class StatusPicker(QToolButton):
    """Emits ``statusesChanged`` when the ticked statuses change (none ticked: all statuses)."""

    statusesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "statusFilter", "Status filter", "Show actions with the ticked statuses")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.status_menu = QMenu(self)
        self.status_menu.setObjectName("statusFilterMenu")
        self.status_menu.setAccessibleName("Statuses to show")
        self._stay_open = _StayOpen(self)
        self.status_menu.installEventFilter(self._stay_open)
        self.open_action = self._add(
            OPEN_LABEL, "statusFilterOpen", "Planned, in progress, on hold"
        )
        self.all_action = self._add("All statuses", "statusFilterAll", "Show every status")
        self.status_menu.addSeparator()
        self.status_actions: dict[Status, QAction] = {
            status: self._add(status.label, f"statusFilter_{status.token}", "") for status in Status
        }
        self.open_action.triggered.connect(lambda: self.set_statuses(OPEN_STATUSES))
        self.all_action.triggered.connect(lambda: self.set_statuses(Status))
        for action in self.status_actions.values():
            action.triggered.connect(lambda _checked=False: self._changed())
        self.setMenu(self.status_menu)
        self.set_statuses(OPEN_STATUSES, quiet=True)

    def _add(self, text: str, name: str, tip: str) -> QAction:
        action = self.status_menu.addAction(text)
        action.setObjectName(name)
        action.setCheckable(True)
        if tip:
            action.setToolTip(tip)
        return action

    def statuses(self) -> tuple[Status, ...]:
        chosen = tuple(s for s, action in self.status_actions.items() if action.isChecked())
        return () if len(chosen) == len(Status) else chosen

    def set_statuses(self, statuses: Iterable[Status], *, quiet: bool = False) -> None:
        """Tick these statuses (none: every status, as the filter means no narrowing)."""
        wanted = set(statuses) or set(Status)
        for status, action in self.status_actions.items():
            action.setChecked(status in wanted)
        self._changed(quiet=quiet)

    def _changed(self, *, quiet: bool = False) -> None:
        chosen = self.statuses()
        self.open_action.setChecked(chosen == OPEN_STATUSES)
        self.all_action.setChecked(not chosen)
        text = statuses_text(chosen)
        self.setText(text)
        self.setAccessibleDescription(f"Showing: {text}")
        if not quiet:
            self.statusesChanged.emit()
