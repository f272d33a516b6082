"""Hostile files from outside (issue 12, findings 13, 16, 17; workbooks, 15, are in
test_hostile_workbooks.py): output paths that are not plain files, CSV files in mixed or wide
encodings, text that runs as a formula.

Each test builds the hostile input in tmp_path (a FIFO, a link, a device, a crafted zip, CSV
bytes) and asserts exit 2 with one line naming the file, the input as it was, the database too.
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cst_inclusion_desktop.atomic_write import write_via_temporary
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.spreadsheet_columns import neutralise, restore
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.exchange.spreadsheets.exporter import _csv_bytes
from cst_inclusion_desktop.services.exchange.spreadsheets.reading import read_sheet
from tests.conftest import CliResult, file_state

Cli = Callable[..., CliResult]


# --- output paths (finding 13) --------------------------------------------------------------
@pytest.fixture
def evidence_id(services: Services, make_action: Callable[..., str], tmp_path: Path) -> str:
    source = tmp_path / "source" / "plan.txt"
    source.parent.mkdir()
    source.write_bytes(b"the evidence")
    return services.evidence.add(action_id=make_action(), file=source).id


@pytest.fixture
def out_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


WRITERS: dict[str, Callable[[str, Path], list[str]]] = {
    "evidence extract": lambda evidence, out: ["evidence", "extract", evidence, "--out", f"{out}"],
    "report board": lambda _, out: ["report", "board", "--out", f"{out}"],
    "export actions": lambda _, out: ["export", "actions", f"{out}"],
    "pack export": lambda _, out: ["pack", "export", "--school", "100001", "--out", f"{out}"],
    "backup": lambda _, out: ["backup", "--out", f"{out}"],
}
SUFFIXES = {"report board": ".pdf", "export actions": ".csv", "backup": ".db"}


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "a named pipe (FIFO)"


def _folder(path: Path) -> str:
    path.mkdir()
    return "a folder"


def _device(path: Path) -> str:
    try:  # a copy of /dev/null's device numbers: root only
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device file needs root")
    return "a device"


def _link(path: Path) -> str:
    victim = path.parent.parent / "victim.txt"
    victim.write_bytes(b"precious")
    path.symlink_to(victim)
    return "a symbolic link"


def _dangling_link(path: Path) -> str:
    path.symlink_to(path.parent.parent / "never-created.txt")
    return "a symbolic link"


TARGETS = {"fifo": _fifo, "folder": _folder, "device": _device, "link": _link}
TARGETS["dangling link"] = _dangling_link
# FIFOs, devices, sockets and (unprivileged) links are POSIX things; Windows has no mkfifo.
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX special files")


def _state(path: Path) -> tuple[object, ...]:
    """What the target is: its kind, where a link points, the bytes a link leads to."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        pointed = Path(os.readlink(path))
        return ("link", pointed, pointed.read_bytes() if pointed.exists() else None)
    return (stat.S_IFMT(info.st_mode), info.st_rdev, info.st_ino)


def _listing(tmp_path: Path) -> list[str]:
    """Every path under tmp_path but the app's home (logs) and the database's own files."""
    names = (str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    return sorted(n for n in names if not n.startswith(("home", "trust.db")))


@posix_only
@pytest.mark.parametrize("target_kind", sorted(TARGETS))
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_every_output_path_is_a_regular_file_or_a_new_name(
    cli: Cli,
    evidence_id: str,
    out_folder: Path,
    tmp_path: Path,
    db_path: Path,
    command: str,
    target_kind: str,
    backend: str,
) -> None:
    if command == "backup" and backend == "postgresql":
        pytest.skip("a server database is backed up with pg_dump, not `backup --out`")
    target = out_folder / f"target{SUFFIXES.get(command, '.bin')}"
    kind = TARGETS[target_kind](target)
    before, listing, database = _state(target), _listing(tmp_path), file_state(db_path)
    result = cli(*WRITERS[command](evidence_id, target))
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and str(target) in result.err
    assert f"expected a regular file or a new file name, not {kind}" in result.err
    assert _state(target) == before  # the FIFO is still a FIFO, the link and its file as they were
    assert _listing(tmp_path) == listing  # no temporary or .partial file, nothing created
    assert file_state(db_path) == database


@posix_only
def test_a_socket_is_refused(cli: Cli, services: Services, out_folder: Path) -> None:
    target = out_folder / "s.csv"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(target))
        result = cli("export", "actions", str(target))
        assert result.code == 2 and "not a socket" in result.err
        assert stat.S_ISSOCK(os.lstat(target).st_mode)


@posix_only
def test_the_folder_may_be_a_link_the_file_may_not(
    cli: Cli, services: Services, out_folder: Path, tmp_path: Path
) -> None:
    """The documented rule: a folder reached through a link to a real folder is fine (the file
    is made inside it); a link as the file's own name is refused, even inside that folder."""
    linked = tmp_path / "linked"
    linked.symlink_to(out_folder, target_is_directory=True)
    result = cli("export", "actions", str(linked / "a.csv"))
    assert result.code == 0, result.err
    assert stat.S_ISREG(os.lstat(out_folder / "a.csv").st_mode)
    (out_folder / "b.csv").symlink_to(out_folder / "a.csv")
    refused = cli("export", "actions", str(linked / "b.csv"))
    assert refused.code == 2 and "not a symbolic link" in refused.err
    assert (out_folder / "b.csv").is_symlink()
    assert sorted(p.name for p in out_folder.iterdir()) == ["a.csv", "b.csv"]


