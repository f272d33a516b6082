"""Reading a .csv or .xlsx file into rows of cells, numbered as the spreadsheet shows them.

CSV text is decoded and split into rows by ``csv_text`` (one encoding for the whole file, strict
quotes); an .xlsx is checked by ``workbook_limits`` before openpyxl reads it. A quoted field may
hold commas and new lines and still counts as one spreadsheet row, so row numbers match what the
user sees (the header is row 1).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.services.exchange.spreadsheets.csv_text import csv_records, decode_csv
from cst_inclusion_desktop.services.exchange.spreadsheets.workbook_limits import (
    CELL_LIMIT,
    ROW_LIMIT,
    check_workbook,
)
from cst_inclusion_desktop.services.files import read_input_file

Cell = str | date | None
SUFFIXES = (".csv", ".xlsx")
FILE_LIMIT_BYTES = 200 * 1024 * 1024
# What openpyxl raises on a damaged or hostile workbook (an XML ParseError is a SyntaxError;
# defusedxml's refusals are ValueErrors). Each becomes a clear refusal, never "unexpected failure".
WORKBOOK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,
    EOFError,
    OSError,
    NotImplementedError,
)


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


def _read_csv(path: Path, data: bytes) -> Sheet:
    text, encoding = decode_csv(path, data)
    return _sheet(csv_records(path, text), encoding)


def _read_xlsx(path: Path, data: bytes) -> Sheet:
    check_workbook(path, data)  # limits, DTDs and entities, before openpyxl sees a byte
    import openpyxl  # imported here: only .xlsx users pay for it

    records: list[list[Cell]] = []
    formula_sets: list[frozenset[int]] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            worksheet = workbook.worksheets[0]
            # A forged <dimension> would pad every row to 16,384 cells: size rows by their cells.
            worksheet.reset_dimensions()
            cells = 0
            for row in worksheet.iter_rows():
                cells += len(row)
                _check_read_limits(path, len(records) + 1, cells)
                values: list[Cell] = []
                formulas: set[int] = set()
                for index, cell in enumerate(row):
                    if getattr(cell, "data_type", "") == "f":
                        formulas.add(index)
                    values.append(_cell_value(getattr(cell, "value", None)))
                records.append(values)
                formula_sets.append(frozenset(formulas))
        finally:
            workbook.close()
    except WORKBOOK_ERRORS as error:
        raise ValidationError(
            "file", str(path), f"an Excel .xlsx workbook ({type(error).__name__}: {error})"
        ) from error
    return _sheet(records, "xlsx", formula_sets)


def _check_read_limits(path: Path, rows: int, cells: int) -> None:
    """The sheet as openpyxl yields it (gaps filled in) within the same limits as its XML."""
    if rows > ROW_LIMIT:
        raise ValidationError(
            "rows", f"{rows:,}", f"a first sheet of at most {ROW_LIMIT:,} rows", where=str(path)
        )
    if cells > CELL_LIMIT:
        raise ValidationError(
            "cells", f"{cells:,}", f"a first sheet of at most {CELL_LIMIT:,} cells", where=str(path)
        )


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
    records: Sequence[Sequence[Cell]],
    encoding: str,
    formulas: list[frozenset[int]] | None = None,
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
