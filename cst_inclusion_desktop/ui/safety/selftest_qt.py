"""The Qt parts of ``cst-inclusion self-test``: start Qt, draw a widget, load the bundled
icon; at the end, build the real main window on the test database, and import every dialog
its menus open.

A frozen build most often breaks here (a missing platform plugin, image-format plugin, system
library, or a module imported only by name), so the steps do what the app does at start-up,
without showing a window.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from cst_inclusion_desktop import APP_NAME, paths
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.start.prefs import Prefs

DEFAULT_PLATFORM = "offscreen"
GRAB_SIZE = (320, 120)


def check_qt() -> str:
    """Start (or reuse) the QApplication, grab a widget to PNG; return the platform's name.

    Without ``QT_QPA_PLATFORM`` the test runs offscreen, so it works on a server or over SSH;
    set ``QT_QPA_PLATFORM=xcb`` (or windows, cocoa) to test the real display backend too.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", DEFAULT_PLATFORM)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    icon = QIcon(str(paths.resource("icons", "app.png")))
    if icon.isNull():
        raise RuntimeError(f"the bundled icon {paths.resource('icons', 'app.png')} did not load")
    widget = QWidget()
    widget.setWindowIcon(icon)
    layout = QVBoxLayout(widget)
    layout.addWidget(QLabel(f"{APP_NAME} self-test — Ysgol Bryn Ŵyn ✓"))
    widget.resize(*GRAB_SIZE)
    try:
        image = widget.grab().toImage()
        if image.isNull() or image.width() < GRAB_SIZE[0] // 2:
            raise RuntimeError("grabbing a widget gave an empty image")
        if len(_png_bytes(image)) < 100:
            raise RuntimeError("the PNG image writer produced no data")
    finally:
        widget.deleteLater()
    return str(app.platformName())  # type: ignore[attr-defined]


def check_main_window(services: Services, folder: Path) -> str | None:
    """Build the main window on the test database, with window preferences kept in ``folder``;
    check it lists the test action and draws."""
    from cst_inclusion_desktop.ui.window.extensions import load_every_opener
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

    load_every_opener()  # the menus' dialogs load on first use: prove each one is there
    prefs = Prefs(QSettings(str(folder / "gui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(services, prefs)
    try:
        rows = window.model.rowCount()
        if rows < 1:
            raise RuntimeError(f"the main window listed {rows} actions, expected the test action")
        image = window.grab().toImage()
        if image.isNull():
            raise RuntimeError("grabbing the main window gave an empty image")
    finally:
        window.deleteLater()
    return None


def _png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub says bytes; Qt takes str
    buffer.close()
    return bytes(data.data())
