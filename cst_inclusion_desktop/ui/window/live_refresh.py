"""Live refresh: when someone else changes the record, tell the window within about two seconds.

On the server the feed's own connection is watched with a QSocketNotifier (PostgreSQL
``LISTEN``: no polling of tables); on SQLite a two-second timer reads the file's
``data_version``. A burst of changes (a pack import) becomes one refresh. When the link to the
server is lost the window is told, and the feed is re-opened every few seconds until it works.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout

from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.live import POLL_SECONDS, ChangeFeed
from cst_inclusion_desktop.ui.widgets.connection_banner import ConnectionBanner

if TYPE_CHECKING:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

SETTLE_MS = 250  # changes closer together than this are shown by one refresh
RETRY_MS = 3000


class LiveRefresh(QObject):
    """``changed`` after someone saved; ``lost(reason)`` and ``restored`` for the link."""

    changed = Signal()
    lost = Signal(str)
    restored = Signal()

    def __init__(self, services: Callable[[], Services], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._listening_to: Services | None = None
        self._feed: ChangeFeed | None = None
        self._notifier: QSocketNotifier | None = None
        self._is_lost = False
        self._poll = QTimer(self)
        self._poll.setInterval(int(POLL_SECONDS * 1000))
        self._poll.timeout.connect(self._drain)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.changed.emit)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._reopen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A closed window listens no more (its feed's connection is given back)."""
        if event.type() == QEvent.Type.Close:
            self.stop()
        return False

    @property
    def is_lost(self) -> bool:
        return self._is_lost

    def start(self) -> None:
        """Listen to the database the window shows now (again after a switch)."""
        self.stop()
        try:
            self._open()
        except InclusionError as error:
            self._lose(str(error))

    def stop(self) -> None:
        self._poll.stop()
        self._retry.stop()
        self._settle.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._feed is not None:
            self._feed.close()
            self._feed = None

    def _open(self) -> None:
        self._listening_to = self._services()
        feed = self._feed = self._listening_to.live.open_feed()
        socket = feed.fileno()
        if socket is None:
            self._poll.start()
            return
        self._notifier = QSocketNotifier(socket, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._poll.start()  # also notices a link that died without a word from the socket

    def _drain(self) -> None:
        if self._services() is not self._listening_to:  # the window opened another database
            self.start()
            return
        if self._feed is None:
            return
        try:
            heard = self._feed.changes()
        except InclusionError as error:
            self._lose(str(error))
            return
        if heard:
            self._settle.start()

    def _lose(self, reason: str) -> None:
        log.warning("Live refresh stopped: the database link was lost")  # no free text logged
        self.stop()
        if not self._is_lost:
            self._is_lost = True
            self.lost.emit(reason)
        self._retry.start()

    def _reopen(self) -> None:
        try:
            self._open()
        except InclusionError:
            self.stop()
            self._retry.start()
            return
        if self._is_lost:
            self._is_lost = False
            self.restored.emit()
        self.changed.emit()  # whatever happened while we could not hear


def install(window: MainWindow) -> None:
    """Wire live refresh and the connection banner into the main window (an extension, so the
    window itself needs no change): ``window.live`` is the LiveRefresh."""
    live = LiveRefresh(lambda: window.services, window)
    banner = ConnectionBanner()
    central = window.centralWidget()
    layout = central.layout() if central is not None else None
    assert isinstance(layout, QVBoxLayout), "the window stacks its banners above the tabs"
    layout.insertWidget(1, banner)  # below the read-only banner
    live.changed.connect(lambda: refresh_keeping_place(window))
    live.lost.connect(banner.show_lost)
    live.restored.connect(banner.hide)
    window.installEventFilter(live)
    window.live = live  # type: ignore[attr-defined]
    window.connection_banner = banner  # type: ignore[attr-defined]
    QTimer.singleShot(0, live.start)


def refresh_keeping_place(window: MainWindow) -> None:
    """Reload what the window shows as it refreshes after a save, keeping the scroll position
    too (the selection is kept by the refresh itself; open dialogs are never touched)."""
    bar = window.table.verticalScrollBar()
    position = bar.value()
    window.refresh_all()
    bar.setValue(position)
