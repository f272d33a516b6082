"""Menu extensions: the entries that report, import/export, packs, backup, check and about add
to the main window's menus. Each entry names the function that opens its dialog; the dialog's
module is imported when the entry is first used (``lazy_dialogs.py``), so none of them, nor
ReportLab, openpyxl or cryptography behind them, is loaded before the window is painted.

``EXTENSION_MODULES`` lists the modules with ``install(window)``, imported at start: those that
must act before anything is chosen (views, the table menu, the window's fit) or are small; for
a new dialog behind a menu item, prefer an entry.
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

# Installed after MENU_ENTRIES, in this order (some place theirs relative to an entry's: the
# template before Export actions, the user guide before About).
EXTENSION_MODULES: list[str] = [
    "cst_inclusion_desktop.ui.help.user_guide",
    "cst_inclusion_desktop.ui.exchange.template_menu",
    "cst_inclusion_desktop.ui.window.saved_views",
    "cst_inclusion_desktop.ui.reporting.action_sheet_menu",
    "cst_inclusion_desktop.ui.records.bulk_changes",
    "cst_inclusion_desktop.ui.window.window_finish",
    "cst_inclusion_desktop.ui.window.table_menu",
    "cst_inclusion_desktop.ui.window.live_refresh",  # not a menu: live refresh and its banner
    "cst_inclusion_desktop.ui.window.signed_in_status",  # not a menu: who is signed in
]

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
        # Ctrl+P stays the board paper, the trust's printed report since the first release; one
        # action's record prints with Ctrl+Alt+P (action_sheet_menu). The shortcuts list says so.
        "Write the board paper (PDF or DOCX) and its annex; Ctrl+Alt+P prints one action",
        "reporting.report_dialog:open_report_dialog",
        shortcut="Ctrl+P",
        on_toolbar=True,
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

# Installed after the modules: Help ▸ About goes below the user guide's entries.
LATE_ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry(
        "help",
        "actionAbout",
        f"&About {APP_NAME}",
        "Version, database in use and third-party licences",
        "help.about_dialog:open_about_dialog",
        about_role=True,
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


def install_extensions(window: Any, modules: list[ModuleType]) -> None:
    """Every entry and module above into the window, in menu order; no dialog is imported."""
    install_entries(window, MENU_ENTRIES, SCHOOL_ENTRIES)
    for module in modules:
        module.install(window)
    install_entries(window, LATE_ENTRIES, ())


def load_every_opener() -> int:
    """Import every entry's module now, as the self-test does to prove a frozen build carries
    them all (they are imported by name, which PyInstaller's analysis cannot follow)."""
    entries = MENU_ENTRIES + LATE_ENTRIES
    targets = [entry.opens for entry in entries] + [entry.opens for entry in SCHOOL_ENTRIES]
    return len([resolve(target) for target in targets])


def extension_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in EXTENSION_MODULES]
