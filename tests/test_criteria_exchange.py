"""Inspection criteria travel with actions: the spreadsheet column "Inspection criteria" (codes
or titles separated by semicolons) in export and import, and school packs."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.services.safety.opening import open_context
from tests.conftest import file_state
from tests.pack_tools import Keys, open_pack, pair, school_db

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


# --- school packs --------------------------------------------------------------------------------
@pytest.fixture
def trust(services: Services, tmp_path: Path) -> Iterator[Services]:
    """The trust lead's database, paired with the school as test_packs.py does it: the trust's
    key given to the school, the school's signing key registered at the trust."""
    lead_path = tmp_path / "trust-lead.db"
    lead = open_services(lead_path)
    lead.trust.create("Oak Learning Trust")
    pair(services, lead_path)
    services.keys.signing_key()
    lead.keys.register("100001", Keys(school_db(services), lead_path).school_fingerprint())
    yield lead
    lead.close()


@pytest.fixture
def school_pack(services: Services, tmp_path: Path) -> Path:
    """At the school: tagged and untagged actions and evidence, one tag changed after adding."""
    screening = services.actions.add(
        ActionDraft(school="100001", principle=1, title="Screening", criteria=("IC2",))
    )
    services.actions.add(ActionDraft(school="100001", principle=2, title="Untagged"))
    services.actions.update(screening.id, {"criteria": ("IC2", "IC3")})
    services.evidence.add(action_id=screening.id, title="Screening data", criteria=("IC2",))
    services.evidence.add(school="100001", principle=5, title="SEN report", criteria=("IC9",))
    return tmp_path / "oakfield.pack"


def tags(services: Services) -> dict[str, dict[str, tuple[str, ...]]]:
    actions = services.actions.list(ActionFilter(include_archived=True), limit=None)
    evidence = services.evidence.list(school="100001", include_archived=True)
    return {
        "actions": {a.id: a.criteria for a in actions if a.urn == "100001"},
        "evidence": {e.id: e.criteria for e in evidence},
    }


def test_a_pack_carries_criteria_and_merges_them(
    services: Services, trust: Services, school_pack: Path
) -> None:
    services.packs.export_pack("100001", school_pack)
    summary = trust.packs.import_pack(school_pack)
    assert summary.applied
    assert tags(trust) == tags(services)
    assert sorted(tags(trust)["evidence"].values()) == [("IC2",), ("IC9",)]
    assert trust.check.run().ok
    screening = next(a for a in trust.actions.list() if a.title == "Screening")
    with trust.context.read() as session:
        imported = [e for e in history(session, screening.id) if e.operation == "import"]
    assert any((e.after or {}).get("criteria") == "IC2; IC3" for e in imported)
    # A tag removed at the school reaches the trust with the next pack.
    services.actions.update(screening.id, {"criteria": ()})
    services.packs.export_pack("100001", school_pack)
    later = trust.packs.import_pack(school_pack)
    assert later.counts["action"]["updated"] == 1
    assert trust.actions.get(screening.id).criteria == ()
    assert tags(trust) == tags(services)


def test_a_pack_naming_a_criterion_unknown_here_is_refused(
    services: Services, trust: Services, tmp_path: Path
) -> None:
    services.criteria.add("Attendance", code="AT1")
    services.actions.add(
        ActionDraft(school="100001", principle=1, title="Attendance", criteria=("AT1",))
    )
    pack = tmp_path / "school.pack"
    services.packs.export_pack("100001", pack)
    trust_db = Path(trust.context.settings.database_path)
    before = file_state(trust_db)
    with pytest.raises(ValidationError) as error:
        trust.packs.import_pack(pack)
    message = str(error.value)
    assert message.startswith("school.pack, action ")
    assert "criteria: value 'AT1' — expected a criterion code in this database's list " in message
    assert "(IC1, IC2, IC3, IC4, IC5, IC6, IC7, IC8, IC9)" in message
    assert "must share the inspection criteria list" in message
    assert file_state(trust_db) == before
    # Sharing the list (exported here at the school, imported at the trust) lets it in.
    shared = tmp_path / "criteria.json"
    services.criteria.export_file(shared)
    trust.criteria.import_file(shared)
    assert trust.packs.import_pack(pack).applied
    assert [a.criteria for a in trust.actions.list()] == [("AT1",)]


def test_a_forged_criteria_field_is_refused(
    services: Services, trust: Services, school_pack: Path, tmp_path: Path
) -> None:
    services.packs.export_pack("100001", school_pack)
    keys = Keys(school_db(services), tmp_path / "trust-lead.db")
    trust_db = Path(trust.context.settings.database_path)
    before = file_state(trust_db)
    for forged, expected in (
        (["IC2"], "criteria: value '['IC2']' — expected criterion codes separated by ';'"),
        ("IC2; DROP TABLE", "criteria: value 'DROP TABLE' — expected a criterion code such"),
        ("", "criteria: value '' — expected 1 to 200 criterion codes"),
    ):
        opened = open_pack(school_pack, keys)
        opened.data["actions"][0]["criteria"] = forged
        forged_pack = opened.reseal(tmp_path / "forged.pack")
        with pytest.raises(ValidationError, match=re.escape(expected)):
            trust.packs.import_pack(forged_pack)
    assert file_state(trust_db) == before
