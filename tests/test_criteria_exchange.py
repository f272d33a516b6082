"""Inspection criteria travel with actions: the spreadsheet column "Inspection criteria" (codes
or titles separated by semicolons) in export and import, and school packs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.services.safety.opening import open_context
from tests.conftest import file_state

HEADER = "School URN,Principle,Title,Inspection criteria"


def open_services(path: Path) -> Services:
    return Services(open_context(load_settings(overrides={"database": str(path)}), create=True))


def fresh_trust(tmp_path: Path, name: str = "fresh.db") -> Services:
    fresh = open_services(tmp_path / name)
    fresh.trust.create("Another Trust")
    fresh.schools.add("Oakfield Primary School", "100001")
    return fresh


def criteria_by_title(services: Services) -> dict[str, tuple[str, ...]]:
    records = services.actions.list(ActionFilter(include_archived=True), limit=None)
    return {record.title: record.criteria for record in records}


@pytest.fixture
def tagged(services: Services) -> dict[str, tuple[str, ...]]:
    wanted = {"Screening": ("IC2",), "Reviews": ("IC3", "IC6"), "Plain": ()}
    for title, codes in wanted.items():
        services.actions.add(ActionDraft(school="100001", principle=1, title=title, criteria=codes))
    return wanted


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_column_round_trips(
    services: Services,
    tagged: dict[str, tuple[str, ...]],
    tmp_path: Path,
    db_path: Path,
    suffix: str,
) -> None:
    out = tmp_path / f"actions{suffix}"
    services.exporter.export_actions(out)
    if suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(out).worksheets[0]
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    cells = {row["Title"]: row["Inspection criteria"] or "" for row in rows}
    assert cells == {"Screening": "IC2", "Reviews": "IC3; IC6", "Plain": ""}
    before = file_state(db_path)
    report = services.importer.import_actions(out)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert file_state(db_path) == before, "re-importing the export changes nothing"
    fresh = fresh_trust(tmp_path)
    try:
        report = fresh.importer.import_actions(out)
        assert report.created == 3, [p.message for p in report.problems]
        assert criteria_by_title(fresh) == tagged
    finally:
        fresh.close()


def test_titles_codes_and_case_are_accepted_and_changes_audited(
    services: Services, tagged: dict[str, tuple[str, ...]], tmp_path: Path
) -> None:
    sheet = tmp_path / "tags.csv"
    sheet.write_text(
        f"{HEADER}\n"
        "100001,1,Screening,early and accurate identification of needs; ic8\n"
        "100001,1,Reviews,\n"
        '100001,1,New one,"IC1;Working with parents and carers"\n',
        encoding="utf-8",
    )
    report = services.importer.import_actions(sheet)
    assert report.problems == []
    assert (report.created, report.updated) == (1, 2)
    assert criteria_by_title(services) == {
        "Screening": ("IC2", "IC8"),
        "Reviews": (),
        "Plain": (),
        "New one": ("IC1", "IC6"),
    }
    screening = next(a for a in services.actions.list() if a.title == "Screening")
    with services.context.read() as session:
        last = history(session, screening.id)[-1]
    assert last.before is not None and last.after is not None
    assert (last.before["criteria"], last.after["criteria"]) == ("IC2", "IC2; IC8")
    assert services.check.run().ok


def test_a_file_without_the_column_keeps_the_criteria(
    services: Services, tagged: dict[str, tuple[str, ...]], tmp_path: Path
) -> None:
    sheet = tmp_path / "no-column.csv"
    sheet.write_text("School URN,Principle,Title,Owner\n100001,1,Reviews,Ms Patel\n", "utf-8")
    report = services.importer.import_actions(sheet)
    assert report.updated == 1 and report.problems == []
    assert criteria_by_title(services)["Reviews"] == ("IC3", "IC6")


def test_unknown_or_retired_entries_are_row_level_errors(
    services: Services, tagged: dict[str, tuple[str, ...]], tmp_path: Path, db_path: Path
) -> None:
    services.criteria.retire("IC6")
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        f"{HEADER}\n"
        "100001,1,Screening,IC2; Pupil premium plan\n"
        "100001,1,Reviews,IC3; IC6\n"  # the action already carries IC6: it may stay
        "100001,1,New one,IC6\n",
        encoding="utf-8",
    )
    before = file_state(db_path)
    report = services.importer.import_actions(sheet)
    messages = [problem.message for problem in report.problems]
    assert messages == [
        "row 2, column Inspection criteria: value 'Pupil premium plan' — expected a criterion "
        "code or title (IC1, IC2, IC3, IC4, IC5, IC7, IC8, IC9)",
        "row 4, column Inspection criteria: value 'IC6' — expected a current criterion (IC6 is "
        "retired: it stays on old records only)",
    ]
    assert not report.applied and file_state(db_path) == before
