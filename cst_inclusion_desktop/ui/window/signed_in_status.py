"""Who is signed in to a server, in the status bar (login, role, schools), and a viewer's window
made read-only with the read-only banner. A window extension: the window itself is unchanged.
On a SQLite file nothing is shown (the audit log names the configured user there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.ui.widgets.form_widgets import named

if TYPE_CHECKING:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Who is signed in, in the status bar; a viewer's window read-only (an extension)."""
    label = named(QLabel(), "statusSignedIn", "Signed in as")
    window.statusBar().addPermanentWidget(label)
    QTimer.singleShot(0, lambda: show_identity(window, label))


def show_identity(window: MainWindow, label: QLabel) -> None:
    try:
        identity = window.services.identity.who()
    except InclusionError:
        identity = None
    label.setVisible(identity is not None)
    if identity is None:
        return
    label.setText(identity.summary)
    label.setToolTip(identity.summary)
    if identity.read_only and not window.services.context.database.read_only:
        # The database refuses a viewer's every change; the window says so and offers none.
        # (Only this GUI session's flag: the command line keeps the database's own refusal.)
        window.services.context.database.read_only = True
        window.banner.show()
        for action in window.commands.editing():
            action.setEnabled(False)
        window.detail.set_read_only(True)
