"""The main window: schools on the left, filters over the actions table, the selected action's
details below, and the trust overview on a second tab.

It composes SchoolList, FilterBar, ActionTableModel and DetailPane, and offers menu extensions
a small API (``menu``, ``services``, ``current_filter``, ``refresh_all``…) for their features."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.domain.records import ActionRecord, SchoolRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.reporting.dashboard import TrustOverview
from cst_inclusion_desktop.ui.safety.start_up_backup import backup_in_background
from cst_inclusion_desktop.ui.start import database_switch
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.widgets.eliding_label import ElidingLabel
from cst_inclusion_desktop.ui.widgets.errors import show_error as show_error_dialog
from cst_inclusion_desktop.ui.widgets.file_dialogs import open_file_name, save_file_name
from cst_inclusion_desktop.ui.widgets.form_widgets import named
from cst_inclusion_desktop.ui.window import record_dialogs
from cst_inclusion_desktop.ui.window.action_table_model import (
    ACTION_ROLE,
    ActionTableModel,
)
from cst_inclusion_desktop.ui.window.action_table_view import build_action_table
from cst_inclusion_desktop.ui.window.detail_pane import DetailPane
from cst_inclusion_desktop.ui.window.extensions import extension_modules, install_extensions
from cst_inclusion_desktop.ui.window.filter_bar import FilterBar
from cst_inclusion_desktop.ui.window.layout_memory import LayoutMemory
from cst_inclusion_desktop.ui.window.menus import build_menus, finish_file_menu
from cst_inclusion_desktop.ui.window.record_commands import RecordCommands
from cst_inclusion_desktop.ui.window.school_list import ContextHook, SchoolList

log = logging.getLogger(__name__)

READ_ONLY_TEXT = (
    "This database is open read-only: you can look and report, but not change anything."
)


class MainWindow(QMainWindow):
    def __init__(self, services: Services, prefs: Prefs | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setAccessibleName(APP_NAME)
        self._services = services
        self.prefs = prefs or Prefs()
        self._ready = False  # no count for the header's sorts before _use_services
        self.model = ActionTableModel(lambda: self._services if self._ready else None, self)
        self._build_body()
        self._menus, self._toolbar, self.commands = build_menus(self)
        self.record_commands = RecordCommands(self)
        self._install_extensions()
        finish_file_menu(self._menus["file"], self.commands.quit)
        self._build_status_bar()
        self._layout = LayoutMemory(
            self, self.prefs, self.table, [self.schools_splitter, self.details_splitter]
        )
        self._layout.restore()
        self._use_services(services)

    # --- the API extensions and helpers rely on ---------------------------------------------
    @property
    def services(self) -> Services:
        return self._services

    @property
    def settings(self) -> Settings:
        return self._services.context.settings

    def widget(self) -> QMainWindow:
        return self

    def menu(self, name: str) -> QMenu:
        return self._menus[name]

    def main_toolbar(self) -> QToolBar:
        return self._toolbar

    def current_filter(self) -> ActionFilter:
        return self.model.action_filter()

    def selected_school(self) -> SchoolRecord | None:
        return self.school_list.selected_school()

    def selected_action(self) -> ActionRecord | None:
        index = self.table.currentIndex()
        return index.data(ACTION_ROLE) if index.isValid() else None

    def add_school_context_action(self, callback: ContextHook) -> None:
        self.school_list.add_context_action(callback)

    def show_error(self, error: BaseException) -> None:
        show_error_dialog(self, error)

    def refresh_all(self) -> None:
        """Reload everything shown from the database, after any change to the data."""
        try:
            trust = self._services.trust.get()
            self.setWindowTitle(f"{trust.name} — {APP_NAME}")
            self.school_list.set_schools(self._services.schools.list())
            self.filter_bar.set_principles(self._services.trust.principles())
            self.filter_bar.criterion_filter.set_criteria(
                self._services.criteria.list(include_retired=True)
            )
            self._apply_filter()
            self.overview.refresh_when_shown()
        except InclusionError as error:
            self.show_error(error)
        self.record_commands.update()

    # --- building ---------------------------------------------------------------------------
    def _build_body(self) -> None:
        self.school_list = SchoolList()
        self.school_list.schoolChanged.connect(lambda _school: self._apply_filter())
        self.filter_bar = FilterBar()
        self.filter_bar.filterChanged.connect(self._apply_filter)
        self.table = build_action_table(self.model, self.edit_selected_action)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.filter_bar.searchLeft.connect(self.focus_results)
        self.detail = DetailPane(lambda: self._services)
        self.detail.changed.connect(self.refresh_all)
        self.filter_bar.archived_check.toggled.connect(self.detail.show_archived)
        self.details_splitter = QSplitter(Qt.Orientation.Vertical)
        self.details_splitter.setObjectName("detailsSplitter")
        self.details_splitter.setAccessibleName("Actions and details")
        self.details_splitter.addWidget(self.table)
        self.details_splitter.addWidget(self.detail)
        self.details_splitter.setStretchFactor(0, 3)
        self.details_splitter.setStretchFactor(1, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.filter_bar)
        right_layout.addWidget(self.details_splitter, 1)
        self.schools_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.schools_splitter.setObjectName("schoolsSplitter")
        self.schools_splitter.setAccessibleName("Schools and actions")
        self.schools_splitter.addWidget(self.school_list)
        self.schools_splitter.addWidget(right)
        self.schools_splitter.setStretchFactor(1, 1)
        self.schools_splitter.setSizes([230, 1100])
        self.tabs = named(QTabWidget(), "mainTabs", "Views")
        self.tabs.addTab(self.schools_splitter, "Actions")
        self.overview = self._build_overview()
        self.banner = named(QLabel(READ_ONLY_TEXT), "readOnlyBanner", "Read-only database")
        self.banner.setStyleSheet("background: #fff3cd; color: #000000; padding: 6px;")
        self.banner.setWordWrap(True)
        self.banner.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_overview(self) -> TrustOverview:
        overview = TrustOverview(lambda: self._services, self)
        overview.cellActivated.connect(self._overview_cell_activated)
        overview.criterionActivated.connect(lambda s, c: self._overview_cell_activated(s, 0, c))
        self.tabs.addTab(overview, "Trust overview")
        return overview

    def _install_extensions(self) -> None:
        install_extensions(self, extension_modules())  # menu entries' dialogs load on first use

    def _build_status_bar(self) -> None:
        self.database_label = named(ElidingLabel(), "statusDatabase", "Database in use")
        self.counts_label = named(QLabel(), "statusCounts", "Action counts")
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.database_label)

    # --- showing ----------------------------------------------------------------------------
    def _use_services(self, services: Services) -> None:
        self._services = services
        self._ready = True
        database = services.context.database
        read_only = bool(database.read_only)
        self.banner.setVisible(read_only)
        for action in self.commands.editing():
            action.setEnabled(not read_only)
        self.detail.set_read_only(read_only)
        self.database_label.setText(f"Database: {database.description}")
        self.database_label.setToolTip(database.description)
        self.refresh_all()

    def _apply_filter(self) -> None:
        school = self.school_list.selected_school()
        base = self.model.action_filter().with_changes(
            school_ids=(school.id,) if school is not None else ()
        )
        previous = self.selected_action()
        previous_row = self.table.currentIndex().row()
        try:
            self.model.set_filter(self.filter_bar.apply_to(base))
        except InclusionError as error:
            self.show_error(error)
            return
        self._reselect(previous, previous_row)
        self._update_counts()

    def _reselect(self, previous: ActionRecord | None, previous_row: int) -> None:
        row = -1
        if previous is not None:
            again = self.model.record(previous_row)
            row = previous_row if again is not None and again.id == previous.id else -1
            row = row if row >= 0 else self.model.row_of(previous.id)
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()

    def _update_counts(self) -> None:
        shown = self.model.total
        try:
            overdue = self._services.actions.count(
                self.model.action_filter().with_changes(overdue_only=True)
            )
        except InclusionError:
            overdue = 0
        self.counts_label.setText(f"{plural(shown, 'action')} shown · {overdue:,} overdue")

    def _show_selected(self) -> None:
        try:
            self.detail.set_action(self.selected_action())
        except InclusionError as error:
            self.show_error(error)
        self.record_commands.update()

    def select_action(self, action_id: str) -> None:
        """Select an action and show it (a new one: so Ctrl+E / Ctrl+R act on it at once)."""
        row = self.model.row_of(action_id)
        for candidate in range(min(self.model.rowCount(), 500) if row < 0 else 0):
            record = self.model.record(candidate)  # loads the page: a new action sorts anywhere
            if record is not None and record.id == action_id:
                row = candidate
                break
        if row < 0:
            self.statusBar().showMessage("Saved; the current filters do not show it.", 5000)
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        self.table.setFocus()

    def focus_results(self) -> None:
        """From the search box into the table, on the first result when none is selected."""
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.table.setFocus()

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def focus_search(self) -> None:
        self.show_tab(0)
        self.filter_bar.focus_search()

    def _overview_cell_activated(self, school_id: str, principle: int, criterion: str = "") -> None:
        self.show_tab(0)
        self.school_list.blockSignals(True)
        self.school_list.select_school(school_id)
        self.school_list.blockSignals(False)
        self.filter_bar.blockSignals(True)
        self.filter_bar.set_principle(principle)
        self.filter_bar.criterion_filter.set_code(criterion)
        self.filter_bar.blockSignals(False)
        self._apply_filter()

    # --- editing ----------------------------------------------------------------------------
    def new_action(self) -> None:
        record_dialogs.new_action(self)

    def edit_selected_action(self) -> None:
        action = self.selected_action()
        if action is not None and not self._services.context.database.read_only:
            record_dialogs.edit_action(self, action.id)

    def archive_selected_action(self) -> None:
        action = self.selected_action()
        if action is None:
            return
        answer = QMessageBox.question(
            self,
            "Archive action",
            f"Archive “{action.title}”? It stays in the audit history, and Undo (Ctrl+Z) or "
            "Show archived ▸ Restore brings it back.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            archive = self._services.undo.archive_action
            self._run_and_refresh(lambda: archive(action.id, read_version=action.version))

    def add_evidence(self) -> None:
        self.detail.add_evidence()

    def add_review(self) -> None:
        self.detail.add_review()

    def add_school_evidence(self) -> None:
        record_dialogs.school_evidence(self)

    def _run_and_refresh(self, work: Callable[[], object]) -> None:
        try:
            work()
        except InclusionError as error:
            self.show_error(error)
        self.refresh_all()

    # --- databases --------------------------------------------------------------------------
    def new_database(self) -> None:
        name = save_file_name(self, "New trust database", "", database_switch.DATABASE_FILTER)
        if name is None:
            return
        trust, ok = QInputDialog.getText(self, "New trust database", "Trust name:")
        if ok:
            self._switch(lambda: database_switch.create_services(self._settings_for(name), trust))

    def open_database(self, path: str | Path | None = None) -> None:
        if path is None:
            path = open_file_name(self, "Open trust database", database_switch.DATABASE_FILTER)
        if path:
            before = self._services
            self._switch(
                lambda: database_switch.open_services(self._settings_for(path), daily_backup=False)
            )
            if self._services is not before:
                backup_in_background(self._services)  # the day's backup, off the GUI thread

    def _settings_for(self, path: str | Path) -> Settings:
        return database_switch.settings_for(self.settings, path)

    def _switch(self, open_new: Callable[[], Services]) -> None:
        """Open the new database first; only if that works, close the old one and switch."""
        try:
            services = open_new()
        except InclusionError as error:
            self.show_error(error)
            return
        old = self._services
        self._use_services(services)
        old.close()
        self.prefs.set_last_database(services.context.settings.database_path)

    # --- layout memory ----------------------------------------------------------------------
    def save_layout(self) -> None:
        self._layout.save()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.filter_bar.cancel_pending()
        self.save_layout()
        super().closeEvent(event)
