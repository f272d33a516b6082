"""Issue 12, findings 1-6 and 9: school packs edited by hand and resealed, as an attacker would.

Findings 7 and 8 have their own modules (test_hostile_pack_zip, test_text_rule). Each test
builds the hostile pack itself from a real export (``pack_tools``) and imports it through the
real command line into a real trust database: exit 2, one line naming the file, the row and the
field, the database unchanged, no backup or temporary file left behind.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from pack_tools import (
    Cli,
    OpenPack,
    Trust,
    assert_refused,
    first,
    trust,
)

__all__ = ["trust"]  # the fixture, imported so pytest finds it here


# --- 1. arbitrary file overwrite ----------------------------------------------------------------
def test_a_non_uuid_evidence_id_is_refused(trust: Trust, cli: Cli) -> None:
    def edit(pack: OpenPack) -> None:
        first(pack.data["evidence"])["id"] = "../../../../home/user"

    assert_refused(
        cli,
        trust.edited(edit),
        trust.db,
        "edited.pack, evidence[0]: id: value '../../../../home",
        "expected a UUID",
    )


def test_a_path_as_file_name_is_reduced_to_its_base_name(
    trust: Trust, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim" / ".bashrc"
    victim.parent.mkdir()
    victim.write_text("the user's own file")

    def edit(pack: OpenPack) -> None:
        row = first(pack.data["evidence"])
        row["file_name"] = "../../.." + str(victim)

    assert cli("pack", "import", str(trust.edited(edit)), db=trust.db).code == 0
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "temp"))
    lead = trust.services()
    try:
        assert lead.evidence.get(trust.ids["evidence"]).file_name == ".bashrc"
        opened = lead.evidence.open_copy(trust.ids["evidence"])
    finally:
        lead.close()
    assert opened.is_relative_to(tmp_path / "temp")
    assert victim.read_text() == "the user's own file"


def test_a_forged_file_name_in_the_database_cannot_leave_the_opened_folder(
    trust: Trust, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    with sqlite3.connect(trust.db) as connection:
        connection.execute(
            "UPDATE evidence SET file_name = ? WHERE id = ?", (str(victim), trust.ids["evidence"])
        )
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "temp"))
    lead = trust.services()
    try:
        opened = lead.evidence.open_copy(trust.ids["evidence"])
    finally:
        lead.close()
    assert opened.parent.parent == tmp_path / "temp" / opened.parent.parent.name
    assert opened.name == "victim.txt" and opened.read_bytes() == b"%PDF-1.4 the genuine plan"
    assert not victim.exists()


# --- 2. one school overwrites another ----------------------------------------------------------
def _plant_in_other_school(pack: OpenPack) -> None:
    first(pack.data["actions"])["school_urn"] = "100002"


def _take_other_schools_action(pack: OpenPack, other_action: str) -> None:
    row = first(pack.data["actions"])
    old = row["id"]
    row["id"] = other_action
    for rows in (pack.data["evidence"], pack.data["reviews"]):
        for values in rows:
            if values["action_id"] == old:
                values["action_id"] = other_action
    for event in pack.data["audit"]:
        if event["entity_id"] == old:
            event["entity_id"] = other_action


def test_rows_of_another_school_are_refused(trust: Trust, cli: Cli) -> None:
    planted = trust.edited(_plant_in_other_school, "planted.pack")
    assert_refused(
        cli,
        planted,
        trust.db,
        "planted.pack, action ",
        ": school_urn: value '100002'",
        "expected the URN of the pack's school (100001)",
    )
    taken = trust.edited(
        lambda pack: _take_other_schools_action(pack, trust.ids["other_action"]), "taken.pack"
    )
    assert_refused(
        cli,
        taken,
        trust.db,
        f"taken.pack, action {trust.ids['other_action']}: id:",
        "(this one belongs to another school here)",
    )


def test_a_school_row_that_is_not_the_manifests_school_is_refused(trust: Trust, cli: Cli) -> None:
    def rename_other(pack: OpenPack) -> None:
        pack.data["school"]["id"] = trust.ids["other_school"]

    assert_refused(
        cli,
        trust.edited(rename_other),
        trust.db,
        "edited.pack, school: school:",
        "expected the school named in the pack's manifest",
    )


def test_a_urn_clash_is_refused(trust: Trust, cli: Cli) -> None:
    def clash(pack: OpenPack) -> None:  # school B's id with school A's URN, manifest and all
        old = pack.data["school"]["id"]
        pack.data["school"]["id"] = trust.ids["other_school"]
        pack.manifest["school"]["id"] = trust.ids["other_school"]
        for event in pack.data["audit"]:
            if event["entity_id"] == old:
                event["entity_id"] = trust.ids["other_school"]

    assert_refused(
        cli,
        trust.edited(clash),
        trust.db,
        "edited.pack: school: value '100001 (",
        "expected one school here: its id is 'Ysgol Bryn Ŵyn' (100002) but its URN is "
        "'Oakfield Primary School' (100001) in this database",
    )


# --- 3. timestamps ------------------------------------------------------------------------------
def test_a_far_future_updated_at_is_refused(trust: Trust, cli: Cli) -> None:
    def future(pack: OpenPack) -> None:
        row = first(pack.data["actions"])
        row["title"], row["updated_at"] = "Forged", "2999-01-01T00:00:00+00:00"

    assert_refused(
        cli,
        trust.edited(future),
        trust.db,
        f"edited.pack, action {trust.ids['action']}: updated_at: value "
        "'2999-01-01T00:00:00+00:00' — expected a time between 1990-01-01 and now",
    )


def test_a_naive_timestamp_is_refused(trust: Trust, cli: Cli) -> None:
    def naive(pack: OpenPack) -> None:
        first(pack.data["reviews"])["created_at"] = "2026-10-01T09:00:00"

    assert_refused(
        cli,
        trust.edited(naive),
        trust.db,
        "created_at: value '2026-10-01T09:00:00'",
        "expected a timestamp with its UTC offset (this one is naive: add +00:00)",
    )


def test_created_at_is_not_taken_from_a_pack_for_a_row_already_here(trust: Trust, cli: Cli) -> None:
    lead = trust.services()
    try:
        created = lead.actions.get(trust.ids["action"]).created_at
    finally:
        lead.close()

    def backdate(pack: OpenPack) -> None:
        row = first(pack.data["actions"])
        row["title"], row["created_at"] = "Phonics, renamed", "1995-01-01T00:00:00+00:00"

    assert cli("pack", "import", str(trust.edited(backdate)), db=trust.db).code == 0
    lead = trust.services()
    try:
        action = lead.actions.get(trust.ids["action"])
        assert (action.title, action.created_at) == ("Phonics, renamed", created)
        assert lead.check.run().ok
    finally:
        lead.close()


# --- 4. evidence bytes swapped under a real file's hash ----------------------------------------
def test_blob_bytes_that_do_not_hash_to_their_name_are_refused(trust: Trust, cli: Cli) -> None:
    def swap(pack: OpenPack) -> None:
        [sha] = pack.blobs
        pack.blobs[sha] = b"%PDF-1.4 forged"

    assert_refused(
        cli,
        trust.edited(swap),
        trust.db,
        "pack: value 'edited.pack'",
        "expected a pack whose files hash to their names (blobs/",
    )


def test_a_genuine_upload_is_never_deduplicated_onto_forged_bytes(
    trust: Trust, tmp_path: Path
) -> None:
    genuine = b"%PDF-1.4 the genuine plan"
    with sqlite3.connect(trust.db) as connection:  # forged bytes under the real hash (old pack)
        connection.execute(
            "UPDATE blob SET data = ? WHERE sha256 = ?",
            (b"%PDF-1.4 forged", hashlib.sha256(genuine).hexdigest()),
        )
    upload = tmp_path / "plan-again.pdf"
    upload.write_bytes(genuine)
    lead = trust.services()
    try:
        added = lead.evidence.add(school="100001", principle=2, file=upload)
        assert lead.evidence.read_bytes(added.id)[1] == genuine
        assert lead.evidence.read_bytes(trust.ids["evidence"])[1] == genuine
        assert lead.check.run().ok
    finally:
        lead.close()


def test_evidence_naming_a_blob_the_pack_lacks_is_refused(trust: Trust, cli: Cli) -> None:
    def missing(pack: OpenPack) -> None:
        first(pack.data["evidence"])["blob_sha256"] = "0" * 64

    assert_refused(
        cli,
        trust.edited(missing),
        trust.db,
        "blob_sha256: value '" + "0" * 64,
        "expected the SHA-256 of a file carried in this pack",
    )


# --- 5. rows skip validation -------------------------------------------------------------------
ROW_EDITS: dict[str, tuple[str, str, object, str]] = {
    "status": ("actions", "status", "pwned", "expected one of planned, in_progress, completed"),
    "rag": ("actions", "rag", "purple", "expected one of red, amber, green"),
    "long title": ("actions", "title", "x" * 5000, "expected at most 300 characters"),
    "start after due": ("actions", "start_date", "2027-01-01", "due_date: value"),
    "evidence kind": ("evidence", "kind", "weird", "expected one of document, observation"),
    "review rag": ("reviews", "rag", "blue", "rag: value 'blue'"),
    "wrong type": ("actions", "archived", "yes", "archived: value 'yes' — expected true or false"),
    "missing field": ("actions", "owner", KeyError, "owner: value '(missing)'"),
    "extra field": ("actions", "pwned", True, "pwned: value '(unexpected)'"),
    "date type": ("reviews", "date", 20261001, "expected a date as YYYY-MM-DD"),
}


@pytest.mark.parametrize("case", list(ROW_EDITS))
def test_every_row_is_validated_before_anything_is_written(
    trust: Trust, cli: Cli, case: str
) -> None:
    key, field, value, message = ROW_EDITS[case]

    def edit(pack: OpenPack) -> None:
        row = first(pack.data[key])
        if value is KeyError:
            del row[field]
        else:
            row[field] = value
            if case == "start after due":
                row["due_date"] = "2026-09-01"

    assert_refused(cli, trust.edited(edit), trust.db, "edited.pack, ", message)


def test_an_orphan_review_is_refused(trust: Trust, cli: Cli) -> None:
    def orphan(pack: OpenPack) -> None:
        first(pack.data["reviews"])["action_id"] = trust.ids["other_action"]

    assert_refused(
        cli,
        trust.edited(orphan),
        trust.db,
        "action_id: value",
        "expected the id of an action in this pack",
    )


# --- 6. forged audit events --------------------------------------------------------------------
AUDIT_EDITS: dict[str, tuple[str, object, str]] = {
    "entity_id true": ("entity_id", True, "entity_id: value 'True' — expected a UUID"),
    "unknown entity": ("entity", "trust", "expected the school, an action, evidence or a review"),
    "unknown operation": ("operation", "delete", "expected one of archive, create, import"),
    "seq text": ("seq", "1", "seq: value '1' — expected a whole number from 1"),
    "nested after": ("after", {"title": ["x"]}, "after.title: value"),
    "escape in after": ("after", {"title": "\x1b[2J"}, "printable text"),
}


@pytest.mark.parametrize("case", list(AUDIT_EDITS))
def test_audit_events_are_validated_field_by_field(trust: Trust, cli: Cli, case: str) -> None:
    field, value, message = AUDIT_EDITS[case]

    def edit(pack: OpenPack) -> None:
        pack.data["audit"][0][field] = value

    result = assert_refused(cli, trust.edited(edit), trust.db, "edited.pack, audit event ", message)
    assert "\x1b" not in result.err


def test_an_event_about_a_row_outside_the_pack_is_refused(trust: Trust, cli: Cli) -> None:
    def edit(pack: OpenPack) -> None:
        pack.data["audit"][0]["entity_id"] = trust.ids["other_action"]

    assert_refused(cli, trust.edited(edit), trust.db, "entity: value '")


def test_check_reports_every_break_in_the_audit_chain(trust: Trust, cli: Cli) -> None:
    with sqlite3.connect(trust.db) as connection:
        connection.execute("UPDATE audit_event SET actor = 'Mallory' WHERE seq IN (2, 5)")
    result = cli("check", db=trust.db)
    assert result.code == 1
    assert "2 breaks: audit event 2 (" in result.out and "; audit event 5 (" in result.out


# --- 9. unknown URN, orphan rows: one line, no raw SQL, no backup ------------------------------
def test_an_unknown_urn_is_refused_without_sql(trust: Trust, cli: Cli) -> None:
    def edit(pack: OpenPack) -> None:
        first(pack.data["evidence"])["school_urn"] = "999999"

    result = assert_refused(cli, trust.edited(edit), trust.db, "school_urn: value '999999'")
    assert "SQL" not in result.err and "INSERT" not in result.err
