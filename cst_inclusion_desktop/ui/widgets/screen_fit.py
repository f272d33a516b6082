"""A dialog's first size, shrunk to the screen it opens on.

At 150% on a 1366×768 laptop the screen is about 910×512 logical pixels, less a task bar: a
dialog asking for 760×660 would open with its buttons off the bottom of the screen. Its layout's
minimum still wins (the description box shrinks first), so nothing inside is cut.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.94
"""The share of the free screen a dialog may take, leaving room for its title bar."""


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    free = dialog.screen().availableGeometry()
    dialog.resize(
        min(width, int(free.width() * SCREEN_SHARE)), min(height, int(free.height() * SCREEN_SHARE))
    )
