"""Turning a CSV file's bytes into rows of text, or a refusal naming the row that is wrong.

The encoding is decided for the WHOLE file, never guessed line by line: UTF-16 or UTF-32 when a
byte-order mark or the NUL-byte pattern of UTF-16 says so; else UTF-8 (with or without a
byte-order mark); else Windows-1252, Excel's "CSV" on Windows. A file that is UTF-8 in some rows
and Windows-1252 in others (two exports pasted together) cannot be read either way without
turning "Zoë" into "ZoÃ«", so it is refused, naming the first row whose bytes do not fit. Rows are
parsed in csv's strict mode, so a quote that is never closed — which would otherwise swallow the
rest of the file into one cell — is refused too. Row numbers are the spreadsheet's (a quoted
field with line breaks stays one row; the first line is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from cst_inclusion_desktop.domain.errors import ValidationError

UTF8_BOM = codecs.BOM_UTF8
# UTF-32's little-endian mark begins with UTF-16's, so it is tried first.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
NUL_SAMPLE_BYTES = 512
SAVE_AS_UTF8 = 'save it again as "CSV UTF-8"'
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # what "surrogateescape" makes of a bad byte
_REAL_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def decode_csv(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was in."""
    wide = _wide_encoding(data)
    if wide is not None:
        return _decode_wide(path, data, wide), wide
    if data.startswith(UTF8_BOM):
        text = data[len(UTF8_BOM) :].decode("utf-8", "surrogateescape")
        _refuse_escaped(path, text, "bytes that are not UTF-8, though the file says it is UTF-8")
        return text, "utf-8-sig"
    text = data.decode("utf-8", "surrogateescape")
    if _ESCAPED_BYTE.search(text) is None:
        return text, "utf-8"
    if _REAL_NON_ASCII.search(text) is not None:
        _refuse_escaped(
            path, text, "one encoding for the whole file (other rows are UTF-8, this one is not)"
        )
    text = data.decode("cp1252", "surrogateescape")
    _refuse_escaped(path, text, "a CSV file saved as UTF-8 or Windows-1252 (Excel's CSV)")
    return text, "cp1252"


def delimiter_of(text: str) -> str:
    """Excel in some locales saves with semicolons (or tabs); the header line tells which."""
    first_line = text.split("\n", 1)[0]
    if "," in first_line:
        return ","
    return ";" if ";" in first_line else ("\t" if "\t" in first_line else ",")


def csv_records(path: Path, text: str) -> list[list[str]]:
    """Every row of the file, blank rows included, so positions are spreadsheet row numbers."""
    delimiter = delimiter_of(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    last_line = 0  # the physical line the previous row ended on
    try:
        for record in reader:
            records.append(record)
            last_line = reader.line_num
    except csv.Error as error:
        lines = io.StringIO(text, newline="").readlines()
        start = lines[last_line] if last_line < len(lines) else ""
        expected = (
            'a closing quote mark (") for the quoted cell that starts in this row'
            if "end of data" in str(error)
            else f"a well-formed CSV row ({error})"
        )
        raise ValidationError(
            "row", start.rstrip("\r\n"), expected, where=f"{path}, row {len(records) + 1}"
        ) from error
    return records


def _wide_encoding(data: bytes) -> str | None:
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding
    sample = data[:NUL_SAMPLE_BYTES]
    if len(sample) < 2 or b"\x00" not in sample:
        return None
    evens, odds = sample[0::2], sample[1::2]
    if evens.count(0) == 0 and odds.count(0) * 2 >= len(odds):
        return "utf-16-le"  # text in the Latin range: "U\0R\0N\0"
    if odds.count(0) == 0 and evens.count(0) * 2 >= len(evens):
        return "utf-16-be"
    return None


def _decode_wide(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode(encoding, "replace").removeprefix("\ufeff")
        raise ValidationError(
            "encoding",
            f"bytes {data[error.start : error.end].hex(' ').upper()} at byte {error.start:,}",
            f"a {encoding.upper()} file that decodes cleanly, or {SAVE_AS_UTF8}",
            where=f"{path}, row {_row_after(before)}",
        ) from error


def _refuse_escaped(path: Path, text: str, expected: str) -> None:
    """Refuse the file at the first byte the decoder could not read, if there is one."""
    found = _ESCAPED_BYTE.search(text)
    if found is None:
        return
    byte = ord(found.group()) - 0xDC00
    raise ValidationError(
        "encoding",
        f"byte 0x{byte:02X}",
        f"{expected}; {SAVE_AS_UTF8}",
        where=f"{path}, row {_row_after(text[: found.start()])}",
    )


def _row_after(text: str) -> int:
    """The spreadsheet row in which the character just after ``text`` falls."""
    reader = csv.reader(io.StringIO(text + "x", newline=""), delimiter=delimiter_of(text))
    return sum(1 for _ in reader)
