"""School packs between the modes: a school on a SQLite file sends its pack to a trust on the
server, and the server exports a school's pack that a SQLite trust imports; everything the pack
carries arrives (ids, titles, evidence bytes, reviews, history), and a second import changes
nothing. Only the pack service's public functions are used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pack_tools import pair

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.exchange.keys import key_files
from cst_inclusion_desktop.services.safety.audit import history
from cst_inclusion_desktop.services.safety.opening import open_context

pytestmark = pytest.mark.postgresql_only  # the server is one end of every test here


def _file_trust(path: Path, schools: list[tuple[str, str]]) -> Services:
    services = Services(open_context(load_settings(overrides={"database": str(path)}), create=True))
    services.trust.create("Oak Learning Trust")
    for name, urn in schools:
        services.schools.add(name, urn, "primary", "Siân Jones")
    return services


@pytest.fixture
def school_file(tmp_path: Path) -> Iterator[Services]:
    """Castle Hill's own SQLite file: an action with a file of evidence and a review."""
    school = _file_trust(tmp_path / "castle-hill.db", [("Castle Hill Primary", "100003")])
    _fill(school, "100003", tmp_path)
    yield school
    school.close()


def _fill(services: Services, urn: str, tmp_path: Path) -> None:
    action = services.actions.add(
        ActionDraft(school=urn, principle=2, title="Phonics catch-up", owner="Zoë Ørsted")
    )
    document = tmp_path / f"plan-{urn}.pdf"
    document.write_bytes(b"%PDF-1.4 plan \x00\xff " + urn.encode())
    services.evidence.add(action_id=action.id, file=document, title="Plan")
    services.reviews.add(action.id, "green", "On track", review_date="2026-10-01")
    services.actions.update(action.id, {"status": "in progress"})


def _view(services: Services, urn: str) -> dict[str, object]:
    school = services.schools.get(urn)
    actions = services.actions.list(
        ActionFilter(school_ids=(school.id,), include_archived=True), limit=None
    )
    evidence = services.evidence.list(school=urn, include_archived=True)
    return {
        "school": (school.id, school.name, school.senco),
        "actions": sorted(
            (a.id, a.number, a.title, a.owner, a.status, a.rag, a.evidence_count, a.created_at)
            for a in actions
        ),
        "evidence": sorted((e.id, e.title, e.sha256, e.file_name) for e in evidence),
        "bytes": {e.id: services.evidence.read_bytes(e.id)[1] for e in evidence if e.sha256},
        "reviews": [
            (r.id, r.date, r.rag, r.note) for a in actions for r in services.reviews.list(a.id)
        ],
        "history": {a.id: _history(services, a.id) for a in actions},
    }


def _history(services: Services, entity_id: str) -> list[str]:
    """The row's own history: its events here, or the originals a pack brought in."""
    operations: list[str] = []
    with services.context.read() as session:
        for event in history(session, entity_id):
            original = (event.after or {}).get("original")
            if event.operation != "import":
                operations.append(event.operation)
            elif isinstance(original, dict):
                operations.append(str(original["operation"]))
    return operations


def _introduce(school: Services, urn: str, trust: Services) -> None:
    """The keys as the two would share them: the trust's public key to the school (a framework
    file would carry it), the school's signing key registered at the trust. On the server the
    keys are kept in the user's own folder, named after the server database."""
    pair(school, trust.keys.database_file())
    signing = school.keys.signing_key().public_key()
    trust.keys.register(urn, key_files.fingerprint(key_files.raw_public(signing)))


def test_a_school_on_a_file_sends_its_pack_to_the_trust_on_the_server(
    services: Services, school_file: Services, tmp_path: Path
) -> None:
    _introduce(school_file, "100003", services)
    pack = tmp_path / "castle-hill.pack"
    school_file.packs.export_pack("100003", pack)
    summary = services.packs.import_pack(pack)
    assert summary.applied and summary.urn == "100003"
    assert _view(services, "100003") == _view(school_file, "100003")
    assert services.check.run().ok
    again = services.packs.import_pack(pack)
    assert not again.has_changes


def test_the_server_exports_a_school_pack_a_trust_on_a_file_imports(
    services: Services, tmp_path: Path
) -> None:
    _fill(services, "100001", tmp_path)
    pack = tmp_path / "oakfield.pack"
    file_trust = _file_trust(tmp_path / "trust.db", [])
    try:
        _introduce(services, "100001", file_trust)
        services.packs.export_pack("100001", pack)
        summary = file_trust.packs.import_pack(pack)
        assert summary.applied
        assert _view(file_trust, "100001") == _view(services, "100001")
        assert file_trust.check.run().ok
        assert not file_trust.packs.import_pack(pack).has_changes
    finally:
        file_trust.close()
