"""Hostile and unusual input: every case ends in a clean result or a clear InclusionError.

Property-based (hypothesis) over the services: arbitrary Unicode with combining marks,
right-to-left text, emoji, NUL and control characters, lone surrogates, 100,000-character text,
dates at and beyond 1990-01-01..2100-12-31, and evidence files that are empty, over the limit,
oddly named or unreadable. After a refusal the database must be byte-for-byte what it was
(``file_state``): never a partial write. Examples per property: ``CST_HOSTILE_EXAMPLES``
(default 25, so the suite stays fast; set 500 for a thorough run).
"""

from __future__ import annotations

import os
import pathlib
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.validation import EARLIEST_DATE, LATEST_DATE
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context
from tests.conftest import file_state

T = TypeVar("T")
EXAMPLES = int(os.environ.get("CST_HOSTILE_EXAMPLES", "25"))
HOSTILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SPECIAL_TEXT = [
    "",
    "   ",
    "e\u0301\u0302\u0303" * 40,  # stacked combining marks
    "\u202eevil.exe\u202c",  # right-to-left override
    "مدرسة الأمل",
    "בית ספר",
    "👩‍👩‍👧‍👦 family 🏳️‍🌈",
    "nul\x00inside",
    "bell\x07 and escape \x1b[31m",
    "\x7f",
    "\ufeffBOM first",
    "line\nbreaks\r\nand\ttabs",
    "\ud800 lone surrogate",
    "Ysgol Bryn Ŵyn",
    "Zoë Ørsted",
    "x" * 100_000,
    "ß" * 301,
    "'; DROP TABLE action; --",
    "%s %(name)s {0} ${HOME}",
]
hostile_text = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    st.text(max_size=60),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x40), max_size=20),
)
DATE_EDGES = [
    EARLIEST_DATE,
    LATEST_DATE,
    date(1989, 12, 31),
    date(2101, 1, 1),
    date(1, 1, 1),
    date(9999, 12, 31),
]
hostile_date = st.one_of(
    st.none(),
    st.sampled_from(DATE_EDGES),
    st.dates(),
    st.sampled_from(
        [
            "1990-01-01",
            "2100-12-31",
            "1989-12-31",
            "2101-01-01",
            "31/12/2100",
            "01/01/1990",
            "29/02/2023",
            "29/02/2024",
            "00/00/0000",
            "9999-99-99",
            "2026-13-01",
            "２０２６-０１-０１",
            "2026-1-1T00:00",
            "yesterday",
        ]
    ),
    hostile_text,
)
hostile_number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from(["1", "5", "6", "0", "-1", "²", "١", "1.5", "١٠٠٠٠١", " 1 ", "1e3"]),
    hostile_text,
)


def attempt(db_path: Path, call: Callable[[], T]) -> T | None:
    """Run a service call: a result, or an InclusionError with the database unchanged."""
    before = file_state(db_path)
    try:
        return call()
    except InclusionError as error:
        assert str(error), "an error must say what was wrong"
        assert file_state(db_path) == before, f"partial write after: {error}"
        return None


@HOSTILE
@given(name=hostile_text, urn=hostile_number, phase=hostile_text, senco=hostile_text)
def test_schools_add_and_update(
    services: Services, db_path: Path, name: str, urn: Any, phase: str, senco: str
) -> None:
    added = attempt(db_path, lambda: services.schools.add(name, urn, phase, senco))
    if added is not None:
        assert added.name == unicodedata.normalize("NFC", name.strip())
        assert added.urn.isascii() and len(added.urn) == 6
        assert services.schools.get(added.urn) == added
    attempt(db_path, lambda: services.schools.update("100001", name=name, senco=senco))


@HOSTILE
@given(
    title=hostile_text,
    description=hostile_text,
    owner=hostile_text,
    principle=hostile_number,
    status=hostile_text,
    rag=hostile_text,
    area=st.one_of(st.none(), hostile_text),
    start=hostile_date,
    due=hostile_date,
)
def test_actions_add(
    services: Services,
    db_path: Path,
    title: str,
    description: str,
    owner: str,
    principle: Any,
    status: str,
    rag: str,
    area: str | None,
    start: Any,
    due: Any,
) -> None:
    draft = ActionDraft(
        school="100002",
        principle=principle,
        title=title,
        description=description,
        owner=owner,
        status=status,
        rag=rag,
        start_date=start,
        due_date=due,
        area_of_need=area,
    )
    added = attempt(db_path, lambda: services.actions.add(draft))
    if added is not None:
        assert services.actions.get(added.id) == added
        for when in (added.start_date, added.due_date):
            assert when is None or EARLIEST_DATE <= when <= LATEST_DATE


@HOSTILE
@given(
    field=st.sampled_from(
        ["title", "description", "owner", "status", "rag", "start_date", "due_date", "school"]
    ),
    value=st.one_of(hostile_text, hostile_date),
)
def test_actions_update(
    services: Services, make_action: Callable[..., str], db_path: Path, field: str, value: Any
) -> None:
    action_id = make_action(title="Steady")
    attempt(db_path, lambda: services.actions.update(action_id, {field: value}))
    assert services.check.audit_chain().ok


@HOSTILE
@given(
    rag=hostile_text,
    note=hostile_text,
    when=hostile_date,
    next_when=hostile_date,
    reviewer=st.one_of(st.none(), hostile_text),
)
def test_reviews_add(
    services: Services,
    make_action: Callable[..., str],
    db_path: Path,
    rag: str,
    note: str,
    when: Any,
    next_when: Any,
    reviewer: str | None,
) -> None:
    action_id = make_action()
    added = attempt(
        db_path, lambda: services.reviews.add(action_id, rag, note, when, next_when, reviewer)
    )
    if added is not None:
        assert added in services.reviews.list(action_id)


