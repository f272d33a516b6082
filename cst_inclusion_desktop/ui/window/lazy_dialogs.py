"""Menu entries whose dialog module is imported the first time the entry is used.

The window's menus are built at start, but the modules behind them (the board paper dialog and
ReportLab's data model, pack keys and their cryptography, the import wizard, the check) are not
needed for the first paint: each entry names its opener as ``"package.module:function"`` and the
module is imported when the user first chooses it. Entries are declared in ``extensions.py``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from cst_inclusion_desktop.domain.records import SchoolRecord

PACKAGE = "cst_inclusion_desktop.ui."


def resolve(target: str) -> Callable[..., object]:
    """The function ``target`` names, its module imported now."""
    module_name, _, function_name = target.partition(":")
    opener: Callable[..., object] = getattr(
        importlib.import_module(PACKAGE + module_name), function_name
    )
    return opener


def opened_on_use(target: str) -> Callable[..., object]:
    """A function that imports ``target``'s module (under ``ui/``) when called, then calls
    its function with the same arguments."""

    def open_now(*arguments: object) -> object:
        return resolve(target)(*arguments)

    return open_now


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """One item of a window menu: ``opens`` is called with the window."""

    menu: str
    name: str
    text: str
    status_tip: str
    opens: str
    tool_tip: str = ""  # empty: Qt's default, the text without its '&'
    shortcut: str = ""
    separator_before: bool = False
    on_toolbar: bool = False
    about_role: bool = False


@dataclass(frozen=True, slots=True)
class SchoolEntry:
    """One item of a school's right-click menu: ``opens`` is called with (window, school).
    ``status_tip`` may name the school as ``{name}``."""

    name: str
    text: str
    opens: str
    status_tip: str = ""


def install_entries(
    window: Any, entries: tuple[MenuEntry, ...], school_entries: tuple[SchoolEntry, ...]
) -> None:
    """Add the entries to the window's menus, toolbar and school menu, in the order given."""
    for entry in entries:
        menu = window.menu(entry.menu)
        if entry.separator_before:
            menu.addSeparator()
        action = _menu_action(window, entry)
        menu.addAction(action)
        if entry.on_toolbar:
            window.main_toolbar().addAction(action)
    for school_entry in school_entries:
        window.add_school_context_action(
            lambda menu, school, each=school_entry: _school_action(window, each, menu, school)
        )


def _menu_action(window: Any, entry: MenuEntry) -> QAction:
    action = QAction(entry.text, window.widget())
    action.setObjectName(entry.name)
    action.setStatusTip(entry.status_tip)
    if entry.tool_tip:
        action.setToolTip(entry.tool_tip)
    if entry.shortcut:
        action.setShortcut(QKeySequence(entry.shortcut))
    if entry.about_role:
        action.setMenuRole(QAction.MenuRole.AboutRole)
    open_now = opened_on_use(entry.opens)
    action.triggered.connect(lambda _checked=False: open_now(window))
    return action


def _school_action(window: Any, entry: SchoolEntry, menu: QMenu, school: SchoolRecord) -> QAction:
    item = menu.addAction(entry.text)
    item.setObjectName(entry.name)
    if entry.status_tip:
        item.setStatusTip(entry.status_tip.format(name=school.name))
    open_now = opened_on_use(entry.opens)
    item.triggered.connect(lambda _checked=False: open_now(window, school))
    return item
