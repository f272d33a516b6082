"""File ▸ Import actions…, Export actions…, Export school pack…, Import school pack…, School
pack keys….

An extension module (see ``ui/window/extensions.py``). Export uses the window's current filter, so
what is exported is what the list shows. A pack import first shows what would change (a dry
run) and asks; only then is the database backed up and the pack merged. A school's first pack
asks the trust lead to confirm its signing key's fingerprint first (``keys_dialog``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.domain.records import SchoolRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.exchange.keys.registry import UnconfirmedKeyError
from cst_inclusion_desktop.ui.exchange.import_wizard import ImportWizard
from cst_inclusion_desktop.ui.exchange.keys_dialog import KeysDialog, confirm_school_key
from cst_inclusion_desktop.ui.widgets.file_dialogs import open_file_name, save_file_name
from cst_inclusion_desktop.ui.widgets.workers import run_with_progress

EXPORT_FILTER = "CSV file (*.csv);;Excel workbook (*.xlsx)"
PACK_FILTER = "School packs (*.cstpack *.zip);;All files (*)"
PACK_SUFFIX = ".cstpack"

if TYPE_CHECKING:
    from cst_inclusion_desktop.services.exchange.packs.summaries import PackImportSummary


class TransferHost(Protocol):
    """What these menu entries need from the main window."""

    @property
    def services(self) -> Services: ...

    def menu(self, name: str) -> QMenu: ...

    def current_filter(self) -> ActionFilter: ...

    def selected_school(self) -> SchoolRecord | None: ...

    def refresh_all(self) -> None: ...

    def show_error(self, error: BaseException) -> None: ...


def import_actions(window: TransferHost) -> None:
    wizard = ImportWizard(window.services, _widget(window))
    wizard.exec()
    if wizard.imported is not None and wizard.imported.applied:
        window.refresh_all()


def export_actions(window: TransferHost) -> None:
    path = _save_path(window, "Export actions", "actions.csv", EXPORT_FILTER)
    if path is None:
        return
    if path.suffix.lower() not in (".csv", ".xlsx"):
        path = path.with_suffix(".csv")
    action_filter = window.current_filter()
    run_with_progress(
        _widget(window),
        "Exporting actions…",
        lambda progress, cancelled: window.services.exporter.export_actions(
            path, action_filter, progress=progress, cancelled=cancelled
        ),
        lambda result: _tell(
            window, f"Exported {plural(result.rows, 'action')} to:\n{result.path}"
        ),
        window.show_error,
    )


def export_pack(window: TransferHost) -> None:
    school = window.selected_school() or choose_school(window)
    if school is None:
        return
    path = _save_path(window, "Export school pack", f"{school.urn}{PACK_SUFFIX}", PACK_FILTER)
    if path is None:
        return
    run_with_progress(
        _widget(window),
        "Writing the school pack…",
        lambda progress, _cancelled: window.services.packs.export_pack(school.urn, path, progress),
        lambda summary: _tell(window, summary.describe()),
        window.show_error,
    )


def choose_school(window: TransferHost) -> SchoolRecord | None:
    schools = window.services.schools.list()
    if not schools:
        _tell(window, "There are no schools to export yet.")
        return None
    labels = [f"{s.name} ({s.urn})" for s in schools]
    chosen, ok = QInputDialog.getItem(
        _widget(window), "Export school pack", "School:", labels, 0, False
    )
    return schools[labels.index(chosen)] if ok and chosen in labels else None


def import_pack(window: TransferHost) -> None:
    chosen = open_file_name(_widget(window), "Import school pack", PACK_FILTER)
    if chosen is None:
        return
    _check_pack(window, chosen, None)


def show_keys(window: TransferHost) -> None:
    KeysDialog(window.services, _widget(window)).exec()


def _check_pack(window: TransferHost, path: Path, trust_key: str | None) -> None:
    """The dry run; a school's first pack asks for its key to be confirmed, then runs again."""

    def failed(error: BaseException) -> None:
        if isinstance(error, UnconfirmedKeyError) and trust_key is None:
            if confirm_school_key(_widget(window), error):
                _check_pack(window, path, error.fingerprint)
            return
        window.show_error(error)

    run_with_progress(
        _widget(window),
        "Checking the school pack…",
        lambda progress, cancelled: window.services.packs.import_pack(
            path, dry_run=True, progress=progress, cancelled=cancelled, trust_key=trust_key
        ),
        lambda summary: _confirm_pack(window, path, summary, trust_key),
        failed,
    )


def _confirm_pack(
    window: TransferHost, path: Path, preview: PackImportSummary, trust_key: str | None
) -> None:
    if not preview.has_changes and trust_key is None:  # a confirmed key is still registered
        _tell(window, "\n".join(preview.lines()))
        return
    box = QMessageBox(_widget(window))
    box.setObjectName("packImportConfirm")
    box.setAccessibleName("Import school pack")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(APP_NAME)
    box.setText(
        f"Import the pack for {preview.school_name} ({preview.urn})?\n\n"
        + "\n".join(line.strip() for line in preview.lines()[1:])
        + "\n\nThe database is backed up first."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    if box.exec() != QMessageBox.StandardButton.Yes:
        return
    run_with_progress(
        _widget(window),
        "Importing the school pack…",
        lambda progress, cancelled: window.services.packs.import_pack(
            path, progress=progress, cancelled=cancelled, trust_key=trust_key
        ),
        lambda summary: _imported(window, summary),
        window.show_error,
    )


def _imported(window: TransferHost, summary: PackImportSummary) -> None:
    window.refresh_all()
    _tell(window, "\n".join(summary.lines()))


def _save_path(window: TransferHost, title: str, name: str, filters: str) -> Path | None:
    return save_file_name(_widget(window), title, name, filters)


def _tell(window: TransferHost, text: str) -> None:
    QMessageBox.information(_widget(window), APP_NAME, text)


def _widget(window: Any) -> QWidget | None:
    return window if isinstance(window, QWidget) else None