@HOSTILE
@given(title=hostile_text, note=hostile_text, when=hostile_date, kind=hostile_text)
def test_evidence_text_fields(
    services: Services, db_path: Path, title: str, note: str, when: Any, kind: str
) -> None:
    attempt(
        db_path,
        lambda: services.evidence.add(
            school="100001", principle=2, title=title, note=note, evidence_date=when, kind=kind
        ),
    )


ODD_NAMES = [
    "..\\..\\x",
    "..\\..\\windows\\system32\\evil.dll",
    "CON.txt",
    "nul",
    "AUX.pdf",
    "a" * 251 + ".pdf",  # 255 characters: the longest name most file systems allow
    " leading and trailing .docx ",
    ".hidden",
    "\u202etxt.exe",
    "ünïcödé 📄.pdf",
    "new\nline.txt",
    "tab\tname.txt",
    "bell\x07.txt",
    "-rf",
]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_evidence_with_odd_file_names(
    services: Services, db_path: Path, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    source = folder / name
    source.write_bytes(b"minutes of the review meeting")
    added = attempt(
        db_path, lambda: services.evidence.add(school="100001", principle=1, file=source)
    )
    if added is not None:
        assert added.file_name and "/" not in added.file_name and "\\" not in added.file_name
        assert all(ord(char) >= 32 for char in added.file_name)
        out = tmp_path / "out.bin"
        services.evidence.extract(added.id, out)
        assert out.read_bytes() == source.read_bytes()
        assert services.check.run().ok


def test_evidence_empty_file_is_kept_exactly(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    added = attempt(
        db_path, lambda: services.evidence.add(school="100001", principle=1, file=empty)
    )
    assert added is not None and added.file_size == 0
    assert services.evidence.read_bytes(added.id)[1] == b""


def test_evidence_over_the_limit_is_refused(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    small_limit = Services(open_context(replace(services.context.settings, evidence_limit_mb=1)))
    try:
        huge = tmp_path / "huge.mp4"
        with huge.open("wb") as handle:  # sparse: the limit is checked before reading
            handle.truncate(1024 * 1024 + 1)
        before = file_state(db_path)
        with pytest.raises(InclusionError, match="at most 1 MB"):
            small_limit.evidence.add(school="100001", principle=1, file=huge)
        assert file_state(db_path) == before
    finally:
        small_limit.close()


def test_evidence_unreadable_missing_or_not_a_file(
    services: Services, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(b"secret")
    real_read = pathlib.Path.read_bytes

    def denied(self: Path) -> bytes:  # root ignores chmod, so deny the read itself
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", denied)
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    dangling = tmp_path / "dangling.pdf"
    dangling.symlink_to(tmp_path / "gone.pdf")
    cases = {
        locked: "readable file (Permission denied)",
        tmp_path / "absent.pdf": "an existing file",
        tmp_path: "a file (this is a folder or a device)",
        fifo: "a file (this is a folder or a device)",
        dangling: "an existing file",
    }
    for path, expected in cases.items():
        before = file_state(db_path)
        with pytest.raises(InclusionError) as caught:
            services.evidence.add(school="100001", principle=1, file=path)
        assert expected in str(caught.value)
        assert file_state(db_path) == before


def _cell_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else "" if value is None else str(value)


spreadsheet_row = st.tuples(
    st.one_of(st.sampled_from(["100001", "100002", "100003", " 100001 ", "1e5"]), hostile_text),
    hostile_number,
    hostile_text,
    hostile_text,
    st.one_of(hostile_date, hostile_text),
)


@HOSTILE
@given(rows=st.lists(spreadsheet_row, max_size=4), extension=st.sampled_from([".csv", ".CSV"]))
def test_spreadsheet_import_of_hostile_rows(
    services: Services, db_path: Path, tmp_path: Path, rows: list[tuple[Any, ...]], extension: str
) -> None:
    importer_module = pytest.importorskip(
        "cst_inclusion_desktop.services.exchange.spreadsheets.importer"
    )
    lines = ["School URN,Principle,Title,Description,Due date"]
    for row in rows:
        cells = [_cell_text(value) for value in row]
        lines.append(",".join('"' + cell.replace('"', '""') + '"' for cell in cells))
    path = tmp_path / f"import{extension}"
    path.write_bytes("\r\n".join(lines).encode("utf-8", errors="surrogatepass"))
    before = file_state(db_path)
    importer = importer_module.SpreadsheetImporter(services.context)
    report = attempt(db_path, lambda: importer.import_actions(path))
    if report is not None and not report.applied:
        assert report.problems and file_state(db_path) == before
        assert all(problem.message for problem in report.problems)


@HOSTILE
@given(data=st.binary(max_size=2000), extension=st.sampled_from([".csv", ".xlsx", ".txt", ""]))
def test_spreadsheet_import_of_random_bytes(
    services: Services, db_path: Path, tmp_path: Path, data: bytes, extension: str
) -> None:
    importer_module = pytest.importorskip(
        "cst_inclusion_desktop.services.exchange.spreadsheets.importer"
    )
    path = tmp_path / f"random{extension}"
    path.write_bytes(data)
    before = file_state(db_path)
    report = attempt(
        db_path, lambda: importer_module.SpreadsheetImporter(services.context).import_actions(path)
    )
    if report is not None and not report.applied:
        assert file_state(db_path) == before
