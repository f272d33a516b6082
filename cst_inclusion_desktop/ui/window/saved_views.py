"""Saved views in the filter bar: the built-in ones a SENCO works from (Open actions, My open
actions, Reviews due, Red or overdue, All actions) and the user's own saved filters, which can
be saved, renamed and deleted. The chosen view is remembered in the preferences.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QInputDialog, QLabel, QMenu, QToolButton, QWidget

from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.filters import (
    BUILT_IN_VIEWS,
    DEFAULT_VIEW,
    SavedView,
    ViewKind,
    built_in_view,
)
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.widgets.form_widgets import named
from cst_inclusion_desktop.ui.window.filter_bar import FilterBar

if TYPE_CHECKING:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

VIEWS_KEY = "saved_views"
CURRENT_KEY = "current_view"
CUSTOM_DATA = "custom"
CUSTOM_TEXT = "Custom filter"
SAVED_PREFIX = "saved:"


def load_views(prefs: Prefs) -> list[SavedView]:
    """The user's saved views; a damaged entry is skipped (logged without its text)."""
    try:
        items = json.loads(prefs.text(VIEWS_KEY, "[]"))
    except ValueError:
        log.warning("saved views: preferences entry is not JSON; ignored")
        return []
    views: list[SavedView] = []
    for item in items if isinstance(items, list) else []:
        try:
            views.append(SavedView.from_json(item if isinstance(item, dict) else {}))
        except InclusionError:
            log.warning("saved views: one damaged entry ignored")
    return views


def store_views(prefs: Prefs, views: list[SavedView]) -> None:
    prefs.set_text(VIEWS_KEY, json.dumps([view.to_json() for view in views]))
    prefs.sync()


