"""Edit ▸ Undo / Redo, View ▸ Show archived, Edit ▸ Restore action, and which commands the
current selection allows.

Kept out of ``menus.py`` and ``main_window.py``: the window calls ``update()`` whenever the data
or the selection changes, and the texts follow (``Undo add action ‘Reading buddies’``). A command
that needs a selected action is disabled, with a tooltip saying why, rather than doing nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QTableView

from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import ActionRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.window.filter_bar import FilterBar
from cst_inclusion_desktop.ui.window.menus import WindowActions

NO_SELECTION = "Select an action in the table first"
READ_ONLY = "The database is open read-only"


class RecordHost(Protocol):
    commands: WindowActions
    filter_bar: FilterBar
    table: QTableView

    @property
    def services(self) -> Services: ...

    def widget(self) -> QMainWindow: ...

    def menu(self, name: str) -> QMenu: ...

    def selected_action(self) -> ActionRecord | None: ...

    def refresh_all(self) -> None: ...


def _action(host: RecordHost, text: str, name: str, shortcuts: list[QKeySequence]) -> QAction:
    action = QAction(text, host.widget())
    action.setObjectName(name)
    action.setShortcuts(shortcuts)
    return action


class RecordCommands:
    """The commands above, built once per window."""

    def __init__(self, host: RecordHost) -> None:
        self.host = host
        self.undo_action = _action(
            host, "&Undo", "undoAction", [QKeySequence(QKeySequence.StandardKey.Undo)]
        )
        self.redo_action = _action(
            host,
            "Re&do",
            "redoAction",
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")],
        )
        self.restore_action = _action(host, "Re&store action", "restoreActionAction", [])
        self.show_archived_action = _action(host, "Show &archived", "showArchivedAction", [])
        self.show_archived_action.setCheckable(True)
        self.show_archived_action.setToolTip("Also show archived actions and evidence")
        self.undo_action.triggered.connect(lambda _checked=False: self.undo())
        self.redo_action.triggered.connect(lambda _checked=False: self.redo())
        self.restore_action.triggered.connect(lambda _checked=False: self.restore_selected())
        check = host.filter_bar.archived_check
        self.show_archived_action.toggled.connect(check.setChecked)
        check.toggled.connect(self.show_archived_action.setChecked)
        edit = host.menu("edit")
        first = edit.actions()[0]
        edit.insertActions(first, [self.undo_action, self.redo_action])
        edit.insertSeparator(first)
        edit.insertAction(host.commands.add_evidence, self.restore_action)
        view = host.menu("view")
        view.insertAction(host.commands.refresh, self.show_archived_action)
        view.insertSeparator(host.commands.refresh)
        self.update()

    # --- state ------------------------------------------------------------------------------
    def update(self) -> None:
        """Texts and enabled states from the history, the selection and read-only."""
        services = self.host.services
        writable = not services.context.database.read_only
        undo_text, redo_text = services.undo.undo_text(), services.undo.redo_text()
        _show(self.undo_action, writable and undo_text is not None, "&Undo", undo_text, "undo")
        _show(self.redo_action, writable and redo_text is not None, "Re&do", redo_text, "redo")
        selected = self.host.selected_action()
        commands = self.host.commands
        why = READ_ONLY if not writable else NO_SELECTION
        for action, tip in (
            (commands.edit_action, "Edit the selected action (Enter)"),
            (commands.add_evidence, "Add evidence to the selected action (Ctrl+E)"),
            (commands.add_review, "Review the selected action (Ctrl+R)"),
        ):
            _allow(action, writable and selected is not None, tip, why)
        archived = selected is not None and selected.archived
        _allow(
            commands.archive_action,
            writable and selected is not None and not archived,
            "Archive the selected action",
            "That action is already archived" if archived and writable else why,
        )
        _allow(
            self.restore_action,
            writable and archived,
            "Bring the archived action back",
            why if selected is None or not writable else "That action is not archived",
        )

    # --- doing ------------------------------------------------------------------------------
    def undo(self) -> None:
        self._step("Undo", lambda: self.host.services.undo.undo())

    def redo(self) -> None:
        self._step("Redo", lambda: self.host.services.undo.redo())

    def restore_selected(self) -> None:
        action = self.host.selected_action()
        if action is None or not action.archived:
            return
        self._step(
            "Restore",
            lambda: f"restore “{self.host.services.undo.archive_action(action.id, False).title}”",
        )

    def _step(self, title: str, work: Callable[[], str]) -> None:
        window = self.host.widget()
        try:
            done = work()
        except InclusionError as error:
            QMessageBox.warning(window, title, str(error))
        else:
            window.statusBar().showMessage(f"{title}: {done}", 5000)
        self.host.refresh_all()


def _show(action: QAction, enabled: bool, verb: str, label: str | None, word: str) -> None:
    action.setEnabled(enabled)
    action.setText(f"{verb} {label}" if label else verb)
    plain = verb.replace("&", "")
    tip = f"{plain} {label}" if label else f"Nothing to {word}"
    action.setToolTip(tip)
    action.setStatusTip(tip)


def _allow(action: QAction, enabled: bool, tip: str, why: str) -> None:
    action.setEnabled(enabled)
    shown = tip if enabled else f"{tip} — {why}"
    action.setToolTip(shown)
    action.setStatusTip(shown)
