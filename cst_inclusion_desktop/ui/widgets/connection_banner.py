"""The strip across the window that says the server cannot be reached and that the app is
trying again, so a lost connection is explained, not shown as a crash."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cst_inclusion_desktop.ui.widgets.form_widgets import named

LOST_TEXT = "Connection to the server lost — retrying…"
HINT = (
    "Anything you are typing in an open window is kept: save it again once the connection is "
    "back. The list shows what was saved before the connection was lost."
)


class ConnectionBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(LOST_TEXT, parent)
        named(self, "connectionBanner", "Connection to the server lost", HINT)
        # The read-only banner's colours: dark text on pale amber, readable in greyscale.
        self.setStyleSheet("background: #fff3cd; color: #000000; padding: 6px;")
        self.setWordWrap(True)
        self.hide()

    def show_lost(self, reason: str) -> None:
        """The banner, with the technical reason (for IT) in its tooltip."""
        self.setToolTip(f"{reason}\n\n{HINT}" if reason else HINT)
        self.show()
