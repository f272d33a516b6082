"""School packs: round trip into a fresh database, merging, conflicts, idempotence, bad packs.

The trust's database has its trust key and already knows the school's signing key (registered
ahead of the first pack); the keys themselves are tested in test_pack_keys.py."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import file_state
from pack_tools import Keys, open_pack, pair, school_db

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.errors import DatabaseError, ValidationError
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.services.safety.opening import open_context

pytestmark = (
    pytest.mark.sqlite_only
)  # pack signing keys live beside a SQLite file (no server home yet)


def open_services(path: Path) -> Services:
    return Services(open_context(load_settings(overrides={"database": str(path)}), create=True))


@pytest.fixture
def trust(services: Services, tmp_path: Path) -> Iterator[Services]:
    """The trust lead's database: its own trust and framework, none of the school's rows, the
    trust's key, and the school's signing key registered."""
    lead = open_services(tmp_path / "trust-lead.db")
    lead.trust.create("Oak Learning Trust")
    pair(services, tmp_path / "trust-lead.db")
    services.keys.signing_key()
    keys = Keys(school_db(services), tmp_path / "trust-lead.db")
    lead.keys.register("100001", keys.school_fingerprint())
    yield lead
    lead.close()


@pytest.fixture
def school_data(services: Services, tmp_path: Path) -> dict[str, str]:
    """At the school (the `services` database): an action with evidence (a file) and a review."""
    action = services.actions.add(
        ActionDraft(school="100001", principle=2, title="Phonics catch-up", owner="Zoë")
    )
    other = services.actions.add(ActionDraft(school="100001", principle=4, title="Parent forum"))
    services.actions.add(ActionDraft(school="100002", principle=1, title="Not in the pack"))
    document = tmp_path / "plan.pdf"
    document.write_bytes(b"%PDF-1.4 school plan \x00\xff bytes")
    evidence = services.evidence.add(action_id=action.id, file=document, title="Plan")
    services.evidence.add(school="100001", principle=5, title="Governor minutes", kind="other")
    services.reviews.add(action.id, "green", "On track", review_date="2026-10-01")
    services.actions.archive(other.id)
    return {"action": action.id, "evidence": evidence.id}


def export(services: Services, tmp_path: Path, name: str = "oakfield.pack") -> Path:
    out = tmp_path / name
    services.packs.export_pack("100001", out)
    return out


def school_view(services: Services) -> dict[str, object]:
    """Everything about school 100001 that must survive a pack, by id."""
    school = services.schools.get("100001")
    actions = services.actions.list(
        ActionFilter(school_ids=(school.id,), include_archived=True), limit=None
    )
    evidence = services.evidence.list(school="100001", include_archived=True)
    return {
        "school": (school.id, school.urn, school.name, school.phase, school.senco),
        "actions": sorted(
            (
                a.id,
                a.number,
                a.title,
                a.owner,
                a.status,
                a.rag,
                a.archived,
                a.evidence_count,
                a.last_review_date,
                a.created_at,
                a.updated_at,
                a.created_by,
            )
            for a in actions
        ),
        "evidence": sorted(
            (e.id, e.number, e.action_id, e.title, e.kind, e.sha256, e.file_name, e.date)
            for e in evidence
        ),
        "bytes": {
            e.id: services.evidence.read_bytes(e.id)[1] for e in evidence if e.sha256 is not None
        },
        "reviews": [
            (r.id, r.date, r.rag, r.note) for a in actions for r in services.reviews.list(a.id)
        ],
    }


def test_export_then_import_into_a_fresh_database_equals_the_source(
    services: Services, school_data: dict[str, str], trust: Services, tmp_path: Path
) -> None:
    pack = export(services, tmp_path)
    summary = trust.packs.import_pack(pack)
    assert summary.applied and summary.counts["action"]["new"] == 2
    assert summary.counts["evidence"]["new"] == 2 and summary.files_added == 1
    assert school_view(trust) == school_view(services)
    assert trust.evidence.read_bytes(school_data["evidence"])[1].startswith(b"%PDF-1.4 school")
    assert trust.check.run().ok  # the chain, with the pack's events added, still verifies
    with trust.context.read() as session:
        events = history(session, school_data["action"])
    originals = [e.after["original"]["operation"] for e in events if "original" in (e.after or {})]
    assert originals == ["create", "update"]  # created, then its RAG followed the review
    assert summary.backup is not None and summary.backup.exists()
    assert summary.backup.name.endswith("-pre-import.db")


def test_importing_the_same_pack_twice_changes_nothing(
    services: Services, school_data: dict[str, str], trust: Services, tmp_path: Path
) -> None:
    pack = export(services, tmp_path)
    trust.packs.import_pack(pack)
    trust_db = Path(trust.context.settings.database_path)
    before = file_state(trust_db)
    again = trust.packs.import_pack(pack)
    assert not again.has_changes and not again.applied and again.audit_events == 0
    assert (
        again.lines()[0] == "Nothing to change: this database already holds everything in "
        "oakfield.pack"
    )
    assert file_state(trust_db) == before


def test_dry_run_shows_what_would_change_and_writes_nothing(
    services: Services, school_data: dict[str, str], trust: Services, tmp_path: Path
) -> None:
    trust_db = Path(trust.context.settings.database_path)
    before = file_state(trust_db)
    summary = trust.packs.import_pack(export(services, tmp_path), dry_run=True)
    assert summary.dry_run and summary.has_changes and not summary.applied
    assert summary.lines()[:3] == [
        "Dry run: importing oakfield.pack would change the following (nothing written)",
        "  school: 1 new, 0 updated, 0 conflicts, 0 kept, 0 unchanged",
        "  actions: 2 new, 0 updated, 0 conflicts, 0 kept, 0 unchanged",
    ]
    assert file_state(trust_db) == before


def test_later_changes_at_the_school_update_the_trust(
    services: Services, school_data: dict[str, str], trust: Services, tmp_path: Path
) -> None:
    trust.packs.import_pack(export(services, tmp_path))
    services.actions.update(school_data["action"], {"status": "in_progress", "owner": "Ann"})
    services.reviews.add(school_data["action"], "amber", "Slipping", review_date="2026-11-01")
    summary = trust.packs.import_pack(export(services, tmp_path, "second.pack"))
    assert summary.counts["action"]["updated"] == 1 and summary.counts["review"]["new"] == 1
    assert not summary.conflicts
    action = trust.actions.get(school_data["action"])
    assert (action.owner, action.status.token, action.rag.token) == ("Ann", "in_progress", "amber")
    assert action.last_review_date.isoformat() == "2026-11-01"


def test_a_change_made_only_at_the_trust_is_kept(
    services: Services, school_data: dict[str, str], trust: Services, tmp_path: Path
) -> None:
    pack = export(services, tmp_path)
    trust.packs.import_pack(pack)
    trust.actions.update(school_data["action"], {"description": "Trust note"})
    summary = trust.packs.import_pack(pack)
    assert summary.counts["action"]["kept"] == 1 and not summary.has_changes
    assert trust.actions.get(school_data["action"]).description == "Trust note"


@pytest.mark.parametrize("later", ["school", "trust"])
def test_conflicting_edits_keep_both_texts(
    services: Services,
    school_data: dict[str, str],
    trust: Services,
    tmp_path: Path,
    later: str,
) -> None:
    action_id = school_data["action"]
    trust.packs.import_pack(export(services, tmp_path))
    edits = [
        (services, {"title": "Phonics catch-up (school's wording)"}),
        (trust, {"title": "Phonics catch-up (trust's wording)"}),
    ]
    if later == "school":
        edits.reverse()
    for side, change in edits:  # the second edit is the later one
        side.actions.update(action_id, change)
    summary = trust.packs.import_pack(export(services, tmp_path, "second.pack"))
    [conflict] = summary.conflicts
    assert conflict.winner == ("pack" if later == "school" else "database")
    winner = f"Phonics catch-up ({later}'s wording)"
    loser = (
        "Phonics catch-up (trust's wording)"
        if later == "school"
        else ("Phonics catch-up (school's wording)")
    )
    assert trust.actions.get(action_id).title == winner
    with trust.context.read() as session:
        [event] = [
            e
            for e in history(session, action_id)
            if e.before and e.before.get("title") == loser and e.operation == "import"
        ]
    assert event.after is not None and event.after["title"] == winner
    assert any("conflict rule: the later updated_at wins" in line for line in summary.lines())
    assert trust.check.run().ok
    trust_db = Path(trust.context.settings.database_path)
    before = file_state(trust_db)
    assert not trust.packs.import_pack(tmp_path / "second.pack").has_changes
    assert file_state(trust_db) == before


def test_a_school_already_in_the_trust_database_is_matched_by_urn(
    services: Services, school_data: dict[str, str], trust: Services, tmp_path: Path
) -> None:
    local = trust.schools.add("Oakfield Primary", "100001", "primary")
    summary = trust.packs.import_pack(export(services, tmp_path))
    assert summary.counts["school"]["conflicts"] == 1
    assert [s.id for s in trust.schools.list()] == [local.id]
    assert trust.actions.get(school_data["action"]).school_id == local.id


def damage(pack: Path, how: str) -> None:
    raw = bytearray(pack.read_bytes())
    if how == "truncated":
        pack.write_bytes(bytes(raw[: len(raw) // 2]))
    elif how.startswith("byte"):
        position = {"byte-start": 10, "byte-middle": len(raw) // 2, "byte-end": len(raw) - 30}[how]
        raw[position] ^= 0x01
        pack.write_bytes(bytes(raw))


# Issue 14 changed these: the pack is encrypted, so damage shows as a pack that no longer
# decrypts (AES-GCM's tag), or as a damaged first line.
UNDECRYPTABLE = (
    "pack: value 'p.pack' — expected a pack that decrypts with this trust's key (this one was "
    "changed or damaged after it was written; ask for it to be exported again)"
)
BAD_PACKS = {
    "truncated": UNDECRYPTABLE,
    "byte-start": "pack: value 'p.pack' — expected a school pack made by `cst-inclusion pack "
    "export` (this one is damaged: its first line is wrong; ask for it to be exported again)",
    "byte-middle": UNDECRYPTABLE,
    "byte-end": UNDECRYPTABLE,
}


@pytest.mark.parametrize("how", list(BAD_PACKS))
def test_damaged_packs_are_refused_and_change_nothing(
    services: Services, school_data: dict[str, str], trust: Services, tmp_path: Path, how: str
) -> None:
    pack = export(services, tmp_path, "p.pack")
    damage(pack, how)
    trust_db = Path(trust.context.settings.database_path)
    before = file_state(trust_db)
    with pytest.raises(ValidationError) as error:
        trust.packs.import_pack(pack)
    assert str(error.value) == BAD_PACKS[how]
    assert file_state(trust_db) == before
    assert not list((trust.context.settings.backup_path).glob("*pre-import*"))


def test_foreign_files_are_refused(trust: Services, tmp_path: Path) -> None:
    foreign = tmp_path / "photos.zip"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("holiday.jpg", b"not a pack")
    text = tmp_path / "notes.pack"
    text.write_text("hello")
    trust_db = Path(trust.context.settings.database_path)
    before = file_state(trust_db)
    with pytest.raises(ValidationError) as error:
        trust.packs.import_pack(foreign)
    assert str(error.value) == (
        "pack: value 'photos.zip' — expected a school pack made by `cst-inclusion pack export` "
        "(this is a zip file, but not a school pack)"
    )
    with pytest.raises(ValidationError, match=r"\(this file is not a pack at all\)"):
        trust.packs.import_pack(text)
    assert file_state(trust_db) == before


def test_a_pack_from_a_newer_version_is_refused(
    services: Services, school_data: dict[str, str], trust: Services, tmp_path: Path
) -> None:
    pack = export(services, tmp_path, "p.pack")
    opened = open_pack(pack, Keys(school_db(services), tmp_path / "trust-lead.db"))
    opened.manifest["schema_version"] = "9999_from_the_future"
    opened.reseal(pack)
    trust_db = Path(trust.context.settings.database_path)
    before = file_state(trust_db)
    with pytest.raises(DatabaseError, match="made by a newer version of CST Inclusion Desktop"):
        trust.packs.import_pack(pack)
    assert file_state(trust_db) == before


def test_a_principle_missing_here_is_refused(
    services: Services, school_data: dict[str, str], trust: Services, tmp_path: Path
) -> None:
    pack = export(services, tmp_path)
    framework = tmp_path / "three.json"
    trust.trust.export_framework(framework)
    spec = json.loads(framework.read_text())
    spec["principles"] = spec["principles"][:1]
    framework.write_text(json.dumps(spec))
    trust.trust.import_framework(framework)
    trust_db = Path(trust.context.settings.database_path)
    before = file_state(trust_db)
    with pytest.raises(ValidationError, match="expected a principle number in this database"):
        trust.packs.import_pack(pack)
    assert file_state(trust_db) == before
