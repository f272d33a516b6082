"""File ▸ Save import template…: an XLSX a school can fill in and import straight back.

Its "Actions" sheet has the importer's headers (domain/spreadsheet_columns.py, so the template
can never drift from what the importer reads) and one example row; its "Allowed values" sheet
lists the statuses, RAGs, areas of need, this trust's principles and schools, and the Status,
RAG and Area of need columns offer those values as a drop-down.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.atomic_write import check_output_path
from cst_inclusion_desktop.domain.enums import AreaOfNeed, Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.spreadsheet_columns import COLUMNS, column_letter
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.files import write_atomically
from cst_inclusion_desktop.services.records.schools import SchoolService
from cst_inclusion_desktop.services.records.trust import TrustService

ACTIONS_SHEET = "Actions"
VALUES_SHEET = "Allowed values"
EXAMPLE_TITLE = "Example: screen Year R speech and language (replace or delete this row)"
DATE_FORMAT = "yyyy-mm-dd"
CHOICE_COLUMNS = {"status": Status, "rag": Rag, "area_of_need": AreaOfNeed}


class TemplateService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def write_template(self, out: Path) -> Path:
        """Write the template to ``out`` (an .xlsx); any earlier file is replaced whole."""
        if Path(out).suffix.lower() != ".xlsx":
            raise ValidationError("out", str(out), "a file name ending .xlsx")
        target = check_output_path(Path(out))
        schools = SchoolService(self.context).list()
        principles = TrustService(self.context).principles()
        today = self.context.today()
        example = _example(schools[0].urn if schools else "100001", today)
        values = {
            "Status": [status.label for status in Status],
            "RAG": [rag.label for rag in Rag],
            "Area of need": [area.label for area in AreaOfNeed],
            "Principle": [f"{p.number}. {p.title}" for p in principles],
            "School URN": [school.urn for school in schools],
            "School": [school.name for school in schools],
        }
        write_atomically(target, writer=lambda temporary: _write(temporary, example, values))
        return target


def _example(urn: str, today: date) -> dict[str, Any]:
    return {
        "urn": urn,
        "principle": 1,
        "title": EXAMPLE_TITLE,
        "description": "Use the speech and language screener with every Year R class.",
        "owner": "SENCO",
        "status": Status.PLANNED.label,
        "rag": "",
        "start_date": today,
        "due_date": today + timedelta(days=42),
        "completed_date": None,
        "area_of_need": AreaOfNeed.COMMUNICATION_INTERACTION.label,
        "id": "",
        "criteria": "",
    }


def _write(path: Path, example: dict[str, Any], values: dict[str, list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = ACTIONS_SHEET
    sheet.append([column.header for column in COLUMNS])
    sheet.append([example.get(column.key, "") for column in COLUMNS])
    for index, column in enumerate(COLUMNS):
        letter = column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        cell = sheet[f"{letter}2"]
        if column.is_date:
            cell.number_format = DATE_FORMAT
        elif isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula
    sheet.column_dimensions[column_letter(2)].width = 60
    sheet.freeze_panes = "A2"
    allowed = workbook.create_sheet(VALUES_SHEET)
    for index, (header, items) in enumerate(values.items(), start=1):
        allowed.cell(row=1, column=index, value=header).font = Font(bold=True)
        allowed.column_dimensions[column_letter(index - 1)].width = 28
        for row, item in enumerate(items, start=2):
            allowed.cell(row=row, column=index, value=item).data_type = "s"
    headers = list(values)
    for key, kind in CHOICE_COLUMNS.items():
        position = next(i for i, column in enumerate(COLUMNS) if column.key == key)
        source = column_letter(headers.index(_header_for(key)))
        validation = DataValidation(
            type="list",
            formula1=f"'{VALUES_SHEET}'!${source}$2:${source}${len(list(kind)) + 1}",
            allow_blank=True,
        )
        validation.error = f"Choose one of the values on the {VALUES_SHEET} sheet."
        sheet.add_data_validation(validation)
        letter = column_letter(position)
        validation.add(f"{letter}2:{letter}1000")
    workbook.save(path)


def _header_for(key: str) -> str:
    return {"status": "Status", "rag": "RAG", "area_of_need": "Area of need"}[key]
