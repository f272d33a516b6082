"""Start the GUI: the QApplication, the crash handler, which database to open, the window.

Which database: one named by configuration (flag, environment, config file) wins; otherwise
the last one this user opened; otherwise the default file; and when none exists yet, the
first-run welcome screen creates one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow

from cst_inclusion_desktop import APP_NAME, __version__, paths
from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.services.records.evidence import clean_opened_copies
from cst_inclusion_desktop.services.safety.opening import database_exists
from cst_inclusion_desktop.ui.safety.start_up_backup import (
    backup_after_first_paint,
    wait_for_backups,
)
from cst_inclusion_desktop.ui.start import database_switch
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.widgets.errors import install_crash_handler, show_error

ORGANISATION = "Confederation of School Trusts"
ORGANISATION_DOMAIN = "cstuk.org.uk"
EXIT_OPEN_FAILED = 2

window_shown_hooks: list[Callable[[QMainWindow], None]] = []
"""Called with the main window once it is shown. The benchmark subscribes here to time the
first paint (``bench/paint_hook.py``); the app itself knows nothing of the benchmark."""


def make_application() -> QApplication:
    """The QApplication with names set (QSettings and the OS use them).

    No style or style sheet is forced, so the system palette (light or dark) and the user's
    font scaling apply throughout.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setOrganizationDomain(ORGANISATION_DOMAIN)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = paths.resource("icons", "app.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def choose_settings(settings: Settings, prefs: Prefs) -> Settings | None:
    """The settings to open, running the first-run welcome if there is no database yet.

    None means the user chose to quit.
    """
    if not settings.database:
        last = prefs.last_database()
        if last and Path(last).is_file():
            return database_switch.settings_for(settings, last)
    if database_exists(settings):
        return settings
    return _first_run(settings)


def _first_run(settings: Settings) -> Settings | None:
    try:
        from cst_inclusion_desktop.ui.start.welcome import run_first_run
    except ImportError:  # a build without the welcome screen: make an empty trust
        services = database_switch.create_services(settings, settings.trust_name or "My Trust")
        services.close()
        return settings
    return run_first_run(settings, None)


def check_recovery(settings: Settings) -> Settings | None:
    """Let the backup helper check the file's integrity and offer a restore, if it is built in."""
    try:
        from cst_inclusion_desktop.ui.safety.recovery import check_before_open
    except ImportError:
        return settings
    return check_before_open(settings, None)


def run_gui(settings: Settings) -> int:
    app = make_application()
    install_crash_handler()
    clean_opened_copies()  # evidence copies the last run handed to a viewer
    prefs = Prefs()
    try:
        chosen = choose_settings(settings, prefs)
        chosen = check_recovery(chosen) if chosen is not None else None
        if chosen is None:
            return 0
        # The day's backup waits until the window is on screen (backup_after_first_paint).
        if chosen.is_server:  # a password only if libpq's own sources gave none
            from cst_inclusion_desktop.ui.start.sign_in import open_signed_in

            signed_in = open_signed_in(chosen)
            if signed_in is None:
                return 0
            services = signed_in
        else:
            services = database_switch.open_services(chosen, daily_backup=False)
    except InclusionError as error:
        show_error(None, error)
        return EXIT_OPEN_FAILED
    if "://" not in chosen.database:
        prefs.set_last_database(chosen.database_path)

    from cst_inclusion_desktop.ui.window.main_window import MainWindow

    window = MainWindow(services, prefs)
    window.show()
    for hook in window_shown_hooks:
        hook(window)
    backup_after_first_paint(window, services)
    try:
        return int(app.exec())
    finally:
        wait_for_backups()
        window.services.close()
