"""Reading a .csv or .xlsx file into rows of cells, numbered as the spreadsheet shows them.

CSV text is UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252 — what
Excel on Windows saves as "CSV". A quoted field may hold commas and new lines and still counts
as one spreadsheet row, so row numbers match what the user sees (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.services.files import read_input_file

Cell = str | date | None
SUFFIXES = (".csv", ".xlsx")
FILE_LIMIT_BYTES = 200 * 1024 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int  # as the spreadsheet shows it; the header is row 1
    cells: tuple[Cell, ...]
    formulas: frozenset[int] = frozenset()  # positions of .xlsx cells that hold formulas


@dataclass(frozen=True, slots=True)
class Sheet:
    header: tuple[str, ...]
    rows: list[SheetRow]
    encoding: str
    header_row: int = 1  # blank rows above the header are allowed


def read_sheet(path: Path) -> Sheet:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError("file", str(path), "a .csv or .xlsx file")
    data = read_input_file(path, "file", limit=FILE_LIMIT_BYTES)
    return _read_xlsx(path, data) if suffix == ".xlsx" else _read_csv(path, data)


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in."""
    if data.startswith(BOM):
        encoding = "utf-8-sig"
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise ValidationError(
            "file",
            f"byte 0x{data[error.start]:02X} at position {error.start:,}",
            "a CSV file saved as UTF-8 or Windows-1252 (Excel's CSV)",
        ) from error


def _read_csv(path: Path, data: bytes) -> Sheet:
    text, encoding = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:  # Excel in some locales saves with semicolons
        delimiter = ";" if ";" in first_line else ("\t" if "\t" in first_line else ",")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ValidationError("file", str(path), f"a readable CSV file ({error})") from error
    return _sheet(records, encoding)


def _read_xlsx(path: Path, data: bytes) -> Sheet:
    import openpyxl  # imported here: only .xlsx users pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ValidationError(
            "file", str(path), f"an Excel .xlsx workbook ({type(error).__name__})"
        ) from error
    try:
        worksheet = workbook.worksheets[0]
        records: list[list[Cell]] = []
        formula_sets: list[frozenset[int]] = []
        for row in worksheet.iter_rows():
            values: list[Cell] = []
            formulas: set[int] = set()
            for index, cell in enumerate(row):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", "") == "f":
                    formulas.add(index)
                values.append(_cell_value(value))
            records.append(values)
            formula_sets.append(frozenset(formulas))
    finally:
        workbook.close()
    return _sheet(records, "xlsx", formula_sets)


def _cell_value(value: object) -> Cell:
    """Numbers, dates and booleans from a workbook, as the text or date the importer expects."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet(
    records: Sequence[Sequence[Cell]], encoding: str, formulas: list[frozenset[int]] | None = None
) -> Sheet:
    header_index = next((i for i, record in enumerate(records) if not _blank(record)), None)
    if header_index is None:
        raise ValidationError("file", "no rows", "a header row naming the columns, then actions")
    header = tuple(str(cell or "").strip() for cell in records[header_index])
    rows = [
        SheetRow(index + 1, tuple(record), formulas[index] if formulas else frozenset())
        for index, record in enumerate(records)
        if index > header_index and not _blank(record)
    ]
    return Sheet(header, rows, encoding, header_index + 1)


def _blank(record: Sequence[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in record)
