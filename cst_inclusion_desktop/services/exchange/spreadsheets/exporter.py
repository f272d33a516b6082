"""Exporting actions to .csv or .xlsx with the columns the importer reads back.

CSV is written as UTF-8 with a byte-order mark (so Excel shows "Zoë" and "Ŵ" correctly) and
Windows line ends. Text that a spreadsheet would run as a formula is neutralised with a leading
apostrophe (``domain.spreadsheet_columns.neutralise``), which the importer removes again. The
file is written to a temporary name and renamed into place, so a failure leaves nothing behind.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.domain.criteria import join_codes
from cst_inclusion_desktop.domain.definitions import rag_text
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.domain.records import ActionRecord
from cst_inclusion_desktop.domain.spreadsheet_columns import COLUMNS, neutralise
from cst_inclusion_desktop.services.context import CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.files import write_atomically
from cst_inclusion_desktop.services.records.actions import ActionService

PAGE = 2000
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int


class SpreadsheetExporter:
    def __init__(self, actions: ActionService) -> None:
        self.actions = actions

    def export_actions(
        self,
        out: Path,
        action_filter: ActionFilter | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ExportResult:
        """Write the actions the filter selects, in the filter's order, to ``out``."""
        suffix = out.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise ValidationError("out", str(out), "a file name ending in .csv or .xlsx")
        action_filter = action_filter or ActionFilter()
        total = self.actions.count(action_filter)
        rows = list(self._rows(action_filter, total, progress, cancelled))
        if suffix == ".csv":
            write_atomically(out, _csv_bytes(rows))
        else:
            write_atomically(out, writer=lambda temporary: _write_xlsx(temporary, rows))
        return ExportResult(out, len(rows))

    def _rows(
        self,
        action_filter: ActionFilter,
        total: int,
        progress: ProgressCallback | None,
        cancelled: CancelCheck | None,
    ) -> Iterator[list[Any]]:
        offset = 0
        while True:
            if cancelled is not None and cancelled():
                raise CancelledError("Export cancelled. No file was written.")
            if progress is not None:
                progress(offset, total, f"Reading actions: {offset:,} of {total:,}")
            page = self.actions.list(action_filter, offset=offset, limit=PAGE)
            for record in page:
                yield row_values(record)
            if len(page) < PAGE:
                return
            offset += PAGE


def headers() -> list[str]:
    return [column.header for column in COLUMNS]


def row_values(record: ActionRecord) -> list[Any]:
    """One action's cells in COLUMNS order: text neutralised, dates as dates."""
    values = {
        "urn": record.urn,
        "principle": record.number,
        "title": record.title,
        "description": record.description,
        "owner": record.owner,
        "status": record.status.label,
        "rag": rag_text(record.rag),
        "start_date": record.start_date,
        "due_date": record.due_date,
        "completed_date": record.completed_date,
        "area_of_need": record.area_of_need.label if record.area_of_need else "",
        "criteria": join_codes(record.criteria),
        "id": record.id,
    }
    return [_safe(values[column.key]) for column in COLUMNS]


def _safe(value: Any) -> Any:
    return neutralise(value) if isinstance(value, str) else value


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Actions")
    sheet.append(headers())
    for row in rows:
        cells: list[Any] = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text begins with
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)