@posix_only
def test_a_target_swapped_for_a_link_while_writing_is_refused(out_folder: Path) -> None:
    """Checked again just before the rename; the temporary file was private and is removed."""
    target, victim = out_folder / "report.pdf", out_folder.parent / "victim.txt"
    victim.write_bytes(b"precious")
    modes: list[int] = []

    def writer(temporary: Path) -> None:
        modes.append(stat.S_IMODE(os.lstat(temporary).st_mode))
        temporary.write_bytes(b"new")
        target.symlink_to(victim)

    with pytest.raises(ValidationError, match="not a symbolic link"):
        write_via_temporary(target, writer)
    assert modes == [0o600]
    assert target.is_symlink() and victim.read_bytes() == b"precious"
    assert sorted(p.name for p in out_folder.iterdir()) == ["report.pdf"]


# --- CSV encodings and quotes (finding 16) --------------------------------------------------
HEADER = "School URN,Principle,Title,Owner\r\n"


def _csv(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "actions.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-16", b"", "utf-16"),  # Python writes the platform's byte-order mark first
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),  # no mark: found by its NUL bytes
        ("utf-16-be", b"", "utf-16-be"),
        ("utf-32", b"", "utf-32"),
    ],
)
def test_wide_encodings_are_decoded(
    services: Services, tmp_path: Path, encoding: str, prefix: bytes, expected: str
) -> None:
    text = HEADER.replace(",", "\t") + "100001\t1\tReading\tZoë Ørsted\r\n"  # Excel's Unicode text
    report = services.importer.import_actions(_csv(tmp_path, prefix + text.encode(encoding)))
    assert report.problems == [] and report.created == 1 and report.encoding == expected
    assert [(a.title, a.owner) for a in services.actions.list(limit=None)] == [
        ("Reading", "Zoë Ørsted")
    ]


@pytest.mark.parametrize(
    ("data", "where", "expected"),
    [
        (
            (HEADER + "100001,1,Reading,Zoë\r\n").encode()
            + "100001,2,Writing,Zoë\r\n".encode("cp1252"),
            "row 3: encoding: value 'byte 0xEB' — expected one encoding for the whole file",
            'save it again as "CSV UTF-8"',
        ),
        (
            b"\xef\xbb\xbf" + HEADER.encode() + b'100001,1,"Two\r\nlines",Zo\xeb\r\n',
            "row 2: encoding: value 'byte 0xEB' — expected bytes that are not UTF-8",
            "though the file says it is UTF-8",
        ),
        (
            (HEADER + '100001,1,Reading,Ann\r\n100001,2,"Unclosed,Bob\r\n1,3,X,C\r\n').encode(),
            "row 3: row: value '100001,2,\"Unclosed,Bob' — expected a closing quote mark",
            "for the quoted cell that starts in this row",
        ),
        (
            (HEADER + '100001,1,"Quoted"tail,Ann\r\n').encode(),
            "row 2: row: value '100001,1,\"Quoted\"tail,Ann' — expected a well-formed CSV row",
            "",
        ),
        (
            "\ufeff".encode("utf-16-le") + HEADER.encode("utf-16-le") + b"\x00\xd8",
            "row 2: encoding: value 'bytes 00 D8 at byte 70' — expected a UTF-16 file",
            'or save it again as "CSV UTF-8"',
        ),
    ],
    ids=["utf-8 then cp1252", "bom then cp1252", "unclosed quote", "text after quote", "utf-16"],
)
def test_inconsistent_csv_is_refused_naming_the_row(
    cli: Cli,
    services: Services,
    tmp_path: Path,
    db_path: Path,
    data: bytes,
    where: str,
    expected: str,
) -> None:
    path = _csv(tmp_path, data)
    before = file_state(db_path)
    result = cli("import", "actions", str(path))
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1
    assert f"error: {path}, {where}" in result.err and expected in result.err
    assert file_state(db_path) == before
    assert services.actions.list(limit=None) == []


# --- formulas (finding 17) ------------------------------------------------------------------
# What a spreadsheet may skip before it looks for a formula, and what starts one.
INVISIBLE = " \u00a0\u200b\u200c\u200d\u2060\ufeff\u3000\n\x0b"
SIGNS = "=+-@＝＋－＠\u2212"
FORMULA_TEXT = st.text(st.sampled_from([*INVISIBLE, *SIGNS, "\t", "\r", "'", "a", "1"]))
PROPERTY = settings(max_examples=60, deadline=None, database=None)


def _runs_as_formula(text: str) -> bool:
    """The test's own reading of the rule, written apart from the code under test."""
    return text.lstrip(INVISIBLE)[:1] in {"\t", "\r", *SIGNS}


@example("\u200b=HYPERLINK(1)")
@example("''\u00a0=x")
@PROPERTY
@given(st.one_of(FORMULA_TEXT, st.text()))
def test_neutralise_is_undone_exactly_and_nothing_runs(text: str) -> None:
    neutral = neutralise(text)
    assert restore(neutral) == text  # the importer removes exactly what the exporter added
    assert neutral in (text, "'" + text) and not _runs_as_formula(neutral)
    if _runs_as_formula(text):
        assert neutral == "'" + text


@PROPERTY
@given(st.lists(FORMULA_TEXT.filter(str.strip), min_size=1, max_size=4))
def test_cells_come_back_exactly_through_a_csv_file(
    tmp_path_factory: pytest.TempPathFactory, cells: list[str]
) -> None:
    path = tmp_path_factory.mktemp("csv") / "cells.csv"
    path.write_bytes(_csv_bytes([["100001", *[neutralise(cell) for cell in cells]]]))
    written = read_sheet(path).rows[0].cells[1:]
    assert not any(_runs_as_formula(str(cell)) for cell in written)
    assert [restore(str(cell)) for cell in written] == cells
