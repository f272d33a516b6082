"""Menu extensions: each module listed here has ``install(window)`` and adds its own actions
(report, import/export, packs, backup, about) to the main window's menus. Keeping them apart
keeps the main window small and lets each capability own its dialogs."""

from __future__ import annotations

import importlib
from types import ModuleType

EXTENSION_MODULES: list[str] = [
    "cst_inclusion_desktop.ui.reporting.report_dialog",
    "cst_inclusion_desktop.ui.reporting.inspection_dialog",
    "cst_inclusion_desktop.ui.help.about_dialog",
    "cst_inclusion_desktop.ui.safety.backup_menu",
    "cst_inclusion_desktop.ui.safety.check_dialog",
    "cst_inclusion_desktop.ui.exchange.transfer_menu",
]


def extension_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in EXTENSION_MODULES]
