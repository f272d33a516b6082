"""Crafted .xlsx workbooks (issue 12, finding 15): entity bombs, XXE, millions of shared
strings, rows or cells, oversized, duplicate, lying or too many parts.

Each workbook is a real one from openpyxl, zipped again with the hostile part; each must be
refused with exit 2 and one line naming the file and the part, the database unchanged.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from defusedxml import EntitiesForbidden

from cst_inclusion_desktop.services import Services
from tests.conftest import CliResult, file_state

Cli = Callable[..., CliResult]
SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS = "xl/sharedStrings.xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _workbook(tmp_path: Path, parts: dict[str, bytes], *, duplicate: bool = False) -> Path:
    """A real workbook from openpyxl with ``parts`` added or replaced, zipped again."""
    book = openpyxl.Workbook()
    book.worksheets[0].append(["URN", "Principle", "Title"])
    book.worksheets[0].append([100001, 1, "Reading"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    path = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we want
        for name in source.namelist():
            if duplicate or name not in parts:
                archive.writestr(name, _declared(source.read(name), name, parts))
        for name, body in parts.items():
            archive.writestr(name, body)
    return path


def _declared(body: bytes, name: str, parts: dict[str, bytes]) -> bytes:
    """[Content_Types].xml declaring added shared strings, as Excel would."""
    if name != "[Content_Types].xml" or STRINGS not in parts:
        return body
    override = f'<Override PartName="/{STRINGS}" ContentType="{STRINGS_TYPE}"/></Types>'
    return body.replace(b"</Types>", override.encode())


def _sheet_xml(rows: str, prolog: str = "") -> bytes:
    text = f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{SPREADSHEET_NS}"><sheetData>'
    return (text + rows + "</sheetData></worksheet>").encode()


SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
XXE = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
ENTITY_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
XXE_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row>'
MANY_STRINGS = f'<sst xmlns="{SPREADSHEET_NS}">' + "<si><t>a</t></si>" * 1_000_001 + "</sst>"
WIDE_ROW = '<row r="1">' + '<c r="A1"><v>1</v></c>' * 16_385 + "</row>"
CRAFTED: dict[str, tuple[Callable[[], dict[str, bytes]], str]] = {
    "entity bomb": (
        lambda: {SHEET: _sheet_xml(ENTITY_ROW, LAUGHS)},
        "member xl/worksheets/sheet1.xml: XML: value '<!DOCTYPE lolz>' — expected a workbook "
        "part without DTDs",
    ),
    "XXE": (lambda: {SHEET: _sheet_xml(XXE_ROW, XXE)}, "value '<!DOCTYPE x>'"),
    "shared strings": (
        lambda: {STRINGS: MANY_STRINGS.encode()},
        "member xl/sharedStrings.xml: shared strings: value '1,000,001' — expected at most "
        "1,000,000",
    ),
    "wide row": (
        lambda: {SHEET: _sheet_xml(WIDE_ROW)},
        "cells in one row: value '16,385' — expected at most 16,384 cells in a row",
    ),
    "many rows": (
        lambda: {SHEET: _sheet_xml('<row r="1"/>' * 200_001)},
        "rows: value '200,001' — expected at most 200,000 rows",
    ),
    "loose elements": (
        lambda: {"xl/styles.xml": b"<styleSheet>" + b"<x/>" * 500_000 + b"</styleSheet>"},
        "member xl/styles.xml: elements: value '500,001' — expected at most 500,000 XML elements",
    ),
    "big part": (
        lambda: {"xl/media/image1.png": bytes(17 * 1024 * 1024)},
        "member xl/media/image1.png: size: value '17,825,792 bytes' — expected at most 16 MB",
    ),
    "many parts": (
        lambda: {f"xl/media/{n}.png": b"" for n in range(1_000)},
        "members: value '1,009' — expected an .xlsx workbook of at most 1,000 parts",
    ),
    "bad XML": (lambda: {SHEET: b"<worksheet><sheetData>"}, "member xl/worksheets/sheet1.xml: XML"),
}


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_crafted_workbooks_are_refused_before_openpyxl_reads_them(
    cli: Cli, services: Services, tmp_path: Path, db_path: Path, case: str
) -> None:
    parts, message = CRAFTED[case]
    path = _workbook(tmp_path, parts())
    before = file_state(db_path)
    result = cli("import", "actions", str(path))
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and f"{path}" in result.err and message in result.err
    assert file_state(db_path) == before


def test_a_duplicate_part_name_is_refused(cli: Cli, services: Services, tmp_path: Path) -> None:
    path = _workbook(tmp_path, {SHEET: _sheet_xml("")}, duplicate=True)
    result = cli("import", "actions", str(path))
    assert result.code == 2
    member = "xl/worksheets/sheet1.xml"
    assert f"member {member}: member: value '{member}' — " in result.err
    assert "expected each part name once" in result.err


def test_openpyxl_itself_parses_through_defusedxml(tmp_path: Path) -> None:
    """Defence in depth: even past our own check, openpyxl refuses entities."""
    assert openpyxl.DEFUSEDXML is True
    path = _workbook(tmp_path, {SHEET: _sheet_xml(ENTITY_ROW, LAUGHS)})
    with pytest.raises(ValueError, match="could not read worksheets") as error:
        openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    assert isinstance(error.value.__context__, EntitiesForbidden)


READING = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>URN</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Principle</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Title</t></is></c></row>'
    '<row r="2"><c r="A2"><v>100001</v></c><c r="B2"><v>1</v></c>'
    '<c r="C2" t="inlineStr"><is><t>Reading</t></is></c></row>'
)
PADDING = " " * (17 * 1024 * 1024)  # past the 16 MB allowed to a part that is not streamed


def test_only_parts_declared_as_sheets_or_strings_may_be_large(
    cli: Cli, services: Services, tmp_path: Path
) -> None:
    """openpyxl builds every other part as a whole tree in memory: a big part under a sheet's
    name that [Content_Types].xml does not declare as a worksheet is refused."""
    declared = _workbook(tmp_path, {SHEET: _sheet_xml(READING + PADDING)})
    assert cli("import", "actions", str(declared)).code == 0
    assert [a.title for a in services.actions.list(limit=None)] == ["Reading"]
    hidden = "xl/worksheets/sheet2.xml"
    result = cli("import", "actions", str(_workbook(tmp_path, {hidden: _sheet_xml(PADDING)})))
    assert result.code == 2, result.err
    assert f"member {hidden}: size: value '17,825," in result.err
    assert "expected at most 16 MB uncompressed for this part" in result.err


def test_a_part_longer_than_its_declared_size_is_refused(
    cli: Cli, services: Services, tmp_path: Path, db_path: Path
) -> None:
    """zipfile stops at the declared size (with a CRC error), so the declared size is a bound."""
    path = _workbook(tmp_path, {SHEET: _sheet_xml(READING)})
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(SHEET)] != SHEET.encode():
        entry = data.find(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 10)  # the central directory's uncompressed size
    local = struct.unpack_from("<I", data, entry + 42)[0]
    struct.pack_into("<I", data, local + 22, 10)  # and the local header's
    path.write_bytes(bytes(data))
    before = file_state(db_path)
    result = cli("import", "actions", str(path))
    assert result.code == 2, result.err
    assert f"{path}, member {SHEET}: member: value '{SHEET}' — expected a readable" in result.err
    assert "Bad CRC-32" in result.err and file_state(db_path) == before
