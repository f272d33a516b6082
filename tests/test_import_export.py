"""Spreadsheet import and export: round trips, encodings, every bad-input case, re-import."""

from __future__ import annotations

import csv
import io
import os
import stat
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import file_state
from PySide6.QtWidgets import QFileDialog

from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.domain.spreadsheet_columns import match_headers, neutralise, restore
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.ui.exchange import transfer_menu
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow

HEADER = "School URN,Principle,Title,Description,Owner,Status,RAG,Start date,Due date,Area of need"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


RECORD_FIELDS = (
    *("id", "urn", "number", "title", "description", "owner", "status", "rag"),
    *("start_date", "due_date", "completed_date", "area_of_need"),
)


def actions_of(services: Services) -> list[tuple[object, ...]]:
    records = services.actions.list(ActionFilter(include_archived=True), limit=None)
    return sorted(tuple(getattr(record, name) for name in RECORD_FIELDS) for record in records)


@pytest.fixture
def awkward(make_action: Callable[..., str]) -> list[str]:
    """Actions whose text would trip a spreadsheet: formulas, commas, new lines, accents."""
    return [
        make_action(title='=HYPERLINK("http://evil")', description="line one\nline, two"),
        make_action(title="Zoë's reading plan", owner="-Siân", status="completed", rag="green"),
        make_action(
            school="100002",
            principle=3,
            title="@risk",
            description="-1 point",
            start_date="2026-09-01",
            due_date="01/07/2027",
            area_of_need="semh",
        ),
        make_action(title="'=already quoted", owner="+44 plan"),
        # Invisible characters or full-width signs before the formula (issue 12, finding 17).
        make_action(title="\u200b=HYPERLINK(1)", owner="\u2060+1", description="\ufeff-1"),
        make_action(title="＝1+2", owner="＠home", description="\u200d@cmd"),
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_changes_nothing(
    services: Services, awkward: list[str], db_path: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"actions{suffix}"
    assert services.exporter.export_actions(out).rows == 6
    before = file_state(db_path)
    report = services.importer.import_actions(out)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert report.problems == [] and report.warnings == []
    assert file_state(db_path) == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_a_fresh_database_equals_the_source(
    services: Services, awkward: list[str], tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"actions{suffix}"
    services.exporter.export_actions(out)
    fresh = _fresh(tmp_path)
    try:
        report = fresh.importer.import_actions(out)
        assert report.created == 6, [p.message for p in report.problems]
        assert actions_of(fresh) == actions_of(services)
    finally:
        fresh.close()


def _fresh(tmp_path: Path) -> Services:
    from cst_inclusion_desktop.config import load_settings

    fresh = Services(
        open_context(load_settings(overrides={"database": str(tmp_path / "new.db")}), create=True)
    )
    fresh.trust.create("Another Trust")
    fresh.schools.add("Oakfield Primary School", "100001")
    fresh.schools.add("Ysgol Bryn Ŵyn", "100002")
    return fresh


def test_exported_text_is_neutralised_against_formulas(
    services: Services, awkward: list[str], tmp_path: Path
) -> None:
    csv_file = tmp_path / "a.csv"
    services.exporter.export_actions(csv_file)
    raw = csv_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    cells = {cell for row in rows[1:] for cell in row}
    assert '\'=HYPERLINK("http://evil")' in cells
    assert {"'-Siân", "'@risk", "'-1 point", "''=already quoted", "'+44 plan"} <= cells
    assert {"'\u200b=HYPERLINK(1)", "'\u2060+1", "'\ufeff-1", "'＝1+2", "'＠home"} <= cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)

    xlsx_file = tmp_path / "a.xlsx"
    services.exporter.export_actions(xlsx_file)
    sheet = openpyxl.load_workbook(xlsx_file).worksheets[0]
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)  # no cell is a formula
    assert '\'=HYPERLINK("http://evil")' in {c.value for c in texts}


def test_neutralise_and_restore_are_inverse() -> None:
    for text in ["=1+2", "+", "-x", "@a", "\tb", "\rc", "'=x", "''=x", "'plain", "plain", "", "'"]:
        assert restore(neutralise(text)) == text
    assert restore("'quoted but harmless") == "'quoted but harmless"


def test_headers_match_synonyms_in_any_order_case_insensitively() -> None:
    match = match_headers(["rag rating", "Due", "TITLE", "principle number", "urn", "Colour"])
    assert match.positions == {"rag": 0, "due_date": 1, "title": 2, "principle": 3, "urn": 4}
    assert match.unknown == ((5, "Colour"),) and match.missing == ()


def test_utf8_with_bom_and_windows_1252_both_read(services: Services, tmp_path: Path) -> None:
    bom = write(tmp_path / "bom.csv", f"\ufeff{HEADER}\n100001,1,Reading,,Zoë,,,,,\n")
    cp1252 = write(tmp_path / "win.csv", f"{HEADER}\n100002,2,Writing,,Zoë,,,,,\n", "cp1252")
    first = services.importer.import_actions(bom)
    second = services.importer.import_actions(cp1252)
    assert (first.encoding, second.encoding) == ("utf-8-sig", "cp1252")
    assert first.created == second.created == 1
    owners = {a.title: a.owner for a in services.actions.list(limit=None)}
    assert owners == {"Reading": "Zoë", "Writing": "Zoë"}


def test_quoted_new_lines_and_blank_lines_keep_spreadsheet_row_numbers(
    services: Services, tmp_path: Path, db_path: Path
) -> None:
    text = (
        "Title,URN,Principle,Description,Due date\n"
        'First,100001,1,"two\nlines, and a comma",2026-10-01\n'
        "\n"
        "Second,100001,1,,31/02/2027\n"
    )
    before = file_state(db_path)
    report = services.importer.import_actions(write(tmp_path / "q.csv", text))
    assert [p.message for p in report.problems] == [
        "row 4, column Due date: value '31/02/2027' — expected a date as YYYY-MM-DD or DD/MM/YYYY"
    ]
    assert file_state(db_path) == before
    fixed = services.importer.import_actions(
        write(tmp_path / "q.csv", text.replace("31/02", "28/02"))
    )
    assert fixed.created == 2
    first = next(a for a in services.actions.list(limit=None) if a.title == "First")
    assert first.description == "two\nlines, and a comma"


def test_every_bad_row_is_reported_and_nothing_is_imported(
    services: Services, tmp_path: Path, db_path: Path
) -> None:
    text = (
        f"{HEADER},Colour\n"
        "100001,1,Good row,,,,,,,,blue\n"
        "999999,9,,,,finished,purple,2026-13-01,,ears,\n"
        "10001,1,Bad URN,,,,,2027-01-01,2026-01-01,,\n"
    )
    before = file_state(db_path)
    report = services.importer.import_actions(write(tmp_path / "bad.csv", text))
    assert [p.message for p in report.problems] == [
        "row 3, column School URN: value '999999' — expected the URN of a school in this database",
        "row 3, column Principle: value '9' — expected a principle number in the framework "
        "(1 to 5)",
        "row 3, column Title: value '' — expected some text (it cannot be empty)",
        "row 3, column Status: value 'finished' — expected one of planned, in_progress, "
        "completed, on_hold, cancelled",
        "row 3, column RAG: value 'purple' — expected one of red, amber, green",
        "row 3, column Start date: value '2026-13-01' — expected a date as YYYY-MM-DD or "
        "DD/MM/YYYY",
        "row 3, column Area of need: value 'ears' — expected one of communication_interaction, "
        "cognition_learning, semh, sensory_physical",
        "row 4, column School URN: value '10001' — expected a six-digit URN such as 100000",
        "row 4, column Due date: value '2026-01-01' — expected a date on or after the start_date "
        "2027-01-01",
    ]
    assert report.warnings == ["column K 'Colour' is not a column the importer knows; ignored"]
    assert [o.outcome for o in report.outcomes] == ["create", "invalid", "invalid"]
    assert not report.applied and report.created == 1
    assert file_state(db_path) == before


def test_missing_and_repeated_columns_are_reported(services: Services, tmp_path: Path) -> None:
    report = services.importer.import_actions(
        write(tmp_path / "h.csv", "Title,Owner,owner\nA,B,C\n")
    )
    assert [p.message for p in report.problems] == [
        "row 1, column School URN: value '' — expected a column headed School URN "
        "(or one of: School URN, urn, school urn, urn of school, school urn number)",
        "row 1, column Principle: value '' — expected a column headed Principle "
        "(or one of: Principle, principle number, principle no, principle #)",
        "row 1, column owner: value 'owner' — expected each column once (column B is the same)",
    ]


def test_formula_cells_in_a_workbook_are_refused(
    services: Services, tmp_path: Path, db_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["URN", "Principle", "Title", "Owner"])
    sheet.append([100001, 1, '=CONCAT("a","b")', "Ann"])
    workbook.save(tmp_path / "f.xlsx")
    before = file_state(db_path)
    report = services.importer.import_actions(tmp_path / "f.xlsx")
    assert [p.message for p in report.problems] == [
        'row 2, column Title: value \'=CONCAT("a","b")\' — expected a value, not a formula '
        "(type it as text, or paste the value)"
    ]
    assert file_state(db_path) == before


def test_a_neutralised_cell_imports_without_its_apostrophe(
    services: Services, tmp_path: Path
) -> None:
    services.importer.import_actions(
        write(tmp_path / "n.csv", "URN,Principle,Title\n100001,1,'=A1\n")
    )
    assert [a.title for a in services.actions.list(limit=None)] == ["=A1"]


def test_reimport_updates_changed_fields_and_never_duplicates(
    services: Services, tmp_path: Path
) -> None:
    file = write(tmp_path / "r.csv", f"{HEADER}\n100001,1,Reading,,Ann,planned,amber,,,\n")
    assert services.importer.import_actions(file).created == 1
    changed = write(tmp_path / "r.csv", f"{HEADER}\n100001,1,Reading,,Bob,in progress,red,,,\n")
    report = services.importer.import_actions(changed)
    assert (report.created, report.updated) == (0, 1)
    assert report.outcomes[0].changed == ("owner", "status", "rag")
    [action] = services.actions.list(limit=None)
    assert (action.owner, action.status.token, action.rag.token) == ("Bob", "in_progress", "red")
    assert action.rag_overridden
    with services.context.read() as session:
        assert [e.operation for e in history(session, action.id)] == ["create", "update"]


def test_the_same_action_twice_in_one_file_is_a_problem(services: Services, tmp_path: Path) -> None:
    text = "URN,Principle,Title\n100001,1,Same\n100001,1,Same\n"
    report = services.importer.import_actions(write(tmp_path / "d.csv", text))
    assert [p.message for p in report.problems] == [
        "row 3, column Title: value 'Same' — expected a row not already given as row 2 "
        "(the same action twice)"
    ]


def test_id_column_matches_and_bad_ids_are_reported(
    services: Services, make_action: Callable[..., str], tmp_path: Path
) -> None:
    action_id = make_action(title="Old title")
    text = f"ID,URN,Principle,Title\n{action_id},100001,1,New title\nnot-an-id,100001,2,X\n"
    report = services.importer.import_actions(write(tmp_path / "i.csv", text))
    assert [p.message for p in report.problems] == [
        "row 3, column ID: value 'not-an-id' — expected an action id (a UUID such as "
        "3f2b8c1e-5d4a-4b6f-9e7d-1a2b3c4d5e6f) or an empty cell"
    ]
    ok = services.importer.import_actions(write(tmp_path / "i.csv", text.rsplit("not-an", 1)[0]))
    assert (ok.created, ok.updated) == (0, 1)
    assert services.actions.get(action_id).title == "New title"


def test_dry_run_reports_the_same_and_writes_nothing(
    services: Services, tmp_path: Path, db_path: Path
) -> None:
    file = write(tmp_path / "d.csv", f"{HEADER}\n100001,1,Reading,,,,,,,\n")
    before = file_state(db_path)
    report = services.importer.import_actions(file, dry_run=True)
    assert (report.dry_run, report.applied, report.created) == (True, False, 1)
    assert report.summary() == "Would import 1 row from d.csv: 1 new, 0 updated, 0 unchanged"
    assert file_state(db_path) == before


def test_cancel_writes_nothing(services: Services, tmp_path: Path, db_path: Path) -> None:
    file = write(tmp_path / "c.csv", f"{HEADER}\n100001,1,Reading,,,,,,,\n")
    before = file_state(db_path)
    with pytest.raises(CancelledError):
        services.importer.import_actions(file, cancelled=lambda: True)
    assert file_state(db_path) == before


def test_unreadable_files_are_refused_clearly(services: Services, tmp_path: Path) -> None:
    bad_bytes = write(tmp_path / "x.csv", "URN,Principle,Title\n").read_bytes() + b"\x81\x8d"
    (tmp_path / "x.csv").write_bytes(bad_bytes)
    with pytest.raises(ValidationError) as error:
        services.importer.import_actions(tmp_path / "x.csv")
    assert str(error.value) == (
        f"{tmp_path / 'x.csv'}, row 2: encoding: value 'byte 0x81' — expected a CSV file saved "
        'as UTF-8 or Windows-1252 (Excel\'s CSV); save it again as "CSV UTF-8"'
    )
    write(tmp_path / "fake.xlsx", "not a workbook")
    with pytest.raises(ValidationError, match=r"expected an Excel \.xlsx workbook"):
        services.importer.import_actions(tmp_path / "fake.xlsx")
    with pytest.raises(ValidationError, match=r"expected a \.csv or \.xlsx file"):
        services.importer.import_actions(write(tmp_path / "a.txt", "x"))


def test_export_follows_the_filter_and_leaves_no_partial_file(
    services: Services, awkward: list[str], tmp_path: Path
) -> None:
    school = services.schools.get("100002")
    out = tmp_path / "one.csv"
    result = services.exporter.export_actions(out, ActionFilter(school_ids=(school.id,)))
    assert result.rows == 1
    with pytest.raises(ValidationError, match=r"ending in \.csv or \.xlsx"):
        services.exporter.export_actions(tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert not list(tmp_path.glob(".*.part"))


def test_ten_thousand_rows_import(services: Services, tmp_path: Path) -> None:
    lines = [HEADER] + [
        f'10000{1 + n % 2},{1 + n % 5},Action {n},"Notes, {n}",Owner {n % 7},in progress,'
        f"green,01/09/2026,2027-07-{1 + n % 28:02d},semh"
        for n in range(10_000)
    ]
    file = write(tmp_path / "big.csv", "\n".join(lines) + "\n")
    started = time.perf_counter()
    report = services.importer.import_actions(file)
    elapsed = time.perf_counter() - started
    print(f"\n10,000-row CSV import: {elapsed:.2f} s")  # reported, never asserted
    assert report.created == 10_000 and not report.problems
    assert services.actions.count(ActionFilter()) == 10_000
    again = services.importer.import_actions(file)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10_000)
    assert services.check.run().ok


def test_an_id_from_another_database_falls_back_to_school_principle_title(
    services: Services, make_action: Callable[..., str], tmp_path: Path
) -> None:
    action_id = make_action(title="Reading", owner="Ann")
    foreign_id = "3f2b8c1e-5d4a-4b6f-9e7d-1a2b3c4d5e6f"
    text = f"ID,URN,Principle,Title,Owner\n{foreign_id},100001,1,Reading,Bob\n"
    report = services.importer.import_actions(write(tmp_path / "f.csv", text))
    assert (report.created, report.updated) == (0, 1)
    assert [(a.id, a.owner) for a in services.actions.list(limit=None)] == [(action_id, "Bob")]


def test_workbook_rows_are_numbered_as_excel_shows_them(services: Services, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["URN", "Principle", "Title", "Due date"])
    sheet.append([100001, 1, "Dated", date(2026, 9, 1)])
    sheet["A5"], sheet["B5"], sheet["C5"], sheet["D5"] = 100001, 2, "Late", "next week"
    workbook.save(tmp_path / "gap.xlsx")
    report = services.importer.import_actions(tmp_path / "gap.xlsx")
    assert [p.message for p in report.problems] == [
        "row 5, column Due date: value 'next week' — expected a date as YYYY-MM-DD or DD/MM/YYYY"
    ]
    assert [o.row for o in report.outcomes] == [2, 5]


def test_the_export_menu_refuses_a_fifo_and_says_so(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    """The GUI's save dialogs reach the same output-path rule as the CLI (issue 12, 13)."""
    window = MainWindow(services, Prefs())
    qtbot.addWidget(window)
    fifo = tmp_path / "actions.csv"
    os.mkfifo(fifo)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(fifo), ""))
    errors: list[BaseException] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    transfer_menu.export_actions(window)
    qtbot.waitUntil(lambda: bool(errors))
    assert "not a named pipe (FIFO)" in str(errors[0]) and stat.S_ISFIFO(os.lstat(fifo).st_mode)
