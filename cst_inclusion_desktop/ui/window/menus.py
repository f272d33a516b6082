"""The main window's menus, toolbar and keyboard shortcuts, declared in one place.

Menu extensions (report, import/export, packs, backup, about) then add their own entries via
``window.menu(name)``; this module only creates what the main window itself owns.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from cst_inclusion_desktop.ui.window.window_api import MenuHost

MENU_TITLES = {
    "file": "&File",
    "edit": "&Edit",
    "view": "&View",
    "tools": "&Tools",
    "help": "&Help",
}


@dataclass
class WindowActions:
    new_database: QAction
    open_database: QAction
    quit: QAction
    new_action: QAction
    edit_action: QAction
    archive_action: QAction
    add_evidence: QAction
    add_school_evidence: QAction
    add_review: QAction
    find: QAction
    show_actions: QAction
    show_overview: QAction
    refresh: QAction
    framework: QAction
    criteria: QAction
    schools: QAction
    settings: QAction

    def editing(self) -> list[QAction]:
        """The actions that change data: disabled while the database is read-only."""
        return [
            self.new_action,
            self.edit_action,
            self.archive_action,
            self.add_evidence,
            self.add_school_evidence,
            self.add_review,
        ]


def _action(
    window: MenuHost,
    text: str,
    name: str,
    tip: str,
    slot: Callable[[], object],
    shortcut: str | QKeySequence.StandardKey | None = None,
) -> QAction:
    action = QAction(text, window.widget())
    action.setObjectName(name)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(window: MenuHost) -> tuple[dict[str, QMenu], QToolBar, WindowActions]:
    w = window
    actions = WindowActions(
        new_database=_action(
            w, "&New database…", "newDatabaseAction", "Start a new trust database", w.new_database
        ),
        open_database=_action(
            w,
            "&Open database…",
            "openDatabaseAction",
            "Open another trust database",
            w.open_database,
            QKeySequence.StandardKey.Open,
        ),
        quit=_action(w, "&Quit", "quitAction", "Close the app", w.widget().close, "Ctrl+Q"),
        new_action=_action(
            w,
            "&New action…",
            "newActionAction",
            "Log a new action (Ctrl+N)",
            w.new_action,
            "Ctrl+N",
        ),
        edit_action=_action(
            w,
            "&Edit action…",
            "editActionAction",
            "Edit the selected action (Enter)",
            w.edit_selected_action,
        ),
        archive_action=_action(
            w,
            "&Archive action",
            "archiveActionAction",
            "Archive the selected action",
            w.archive_selected_action,
        ),
        add_evidence=_action(
            w,
            "Add e&vidence…",
            "addEvidenceAction",
            "Add evidence to the selected action",
            w.add_evidence,
            "Ctrl+E",
        ),
        add_school_evidence=_action(
            w,
            "Add evidence &without an action…",
            "addSchoolEvidenceAction",
            "Record evidence against a school and principle",
            w.add_school_evidence,
        ),
        add_review=_action(
            w,
            "Add &review…",
            "addReviewAction",
            "Review the selected action",
            w.add_review,
            "Ctrl+R",
        ),
        find=_action(
            w, "&Find…", "findAction", "Search the actions (Ctrl+F)", w.focus_search, "Ctrl+F"
        ),
        show_actions=_action(
            w,
            "&Actions",
            "showActionsAction",
            "Show the actions table (Ctrl+1)",
            lambda: w.show_tab(0),
            "Ctrl+1",
        ),
        show_overview=_action(
            w,
            "Trust &overview",
            "showOverviewAction",
            "Show the trust overview (Ctrl+2)",
            lambda: w.show_tab(1),
            "Ctrl+2",
        ),
        refresh=_action(
            w, "&Refresh", "refreshAction", "Reload everything (F5)", w.refresh_all, "F5"
        ),
        framework=_action(
            w,
            "&Framework…",
            "frameworkAction",
            "View and edit the principles",
            lambda: open_tool_dialog(w, "framework_dialog", "FrameworkDialog"),
        ),
        criteria=_action(
            w,
            "&Inspection criteria…",
            "criteriaAction",
            "View and edit the inspection criteria actions and evidence are tagged with",
            lambda: open_tool_dialog(w, "criteria_dialog", "CriteriaDialog"),
        ),
        schools=_action(
            w,
            "&Schools…",
            "schoolsAction",
            "Add, edit and archive schools",
            lambda: open_tool_dialog(w, "schools_dialog", "SchoolsDialog"),
        ),
        settings=_action(
            w,
            "S&ettings…",
            "settingsAction",
            "Your name, default school, backup folder",
            lambda: open_tool_dialog(w, "settings_dialog", "SettingsDialog"),
            "Ctrl+,",
        ),
    )
    menus: dict[str, QMenu] = {}
    for key, title in MENU_TITLES.items():
        menu = w.widget().menuBar().addMenu(title)
        menu.setObjectName(f"{key}Menu")
        menu.setAccessibleName(title.replace("&", ""))
        menus[key] = menu
    recent = QMenu("&Recent databases", w.widget())
    recent.setObjectName("recentDatabasesMenu")
    recent.setAccessibleName("Recent databases")
    recent.aboutToShow.connect(lambda: fill_recent_menu(w, recent))
    menus["file"].addActions([actions.new_database, actions.open_database])
    menus["file"].addMenu(recent)
    menus["file"].addSeparator()
    menus["edit"].addActions([actions.new_action, actions.edit_action, actions.archive_action])
    menus["edit"].addSeparator()
    menus["edit"].addActions(
        [actions.add_evidence, actions.add_school_evidence, actions.add_review]
    )
    menus["edit"].addSeparator()
    menus["edit"].addAction(actions.find)
    menus["view"].addActions([actions.show_actions, actions.show_overview])
    menus["view"].addSeparator()
    menus["view"].addAction(actions.refresh)
    menus["tools"].addActions(
        [actions.framework, actions.criteria, actions.schools, actions.settings]
    )
    toolbar = QToolBar("Main toolbar", w.widget())
    toolbar.setObjectName("mainToolbar")
    toolbar.setAccessibleName("Main toolbar")
    toolbar.addActions(
        [actions.new_action, actions.edit_action, actions.add_evidence, actions.add_review]
    )
    toolbar.addSeparator()
    toolbar.addAction(actions.refresh)
    w.widget().addToolBar(toolbar)
    return menus, toolbar, actions


def finish_file_menu(menu: QMenu, quit_action: QAction) -> None:
    """Quit goes last, after whatever extensions added to the File menu."""
    menu.addSeparator()
    menu.addAction(quit_action)


def fill_recent_menu(window: MenuHost, menu: QMenu) -> None:
    """File ▸ Recent databases, rebuilt each time it opens from the remembered list."""
    menu.clear()
    for path in window.prefs.recent_databases():
        action = menu.addAction(path)
        action.triggered.connect(lambda _checked=False, p=path: window.open_database(p))
    if menu.isEmpty():
        menu.addAction("(none yet)").setEnabled(False)


def open_tool_dialog(window: MenuHost, module: str, class_name: str) -> None:
    """Tools ▸ Framework/Inspection criteria/Schools/Settings: each dialog is its own module,
    imported when first used, built as ``Dialog(services, parent)``; accepting it may change
    anything shown."""
    dialog_class = getattr(
        importlib.import_module(f"cst_inclusion_desktop.ui.records.{module}"), class_name
    )
    if dialog_class(window.services, window.widget()).exec():
        window.refresh_all()
