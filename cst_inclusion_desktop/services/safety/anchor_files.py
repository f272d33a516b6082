"""Reading the anchor a report carries: from a PDF's metadata (its Keywords) or a DOCX's core
properties, with a tiny reader each — no PDF library at run time, and a zip member's size is
checked before it is read."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from cst_inclusion_desktop.domain.anchor import parse_token
from cst_inclusion_desktop.domain.errors import ValidationError

KEYWORD = "audit-anchor"
"""Written as ``audit-anchor SEQ:HASH`` in the PDF's Keywords and the DOCX's keywords."""
_MARKED = re.compile(rb"audit-anchor (\d{1,12}:[0-9a-f]{64})")
_CORE = "docProps/core.xml"
_CORE_LIMIT = 1_000_000
_PDF_LIMIT = 500_000_000
_EXPECTED = "a board paper or annex (.pdf or .docx) made by this app, carrying an audit anchor"


def keyword(token: str) -> str:
    return f"{KEYWORD} {token}"


def anchors_in_file(path: Path) -> list[tuple[int, str]]:
    """Every distinct anchor the report at ``path`` carries (normally one)."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise ValidationError("anchor", name, _EXPECTED)
    try:
        if not path.is_file():
            raise ValidationError("anchor", name, f"{_EXPECTED} (no such file)")
        raw = _docx_core(path) if suffix == ".docx" else _pdf_bytes(path)
    except OSError as error:
        raise ValidationError("anchor", name, f"{_EXPECTED} ({error.strerror})") from error
    # ReportLab writes a non-ASCII Keywords text (a Welsh framework name) as UTF-16 with each
    # NUL byte escaped (\000): with those taken out, the marker reads the same.
    found = _MARKED.findall(raw) or _MARKED.findall(
        raw.replace(b"\\000", b"").replace(b"\x00", b"")
    )
    tokens = sorted({parse_token(item.decode("ascii"), where=name) for item in found})
    if not tokens:
        raise ValidationError("anchor", name, f"{_EXPECTED} (this file carries none)")
    return tokens


def _pdf_bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            raise ValidationError("anchor", str(path), f"{_EXPECTED} (this is not a PDF)")
        if path.stat().st_size > _PDF_LIMIT:
            raise ValidationError("anchor", str(path), f"{_EXPECTED} (this file is too large)")
        handle.seek(0)
        return handle.read()


def _docx_core(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info for info in archive.infolist() if info.filename == _CORE]
            if len(names) != 1 or names[0].file_size > _CORE_LIMIT:
                raise ValidationError(
                    "anchor", str(path), f"{_EXPECTED} (it has no document properties)"
                )
            return archive.read(names[0])
    except (zipfile.BadZipFile, EOFError) as error:
        raise ValidationError("anchor", str(path), f"{_EXPECTED} (this is not a DOCX)") from error
