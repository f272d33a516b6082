"""Checking an .xlsx file from outside before openpyxl reads it.

An .xlsx is a zip of XML parts, and openpyxl trusts both: a 5 MB file can declare two million
shared strings (all held in memory), one row can carry millions of cells, an XML part can
declare entities (a "billion laughs" bomb) or point at files on this computer (XXE). So, first:
the zip's member count, names and declared sizes (``zipfile`` never inflates a member beyond its
declared size: it stops with a CRC error) — only parts [Content_Types].xml declares as worksheets
or shared strings, which openpyxl streams, may be large — then a streaming count of every XML
part with defusedxml's SAX parser, which refuses DTDs and entities and keeps no tree. Only a
workbook within every limit is handed to openpyxl, which itself parses through defusedxml when
it is installed (it is a dependency of this app).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.sax import SAXException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl

import defusedxml.sax
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

from cst_inclusion_desktop.domain.errors import ValidationError

MiB = 1024 * 1024
MEMBER_COUNT_LIMIT = 1_000
DATA_MEMBER_LIMIT_BYTES = 256 * MiB  # a worksheet or the shared strings, uncompressed
OTHER_MEMBER_LIMIT_BYTES = 16 * MiB  # styles, themes, relationships, images ...
TOTAL_LIMIT_BYTES = 512 * MiB
ROW_LIMIT = 200_000  # twice the benchmark trust's 100,000 actions
CELL_LIMIT = 3_000_000
ROW_CELL_LIMIT = 16_384  # Excel's own column limit (A to XFD)
SHARED_STRING_LIMIT = 1_000_000
LOOSE_ELEMENT_LIMIT = 500_000  # per part; Excel's 64,000 cell styles need about 200,000
LOOSE_NOUN = "XML elements outside rows and shared strings in one part"
CONTENT_TYPES = "[Content_Types].xml"
_SPREADSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."
# The parts openpyxl streams (read-only worksheets, the shared strings) may be large; it builds
# every other part as a whole tree in memory, so those stay small.
STREAMED_TYPES = frozenset(
    {_SPREADSHEET_TYPE + "worksheet+xml", _SPREADSHEET_TYPE + "sharedStrings+xml"}
)
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_XML_LEAD_BYTES = b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"  # byte-order marks, UTF-16 NULs, spaces
_PEEK_BYTES = 64
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)


@dataclass
class _Counts:
    """Rows, cells and shared strings seen so far across the workbook's XML parts."""

    rows: int = 0
    cells: int = 0
    shared_strings: int = 0
    row_cells: int = 0
    problem: tuple[str, int, str] | None = field(default=None)  # field, value, expected


class _LimitReached(Exception):
    """Stops the SAX parse as soon as a limit is passed: the rest is never read."""


class _Counter(ContentHandler):
    """Counts one part. openpyxl frees each row and each shared string once read, but keeps
    every other element (in a tree, or under the root while streaming): those are "loose"."""

    def __init__(self, counts: _Counts) -> None:
        super().__init__()
        self.counts = counts
        self.loose = 0
        self.depth = 0  # how deep inside a row or a shared string the parser is

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # the SAX API's name
        counts = self.counts
        local = name.rpartition(":")[2]
        if self.depth:
            self.depth += 1
            if local == "c":
                counts.cells += 1
                counts.row_cells += 1
                self._check("cells", counts.cells, CELL_LIMIT, "cells in the workbook's sheets")
                self._check("cells in one row", counts.row_cells, ROW_CELL_LIMIT, "cells in a row")
        elif local == "row":
            self.depth = 1
            counts.rows += 1
            counts.row_cells = 0
            self._check("rows", counts.rows, ROW_LIMIT, "rows in the workbook's sheets")
        elif local == "si":
            self.depth = 1
            counts.shared_strings += 1
            self._check(
                "shared strings",
                counts.shared_strings,
                SHARED_STRING_LIMIT,
                "shared strings (the text values a workbook stores once)",
            )
        else:
            self.loose += 1
            self._check("elements", self.loose, LOOSE_ELEMENT_LIMIT, LOOSE_NOUN)

    def endElement(self, name: str) -> None:  # the SAX API's name
        if self.depth:
            self.depth -= 1

    def _check(self, what: str, count: int, limit: int, noun: str) -> None:
        if count > limit:
            self.counts.problem = (what, count, f"at most {limit:,} {noun}")
            raise _LimitReached


