"""Start the GUI: the QApplication, the crash handler and the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from cst_inclusion_desktop import APP_NAME, __version__
from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.context import open_context


def run_gui(settings: Settings) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    window = QMainWindow()
    window.setObjectName("mainWindow")
    window.setWindowTitle(f"{APP_NAME} {__version__}")
    try:
        services = Services(open_context(settings, create=not settings.database_path.exists()))
        if not services.trust.is_initialised():
            services.trust.create(settings.trust_name or "My Trust")
        trust = services.trust.get()
        where = services.context.database.description
        text = f"{trust.name}: {services.actions.count():,} actions in {where}"
    except InclusionError as error:
        QMessageBox.critical(window, APP_NAME, str(error))
        return 2
    label = QLabel(text)
    label.setObjectName("summaryLabel")
    window.setCentralWidget(label)
    window.resize(900, 600)
    window.show()
    return int(app.exec())
