"""The actions table's right-click menu (also the Menu key and Shift+F10): the commands that act
on the selected actions, gathered from the menus that own them, so a shortcut or a disabled
state is the same wherever the command is reached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

ENTRIES = (
    ("editActionAction", "addEvidenceAction", "addReviewAction"),
    ("setStatusAction", "setOwnerAction", "termlyReviewAction"),
    ("saveActionPdfAction", "printActionAction"),
    ("archiveActionAction", "restoreActionAction"),
)
"""Object names of the actions shown, in groups between separators."""


def table_menu(window: MainWindow) -> QMenu:
    menu = QMenu(window.table)
    menu.setObjectName("actionTableMenu")
    menu.setAccessibleName("Action commands")
    actions = {action.objectName(): action for action in window.findChildren(QAction)}
    for group in ENTRIES:
        found = [actions[name] for name in group if name in actions]
        if found and not menu.isEmpty():
            menu.addSeparator()
        menu.addActions(found)
    return menu


def install(window: MainWindow) -> None:
    table = window.table
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(position: QPoint) -> None:
        index = table.indexAt(position)
        if index.isValid() and not table.selectionModel().isRowSelected(index.row()):
            table.selectRow(index.row())
        menu = table_menu(window)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one menu per request, not a pile
        menu.popup(table.viewport().mapToGlobal(position))

    table.customContextMenuRequested.connect(show)
    # From the keyboard: the Menu key and Shift+F10, at the current row.
    keys = QAction("Action commands", table)
    keys.setObjectName("actionTableMenuKeys")
    keys.setShortcuts([QKeySequence(Qt.Key.Key_Menu), QKeySequence("Shift+F10")])
    keys.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    keys.triggered.connect(lambda: show(table.visualRect(table.currentIndex()).center()))
    table.addAction(keys)
