"""Menu extensions: the entries that report, import/export, packs, backup, check and about add
to the main window's menus. Each entry names the function that opens its dialog; the dialog's
module is imported when the entry is first used (``lazy_dialogs.py``), so none of them, nor
ReportLab, openpyxl or cryptography behind them, is loaded before the window is painted.

``EXTENSION_MODULES`` still takes a module with ``install(window)``, imported at start, for an
extension that must act before it is used; prefer an entry.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.ui.window.lazy_dialogs import (
    MenuEntry,
    SchoolEntry,
    install_entries,
    resolve,
)

EXTENSION_MODULES: list[str] = []

CHECK_TIP = "Prove the database sound: audit chain, rows against it, evidence files, report anchors"
EXPORT_PACK_TIP = "Write one school's record to a file for the trust lead"
IMPORT_PACK_TIP = "Merge a school's pack into this database"
KEYS_TIP = "Show the keys that sign and encrypt school packs; at the trust, the schools' keys"

# In menu order: File gets the board paper, then backup, then import/export, then Quit.
MENU_ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry(
        "file",
        "boardReportAction",
        "Board &paper…",
        "Write the board paper (PDF or DOCX) and its annex",
        "reporting.report_dialog:open_report_dialog",
        shortcut="Ctrl+P",
        on_toolbar=True,
    ),
    MenuEntry(
        "help",
        "actionAbout",
        f"&About {APP_NAME}",
        "Version, database in use and third-party licences",
        "help.about_dialog:open_about_dialog",
        about_role=True,
    ),
    MenuEntry(
        "file",
        "backUpNowAction",
        "&Back up now…",
        "Make a verified copy of the database in the backup folder",
        "safety.backup_menu:back_up_now",
        separator_before=True,
    ),
    MenuEntry(
        "file",
        "restoreFromBackupAction",
        "&Restore from backup…",
        "Replace the database with one of its backups",
        "safety.backup_menu:choose_and_restore",
    ),
    MenuEntry(
        "tools",
        "checkDatabaseAction",
        "&Check database…",
        CHECK_TIP,
        "safety.check_dialog:open_check_dialog",
        tool_tip=CHECK_TIP,
    ),
    MenuEntry(
        "file",
        "actionImportActions",
        "&Import actions…",
        "Import actions from a .csv or .xlsx file",
        "exchange.transfer_menu:import_actions",
        tool_tip="Import actions from a .csv or .xlsx file",
        separator_before=True,
    ),
    MenuEntry(
        "file",
        "actionExportActions",
        "&Export actions…",
        "Export the actions the list shows",
        "exchange.transfer_menu:export_actions",
        tool_tip="Export the actions the list shows",
    ),
    MenuEntry(
        "file",
        "actionExportPack",
        "Export school &pack…",
        EXPORT_PACK_TIP,
        "exchange.transfer_menu:export_pack",
        tool_tip=EXPORT_PACK_TIP,
    ),
    MenuEntry(
        "file",
        "actionImportPack",
        "Import school pac&k…",
        IMPORT_PACK_TIP,
        "exchange.transfer_menu:import_pack",
        tool_tip=IMPORT_PACK_TIP,
    ),
    MenuEntry(
        "file",
        "actionPackKeys",
        "School pack ke&ys…",
        KEYS_TIP,
        "exchange.transfer_menu:show_keys",
        tool_tip=KEYS_TIP,
    ),
)

SCHOOL_ENTRIES: tuple[SchoolEntry, ...] = (
    SchoolEntry(
        "schoolReportAction",
        "Report for this school…",
        "reporting.report_dialog:open_report_dialog",
    ),
    SchoolEntry(
        "schoolInspectionAction",
        "&Inspection summary…",
        "reporting.inspection_dialog:open_inspection_dialog",
        "Write {name}'s inspection summary, criterion by criterion",
    ),
)


def install_menu_entries(window: Any) -> None:
    """Every entry above into the window's menus; no dialog module is imported yet."""
    install_entries(window, MENU_ENTRIES, SCHOOL_ENTRIES)


def load_every_opener() -> int:
    """Import every entry's module now, as the self-test does to prove a frozen build carries
    them all (they are imported by name, which PyInstaller's analysis cannot follow)."""
    targets = [entry.opens for entry in MENU_ENTRIES] + [entry.opens for entry in SCHOOL_ENTRIES]
    return len([resolve(target) for target in targets])


def extension_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in EXTENSION_MODULES]