class _ContentTypes(ContentHandler):
    """The content type each part is declared with (an ``Override`` in [Content_Types].xml)."""

    def __init__(self) -> None:
        super().__init__()
        self.declared: dict[str, set[str]] = {}

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # the SAX API's name
        if name.rpartition(":")[2] == "Override":
            part = str(attrs.get("PartName", "")).lstrip("/")
            self.declared.setdefault(part, set()).add(str(attrs.get("ContentType", "")))

    def streamed(self) -> frozenset[str]:
        """Parts declared only as a worksheet or the shared strings (never this file itself)."""
        return frozenset(
            part
            for part, types in self.declared.items()
            if types <= STREAMED_TYPES and part != CONTENT_TYPES
        )


def check_workbook(path: Path, data: bytes) -> None:
    """Raise ValidationError, naming the file and the member, unless ``data`` is a workbook
    within every limit above and free of DTDs and entity declarations."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            "file", str(path), "an Excel .xlsx workbook (this is not a zip archive)"
        ) from error
    with archive:
        members = archive.infolist()
        _check_members(path, members)
        declared = _ContentTypes()
        for info in members:
            if info.filename == CONTENT_TYPES:
                _check_size(path, info, frozenset())
                _scan_member(path, archive, info, declared)
        _check_sizes(path, members, declared.streamed())
        counts = _Counts()
        for info in members:
            _scan_member(path, archive, info, _Counter(counts), counts)


def _check_members(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MEMBER_COUNT_LIMIT:
        raise ValidationError(
            "members",
            f"{len(members):,}",
            f"an .xlsx workbook of at most {MEMBER_COUNT_LIMIT:,} parts",
            where=str(path),
        )
    seen: set[str] = set()
    for info in members:
        where = f"{path}, member {info.filename}"
        if info.filename in seen:
            raise ValidationError("member", info.filename, "each part name once", where=where)
        seen.add(info.filename)
        if info.flag_bits & 0x1 or info.compress_type not in _COMPRESSIONS:
            raise ValidationError(
                "member",
                info.filename,
                "a part that is neither encrypted nor packed in a way Excel does not use",
                where=where,
            )


def _check_sizes(path: Path, members: list[zipfile.ZipInfo], streamed: frozenset[str]) -> None:
    for info in members:
        _check_size(path, info, streamed)
    total = sum(info.file_size for info in members)
    if total > TOTAL_LIMIT_BYTES:
        raise ValidationError(
            "size",
            f"{total:,} bytes",
            f"a workbook of at most {TOTAL_LIMIT_BYTES // MiB} MB uncompressed",
            where=str(path),
        )


def _check_size(path: Path, info: zipfile.ZipInfo, streamed: frozenset[str]) -> None:
    """The declared size, which zipfile enforces: it never inflates a part beyond it."""
    limit = DATA_MEMBER_LIMIT_BYTES if info.filename in streamed else OTHER_MEMBER_LIMIT_BYTES
    if info.file_size > limit:
        raise ValidationError(
            "size",
            f"{info.file_size:,} bytes",
            f"at most {limit // MiB} MB uncompressed for this part",
            where=f"{path}, member {info.filename}",
        )


def _scan_member(
    path: Path,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    handler: ContentHandler,
    counts: _Counts | None = None,
) -> None:
    """Count one part if it is XML, whatever its name (openpyxl follows the workbook's own
    relationships, which may name any part); anything else is skipped, since openpyxl would
    fail to parse it and that failure is reported clearly too."""
    where = f"{path}, member {info.filename}"
    try:
        with archive.open(info) as stream:
            head = stream.read(_PEEK_BYTES)
        if head.lstrip(_XML_LEAD_BYTES).startswith(b"<"):
            with archive.open(info) as stream:
                _parse(stream, handler)
    except _LimitReached:
        if counts is None or counts.problem is None:
            return
        what, count, expected = counts.problem
        raise ValidationError(what, f"{count:,}", expected, where=where) from None
    except DefusedXmlException as error:
        raise ValidationError(
            "XML",
            _forbidden(error),
            "a workbook part without DTDs or entity declarations (as Excel saves it)",
            where=where,
        ) from error
    except SAXException as error:
        raise ValidationError(
            "XML", str(error)[:80], "a workbook part of well-formed XML", where=where
        ) from error
    except _READ_ERRORS as error:
        raise ValidationError(
            "member", info.filename, f"a readable workbook part ({error})", where=where
        ) from error


def _forbidden(error: DefusedXmlException) -> str:
    if isinstance(error, DTDForbidden):
        return f"<!DOCTYPE {error.name}>"
    if isinstance(error, EntitiesForbidden):
        return f"<!ENTITY {error.name}>"
    return type(error).__name__


def _parse(stream: IO[bytes], handler: ContentHandler) -> None:
    defusedxml.sax.parse(
        stream, handler, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
