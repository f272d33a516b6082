"""Help ▸ User guide (F1) and Help ▸ Keyboard shortcuts.

The guide is an HTML page shipped in resources/help/ (found through importlib.resources, so a
wheel and the frozen bundle behave the same) with its screenshots beside it; its rules section
is the docstring of domain/definitions.py, put in when the page opens, so the guide says what
the code does. The shortcuts list is read from the window's own actions when it opens, so it
cannot drift from the menus. Links never leave the app: the browser opens no network address.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop import APP_NAME, paths
from cst_inclusion_desktop.domain import definitions
from cst_inclusion_desktop.ui.widgets.form_widgets import named
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

GUIDE_FILE = "guide.html"
RULES_MARK = "{{definitions}}"


def rules_html() -> str:
    """domain/definitions.py's rules (its docstring's bullets) as an HTML list."""
    text = definitions.__doc__ or ""
    items: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("- "):
            items.append(stripped[2:])
        elif stripped and items and line.startswith("  "):
            items[-1] += " " + stripped
    rendered = []
    for item in items:
        term, _, rest = item.partition(":")
        rendered.append(f"<li><b>{html.escape(term.replace('*', ''))}</b>:{html.escape(rest)}</li>")
    return "<ul>" + "".join(rendered) + "</ul>"


def guide_html() -> str:
    page = paths.resource("help", GUIDE_FILE).read_text(encoding="utf-8")
    return page.replace(RULES_MARK, rules_html())


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuideDialog")
        self.setAccessibleName("User guide")
        self.setWindowTitle(f"User guide — {APP_NAME}")
        self.browser = named(QTextBrowser(), "userGuideBrowser", "User guide text")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)  # nothing leaves the app
        self.browser.setSearchPaths([str(paths.resource("help"))])
        self.browser.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("userGuideButtons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 640)

    def show_section(self, anchor: str) -> None:
        self.browser.scrollToAnchor(anchor)


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(keys, command, tip) for every action of the window that has a shortcut."""
    rows: dict[tuple[str, str], str] = {}
    for action in window.findChildren(QAction):
        keys = [
            sequence.toString(QKeySequence.SequenceFormat.NativeText)
            for sequence in action.shortcuts()
            if not sequence.isEmpty()
        ]
        if not keys or not action.text():
            continue
        command = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        rows.setdefault((" or ".join(keys), command.rstrip("…").strip()), action.statusTip())
    return sorted(((k, c, t) for (k, c), t in rows.items()), key=lambda row: row[1].lower())


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setAccessibleName("Keyboard shortcuts")
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(window)
        self.table = named(QTableWidget(len(rows), 3), "shortcutsTable", "Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Command", "What it does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 520)


def install(window: MainWindow) -> None:
    menu = window.menu("help")
    guide = QAction("&User guide", window)
    guide.setObjectName("userGuideAction")
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.setStatusTip("Everyday tasks, what the figures mean and a glossary (offline)")
    guide.triggered.connect(lambda: UserGuideDialog(window).exec())
    keys = QAction("&Keyboard shortcuts", window)
    keys.setObjectName("keyboardShortcutsAction")
    keys.setShortcut(QKeySequence("Ctrl+/"))
    keys.setStatusTip("Every keyboard shortcut of the main window")
    keys.triggered.connect(lambda: ShortcutsDialog(window).exec())
    if menu.actions():  # before About and whatever else is there, then a separator
        first = menu.actions()[0]
        menu.insertActions(first, [guide, keys])
        menu.insertSeparator(first)
    else:
        menu.addActions([guide, keys])
