"""Changing several actions at once: select rows (Shift/Ctrl, the table takes an extended
selection) and Edit ▸ Set status… or Set owner…, or Edit ▸ Termly review… to step through
them one by one (ui/records/termly_review.py).

Each action is changed by its own service call, so each one is validated and audited on its
own; an action that cannot take the change is named in the message and left as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QInputDialog, QMessageBox

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.enums import Status
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import ActionRecord
from cst_inclusion_desktop.domain.validation import clean_name
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.window.action_table_model import ACTION_ROLE

if TYPE_CHECKING:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

NONE_SELECTED = "Select one or more actions in the table first (Shift or Ctrl to select several)."


def selected_actions(window: MainWindow) -> list[ActionRecord]:
    """The selected rows' actions, in table order."""
    rows = sorted(index.row() for index in window.table.selectionModel().selectedRows())
    records = [window.model.index(row, 0).data(ACTION_ROLE) for row in rows]
    return [record for record in records if isinstance(record, ActionRecord)]


def apply_to_each(
    services: Services, actions: list[ActionRecord], change: Callable[[ActionRecord], object]
) -> tuple[int, list[str]]:
    """Run ``change`` on each action; returns how many changed and a line per failure."""
    done = 0
    failures: list[str] = []
    for action in actions:
        try:
            change(action)
        except InclusionError as error:
            failures.append(f"“{action.title}”: {error}")
        else:
            done += 1
    return done, failures


def _report(window: MainWindow, what: str, done: int, failures: list[str]) -> None:
    window.refresh_all()
    text = f"{what} for {plural(done, 'action')}."
    if failures:
        shown = "\n".join(failures[:10])
        more = f"\n…and {len(failures) - 10} more" if len(failures) > 10 else ""
        text += f"\n\n{plural(len(failures), 'action')} left as they were:\n{shown}{more}"
        QMessageBox.warning(window, APP_NAME, text)
    else:
        window.statusBar().showMessage(text, 5000)


def set_status(window: MainWindow, status: Status | None = None) -> None:
    actions = selected_actions(window)
    if not actions:
        QMessageBox.information(window, APP_NAME, NONE_SELECTED)
        return
    if status is None:
        labels = [choice.label for choice in Status]
        label, accepted = QInputDialog.getItem(
            window,
            "Set status",
            f"New status for {plural(len(actions), 'selected action')}:",
            labels,
            0,
            False,
        )
        if not accepted:
            return
        status = Status.parse(label)
    chosen = status
    done, failures = apply_to_each(
        window.services,
        actions,
        lambda action: window.services.actions.update(action.id, {"status": chosen}),
    )
    _report(window, f"Status set to {chosen.label}", done, failures)


def set_owner(window: MainWindow, owner: str | None = None) -> None:
    actions = selected_actions(window)
    if not actions:
        QMessageBox.information(window, APP_NAME, NONE_SELECTED)
        return
    if owner is None:
        text, accepted = QInputDialog.getText(
            window, "Set owner", f"Who leads {plural(len(actions), 'selected action')}?"
        )
        if not accepted:
            return
        owner = text
    try:
        cleaned = clean_name(owner, "owner", required=False)
    except InclusionError as error:
        window.show_error(error)
        return
    done, failures = apply_to_each(
        window.services,
        actions,
        lambda action: window.services.actions.update(action.id, {"owner": cleaned}),
    )
    _report(window, f"Owner set to {cleaned or 'nobody'}", done, failures)


def termly_review(window: MainWindow) -> None:
    from cst_inclusion_desktop.ui.records.termly_review import TermlyReviewDialog

    actions = selected_actions(window)
    if not actions:
        QMessageBox.information(window, APP_NAME, NONE_SELECTED)
        return
    dialog = TermlyReviewDialog(window.services, actions, window)
    dialog.exec()
    if dialog.saved:
        window.refresh_all()
        window.statusBar().showMessage(f"Reviewed {plural(dialog.saved, 'action')}", 5000)


def install(window: MainWindow) -> None:
    window.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    menu = window.menu("edit")
    menu.addSeparator()
    entries = (
        (
            "setStatusAction",
            "Set &status…",
            "Set the status of every selected action",
            "",
            set_status,
        ),
        ("setOwnerAction", "Set o&wner…", "Set the owner of every selected action", "", set_owner),
        (
            "termlyReviewAction",
            "&Termly review…",
            "Review the selected actions one after another (RAG, note, next review)",
            "Ctrl+Shift+R",
            termly_review,
        ),
    )
    for name, text, tip, shortcut, handler in entries:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, run=handler: run(window))
        menu.addAction(action)
        if not window.services.context.database.read_only:
            continue
        action.setEnabled(False)
