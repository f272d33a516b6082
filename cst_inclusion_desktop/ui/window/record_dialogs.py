"""The main window's record dialogs: a new action, an action's edit, evidence without an action.

Each dialog's module is imported when it is first opened, not when the window is built: the
action editor and the evidence dialog (and what they import) are not needed for the first paint.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QMainWindow

from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import SchoolRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.window.filter_bar import FilterBar


class RecordDialogHost(Protocol):
    filter_bar: FilterBar

    @property
    def services(self) -> Services: ...

    def widget(self) -> QMainWindow: ...

    def selected_school(self) -> SchoolRecord | None: ...

    def refresh_all(self) -> None: ...

    def select_action(self, action_id: str) -> None: ...

    def show_error(self, error: BaseException) -> None: ...


def new_action(window: RecordDialogHost) -> None:
    """Edit ▸ New action: for the selected school and principle; the new action is selected."""
    from cst_inclusion_desktop.ui.records.action_editor import ActionEditor

    school = window.selected_school()
    editor = ActionEditor(
        window.services,
        window.widget(),
        school_urn=school.urn if school else None,
        principle=window.filter_bar.principle_number() or None,
    )
    if editor.exec() and editor.saved is not None:
        window.refresh_all()
        window.select_action(editor.saved.id)


def edit_action(window: RecordDialogHost, action_id: str) -> None:
    from cst_inclusion_desktop.ui.records.action_editor import ActionEditor

    try:
        editor = ActionEditor(window.services, window.widget(), action_id=action_id)
    except InclusionError as error:
        window.show_error(error)
        return
    if editor.exec():
        window.refresh_all()


def school_evidence(window: RecordDialogHost) -> None:
    """Edit ▸ Add evidence without an action: for the selected school and principle."""
    from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog

    school = window.selected_school()
    dialog = EvidenceDialog(
        window.services,
        window.widget(),
        school_urn=school.urn if school else None,
        principle=window.filter_bar.principle_number() or None,
    )
    if dialog.exec():
        window.refresh_all()
