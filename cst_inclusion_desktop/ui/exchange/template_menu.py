"""File ▸ Save import template…: the XLSX a school fills in and imports (placed right after
Import actions…), also offered on the Import wizard's first page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.errors import show_error
from cst_inclusion_desktop.ui.widgets.file_dialogs import save_file_name

if TYPE_CHECKING:
    from cst_inclusion_desktop.ui.window.main_window import MainWindow

TEMPLATE_NAME = "Actions import template.xlsx"
XLSX_FILTER = "Excel workbooks (*.xlsx)"


def save_template(services: Services, parent: QWidget | None) -> Path | None:
    """Ask where, then write the template; a message says where it went."""
    from cst_inclusion_desktop.services.exchange.spreadsheets.template import TemplateService

    out = save_file_name(parent, "Save the import template as", TEMPLATE_NAME, XLSX_FILTER)
    if out is None:
        return None
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    try:
        written = TemplateService(services.context).write_template(out)
    except InclusionError as error:
        show_error(parent, error)
        return None
    QMessageBox.information(
        parent,
        APP_NAME,
        f"Saved the template as {written.name}.\n\nFill in one row per action on the Actions "
        "sheet (the Allowed values sheet lists the choices), then use File ▸ Import actions….",
    )
    return written


def install(window: MainWindow) -> None:
    menu = window.menu("file")
    action = QAction("Save import &template…", window)
    action.setObjectName("saveImportTemplateAction")
    tip = "Save a spreadsheet with the import columns, an example row and the allowed values"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda: save_template(window.services, window))
    names = [entry.objectName() for entry in menu.actions()]
    if "actionExportActions" in names:
        menu.insertAction(menu.actions()[names.index("actionExportActions")], action)
    else:
        menu.addAction(action)
