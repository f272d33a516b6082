"""Menu extensions: each module listed here has ``install(window)`` and adds its own actions
(report, import/export, packs, backup, about) to the main window's menus. Keeping them apart
keeps the main window small and lets each capability own its dialogs."""

from __future__ import annotations

import importlib
from types import ModuleType

EXTENSION_MODULES: list[str] = [
    "cst_inclusion_desktop.ui.reporting.report_dialog",
    "cst_inclusion_desktop.ui.reporting.inspection_dialog",
    "cst_inclusion_desktop.ui.help.user_guide",
    "cst_inclusion_desktop.ui.help.about_dialog",
    "cst_inclusion_desktop.ui.safety.backup_menu",
    "cst_inclusion_desktop.ui.safety.check_dialog",
    "cst_inclusion_desktop.ui.exchange.transfer_menu",
    "cst_inclusion_desktop.ui.exchange.template_menu",
    "cst_inclusion_desktop.ui.window.saved_views",
    "cst_inclusion_desktop.ui.reporting.action_sheet_menu",
    "cst_inclusion_desktop.ui.records.bulk_changes",
    "cst_inclusion_desktop.ui.window.window_finish",
    "cst_inclusion_desktop.ui.window.table_menu",
    "cst_inclusion_desktop.ui.window.live_refresh",  # not a menu: live refresh and its banner
    "cst_inclusion_desktop.ui.window.signed_in_status",  # not a menu: who is signed in
]


def extension_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in EXTENSION_MODULES]
