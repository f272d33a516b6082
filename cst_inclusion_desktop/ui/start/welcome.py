"""The first-run welcome: create a trust (name, first schools, where the database lives) or
explore a generated demo trust.

Either way the database is made completely or not at all: every field is checked before any
file is created, and if making it fails or the demo is cancelled, the new file is deleted.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QStackedWidget, QVBoxLayout, QWidget

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import InclusionError, ValidationError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.demo import generate_demo
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.ui.start.display_name import checked_display_name, save_display_name
from cst_inclusion_desktop.ui.start.welcome_pages import ChoicePage, CreatePage, DemoPage
from cst_inclusion_desktop.ui.widgets.errors import error_message, show_error
from cst_inclusion_desktop.ui.widgets.form_widgets import set_error
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen
from cst_inclusion_desktop.ui.widgets.workers import Task, run_with_progress

DEMO_TRUST_NAME = "Demo Learning Trust"
DEMO_FILE_NAME = "demo-trust.db"
PAGE_CHOICE, PAGE_CREATE, PAGE_DEMO = range(3)


def run_first_run(settings: Settings, parent: QWidget | None = None) -> Settings | None:
    """Show the welcome; return the settings naming the new database, or None if the user quit."""
    dialog = WelcomeDialog(settings, parent)
    dialog.exec()
    return dialog.result_settings


class WelcomeDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.result_settings: Settings | None = None
        self.task: Task | None = None
        self.setObjectName("welcomeDialog")
        self.setAccessibleName(f"Welcome to {APP_NAME}")
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.choice = ChoicePage(settings.user_name)
        self.create_page = CreatePage(settings.database_path)
        self.demo_page = DemoPage(settings.database_path.parent / DEMO_FILE_NAME)
        self.stack = QStackedWidget()
        self.stack.setObjectName("welcomePages")
        for page in (self.choice, self.create_page, self.demo_page):
            self.stack.addWidget(page)
        self.choice.create_button.clicked.connect(lambda: self._go_named(PAGE_CREATE))
        self.choice.demo_button.clicked.connect(lambda: self._go_named(PAGE_DEMO))
        self.choice.quit_button.clicked.connect(self.reject)
        for page in (self.create_page, self.demo_page):
            page.back_button.clicked.connect(lambda: self._go(PAGE_CHOICE))
        self.create_page.create_button.clicked.connect(self.create_trust)
        self.demo_page.start_button.clicked.connect(self.start_demo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._set_main_button(PAGE_CHOICE)
        if not settings.user_name:
            self.choice.name_edit.setFocus()  # the first thing asked: who is this?
        fit_to_screen(self, 640, 520)

    def _go_named(self, page: int) -> None:
        """Create or explore only once the person has said who they are."""
        if self._display_name() is not None:
            self._go(page)

    def _display_name(self) -> str | None:
        """The name typed on the first page, checked; None (and the reason shown) if missing."""
        try:
            name = checked_display_name(self.choice.name_edit.text())
        except ValidationError as error:
            set_error(self.choice.name_error, error.message)
            self._go(PAGE_CHOICE)
            self.choice.name_edit.setFocus()
            return None
        set_error(self.choice.name_error, "")
        return name

    def _named_settings(self, path: Path, name: str) -> Settings:
        """The new database's settings, carrying the person's name (saved once it is made)."""
        return dataclasses.replace(self.settings, database=str(path), user_name=name)

    def _keep_name(self, settings: Settings) -> Settings:
        if settings.user_name == self.settings.user_name:
            return settings  # already in the config (or the environment)
        return save_display_name(settings, settings.user_name)

    def _go(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self._set_main_button(page)
        first = {PAGE_CHOICE: self.choice.create_button, PAGE_CREATE: self.create_page.name_edit}
        first.get(page, self.demo_page.schools_spin).setFocus()

    def _set_main_button(self, page: int) -> None:
        """Enter presses the shown page's main button (one default per dialog, so it moves)."""
        main = {
            PAGE_CHOICE: self.choice.create_button,
            PAGE_CREATE: self.create_page.create_button,
            PAGE_DEMO: self.demo_page.start_button,
        }
        for index, button in main.items():
            button.setDefault(index == page)

    # --- create a trust ------------------------------------------------------------------------
    def create_trust(self) -> None:
        page = self.create_page
        person = self._display_name()
        if person is None:
            return
        try:
            name, schools, path = page.validated()
        except ValidationError as error:
            set_error(page.error, error.message)
            return
        set_error(page.error, "")
        settings = self._named_settings(path, person)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            _build_database(settings, lambda services: _add_trust(services, name, schools))
        except InclusionError as error:
            set_error(page.error, error_message(error))
            return
        except Exception as error:  # logged by show_error; the half-made file is already gone
            show_error(self, error)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.result_settings = self._kept(settings)
        self.accept()

    # --- demo ----------------------------------------------------------------------------------
    def start_demo(self) -> None:
        page = self.demo_page
        person = self._display_name()
        if person is None:
            return
        try:
            path = page.validated_path()
        except ValidationError as error:
            set_error(page.error, error.message)
            return
        set_error(page.error, "")
        settings = self._named_settings(path, person)
        schools, actions = page.schools_spin.value(), page.actions_spin.value()

        def work(progress: Any, cancelled: Any) -> Settings:
            def fill(services: Services) -> None:
                services.trust.create(DEMO_TRUST_NAME)
                generate_demo(services.context, schools, actions, 1, progress, cancelled)

            _build_database(settings, fill)
            return settings

        def succeeded(result: Settings) -> None:
            self.task = None
            self.result_settings = self._kept(result)
            self.accept()

        def failed(error: Exception) -> None:
            self.task = None
            _remove_database(path)
            set_error(page.error, error_message(error))

        def cancelled() -> None:
            self.task = None
            _remove_database(path)  # cancel may land just after the work finished
            set_error(page.error, "Cancelled: no demo database was made.")

        page.start_button.setEnabled(False)
        self.task = run_with_progress(
            self,
            "Creating the demo trust",
            work,
            succeeded,
            failed,
            cancelled,
            lambda: page.start_button.setEnabled(True),
        )

    def _kept(self, settings: Settings) -> Settings:
        """Save the person's name in the config; if that fails the database is still good, so
        the name is used for this session and the problem shown."""
        try:
            return self._keep_name(settings)
        except (InclusionError, OSError) as error:
            show_error(self, error if isinstance(error, InclusionError) else _unsaved(error))
            return settings

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc on a form page goes back to the choices; on the choices it quits."""
        on_form = self.stack.currentIndex() != PAGE_CHOICE
        if event.key() == Qt.Key.Key_Escape and on_form and self.task is None:
            self._go(PAGE_CHOICE)
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Esc or Quit. While the demo is being made, Esc cancels that instead of quitting."""
        if self.task is not None:
            self.task.cancel()
            return
        super().reject()


def _unsaved(error: OSError) -> InclusionError:
    return ValidationError("settings file", str(error.filename or ""), f"a writable file ({error})")


def _add_trust(services: Services, name: str, schools: list[tuple[str, str]]) -> None:
    services.trust.create(name)
    for school_name, urn in schools:
        services.schools.add(school_name, urn)


def _build_database(settings: Settings, fill: Any) -> None:
    """Create the file and fill it; on any failure close it and delete it (no half database)."""
    path = settings.database_path
    context = None
    try:
        context = open_context(settings, create=True)
        fill(Services(context))
    except BaseException:
        if context is not None:
            context.close()
        _remove_database(path)
        raise
    context.close()


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