class ViewPicker(QWidget):
    """The "View:" drop-down and its Views menu; drives a FilterBar."""

    def __init__(self, bar: FilterBar, prefs: Prefs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = bar
        self.prefs = prefs
        self.views = load_views(prefs)
        self.combo = named(
            QComboBox(), "viewCombo", "Saved view", "Choose a saved view of the actions"
        )
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(8)
        self.label = QLabel("Showin&g:")
        self.label.setBuddy(self.combo)
        self.button = named(
            QToolButton(), "viewMenuButton", "Views menu", "Save, rename or delete your views"
        )
        self.button.setText("Views")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        menu.setObjectName("viewMenu")
        self.save_action = menu.addAction("&Save view…")
        self.save_action.setObjectName("saveViewAction")
        self.save_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_action.triggered.connect(lambda: self.save_view())
        self.rename_action = menu.addAction("&Rename view…")
        self.rename_action.setObjectName("renameViewAction")
        self.rename_action.triggered.connect(lambda: self.rename_view())
        self.delete_action = menu.addAction("&Delete view")
        self.delete_action.setObjectName("deleteViewAction")
        self.delete_action.triggered.connect(lambda: self.delete_view())
        self.button.setMenu(menu)
        self._fill(self.prefs.text(CURRENT_KEY, DEFAULT_VIEW.value))
        self.combo.currentIndexChanged.connect(lambda _index: self._chosen())
        bar.controlsEdited.connect(self._show_custom)

    # --- choices ----------------------------------------------------------------------------
    def _fill(self, current: str) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for kind, name in BUILT_IN_VIEWS.items():
            self.combo.addItem(name, kind.value)
        if self.views:
            self.combo.insertSeparator(self.combo.count())
        for view in self.views:
            self.combo.addItem(view.name, SAVED_PREFIX + view.name)
        index = self.combo.findData(current)
        if index < 0 and current == CUSTOM_DATA:
            self.combo.addItem(CUSTOM_TEXT, CUSTOM_DATA)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self._enable()

    def current_data(self) -> str:
        return str(self.combo.currentData() or DEFAULT_VIEW.value)

    def current_view(self) -> SavedView | None:
        data = self.current_data()
        if data.startswith(SAVED_PREFIX):
            name = data.removeprefix(SAVED_PREFIX)
            return next((view for view in self.views if view.name == name), None)
        if data == CUSTOM_DATA:
            return None
        return built_in_view(ViewKind(data))

    def apply_current(self) -> None:
        """Show the chosen view in the bar (once at start, then on each choice)."""
        view = self.current_view()
        if view is not None:
            self.bar.show_view(view)

    def _chosen(self) -> None:
        if self.current_data() != CUSTOM_DATA:
            custom = self.combo.findData(CUSTOM_DATA)
            if custom >= 0:
                self.combo.blockSignals(True)
                self.combo.removeItem(custom)
                self.combo.blockSignals(False)
        self.prefs.set_text(CURRENT_KEY, self.current_data())
        self.prefs.sync()
        self._enable()
        self.apply_current()

    def _show_custom(self) -> None:
        """A control changed by hand: the table now shows a custom filter, not the view."""
        self._fill(CUSTOM_DATA)
        self.prefs.set_text(CURRENT_KEY, CUSTOM_DATA)

    def _enable(self) -> None:
        own = self.current_data().startswith(SAVED_PREFIX)
        self.rename_action.setEnabled(own)
        self.delete_action.setEnabled(own)
        tip = "" if own else "Choose one of your saved views first"
        self.rename_action.setToolTip(tip)
        self.delete_action.setToolTip(tip)

    # --- save, rename, delete ---------------------------------------------------------------
    def _ask_name(self, title: str, current: str = "") -> str | None:
        text, accepted = QInputDialog.getText(self, title, "Name of the view:", text=current)
        name = " ".join(text.split())
        if not accepted or not name:
            return None
        if name in BUILT_IN_VIEWS.values():
            name = f"{name} (mine)"
        return name

    def save_view(self, name: str | None = None) -> None:
        """Save what the filter bar shows now under a name (replacing one of that name)."""
        name = name or self._ask_name("Save view")
        if not name:
            return
        view = self.bar.controls_view(name)
        self.views = [other for other in self.views if other.name != name] + [view]
        store_views(self.prefs, self.views)
        self._fill(SAVED_PREFIX + name)
        self.prefs.set_text(CURRENT_KEY, SAVED_PREFIX + name)
        self.bar.view_kind = ViewKind.CUSTOM

    def rename_view(self, name: str | None = None) -> None:
        view = self.current_view()
        if view is None or view.kind is not ViewKind.CUSTOM:
            return
        name = name or self._ask_name("Rename view", view.name)
        if not name or name == view.name:
            return
        renamed = dataclasses.replace(view, name=name)
        self.views = [
            renamed if other is view else other for other in self.views if other.name != name
        ]
        store_views(self.prefs, self.views)
        self._fill(SAVED_PREFIX + name)
        self.prefs.set_text(CURRENT_KEY, SAVED_PREFIX + name)

    def delete_view(self) -> None:
        view = self.current_view()
        if view is None or view.kind is not ViewKind.CUSTOM:
            return
        self.views = [other for other in self.views if other is not view]
        store_views(self.prefs, self.views)
        self._fill(CUSTOM_DATA)
        self.prefs.set_text(CURRENT_KEY, CUSTOM_DATA)


def install(window: MainWindow) -> None:
    """Put the view picker at the front of the filter bar and restore the remembered view."""
    bar = window.filter_bar
    picker = ViewPicker(bar, window.prefs, bar)
    picker.setObjectName("viewPicker")

    def context() -> tuple[str, date, date]:
        app = window.services.context
        today = app.today()
        return app.settings.user_name, today, app.settings.terms.containing(today).start

    bar.view_context = context
    bar.row.insertWidget(0, picker.label)
    bar.row.insertWidget(1, picker.combo)
    bar.row.insertWidget(2, picker.button)
    bar.blockSignals(True)
    picker.apply_current()
    bar.blockSignals(False)
