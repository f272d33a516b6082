"""The list of schools on the left, with "All schools" at the top.

Other parts of the app (the report extension, for one) add entries to a school's context menu
through ``add_context_action`` without this widget knowing about them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu, QWidget

from cst_inclusion_desktop.domain.records import SchoolRecord

ContextHook = Callable[[QMenu, SchoolRecord], None]
ALL_SCHOOLS = "All schools"


class SchoolList(QListWidget):
    """Emits ``schoolChanged`` with the chosen SchoolRecord, or None for all schools."""

    schoolChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schoolList")
        self.setAccessibleName("Schools")
        self.setToolTip("Choose a school to see its actions; right-click for more")
        self.setStatusTip("Choose a school to see its actions")
        self.setSpacing(2)
        self.setWordWrap(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_context_menu)
        self.currentItemChanged.connect(lambda *_: self.schoolChanged.emit(self.selected_school()))
        self._hooks: list[ContextHook] = []
        self.set_schools([])

    def set_schools(self, schools: Iterable[SchoolRecord]) -> None:
        """Refill the list, keeping the selected school if it is still there (no signal)."""
        keep = self.selected_school()
        self.blockSignals(True)
        self.clear()
        self.addItem(_item(ALL_SCHOOLS, None))
        for school in schools:
            self.addItem(_item(f"{school.name}\nURN {school.urn}", school))
        self.setCurrentRow(0)
        if keep is not None:
            self._select_id(keep.id)
        self.blockSignals(False)

    def selected_school(self) -> SchoolRecord | None:
        item = self.currentItem()
        school = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return school if isinstance(school, SchoolRecord) else None

    def select_school(self, school_id: str) -> None:
        """Select a school by id ("" selects "All schools"); emits schoolChanged if it moves."""
        if not school_id:
            self.setCurrentRow(0)
        else:
            self._select_id(school_id)

    def add_context_action(self, hook: ContextHook) -> None:
        self._hooks.append(hook)

    def context_menu_for(self, school: SchoolRecord) -> QMenu:
        """The menu a right-click on ``school`` shows, built from every registered hook."""
        menu = QMenu(self)
        menu.setObjectName("schoolContextMenu")
        menu.setAccessibleName(f"Actions for {school.name}")
        for hook in self._hooks:
            hook(menu, school)
        return menu

    def _select_id(self, school_id: str) -> None:
        for row in range(1, self.count()):
            school = self.item(row).data(Qt.ItemDataRole.UserRole)
            if school is not None and school.id == school_id:
                self.setCurrentRow(row)
                return

    def _show_context_menu(self, position: QPoint) -> None:
        item = self.itemAt(position)
        school = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if school is None:
            return
        menu = self.context_menu_for(school)
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(position))


def _item(text: str, school: SchoolRecord | None) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, school)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ", "))
    if school is not None:
        item.setToolTip(f"{school.name} — {school.phase.label}, SENCO {school.senco or 'not set'}")
    return item
