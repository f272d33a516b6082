"""Services on real SQLite files: rules, transactions and the audit trail."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.enums import Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError, ValidationErrors
from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.audit import history
from tests.conftest import file_state


def test_new_database_has_the_default_framework(services: Services) -> None:
    framework = services.trust.framework()
    assert framework.version == 1
    assert [p.title for p in framework.principles] == [
        "Knowing children well, early and often",
        "High quality and evidence-informed teaching practice",
        "Coherent and expert targeted support",
        "Strengthening inclusion through relationships and partnerships",
        "Inclusion as a strategic and shared responsibility",
    ]
    assert all(len(p.summary) > 100 for p in framework.principles)


def test_school_urn_must_be_unique(services: Services, db_path: Path) -> None:
    before = file_state(db_path)
    with pytest.raises(
        ValidationError, match="urn: value '100001' — expected a URN not already used"
    ):
        services.schools.add("Another", "100001")
    assert file_state(db_path) == before


def test_schools_update_archive_and_list(services: Services) -> None:
    services.schools.update("100002", name="Ysgol Bryn Ŵyn (Welsh medium)", phase="All-through")
    services.schools.archive("100001")
    names = [s.name for s in services.schools.list()]
    assert names == ["Ysgol Bryn Ŵyn (Welsh medium)"]
    assert len(services.schools.list(include_archived=True)) == 2
    assert services.schools.get("100002").phase.token == "all_through"


def test_action_add_and_read_back(services: Services, actor: str) -> None:
    action = services.actions.add(
        ActionDraft(
            school="100001",
            principle="2",
            title="Train staff in adaptive teaching",
            owner="Zoë Ørsted",
            status="In progress",
            rag="red",
            start_date="01/09/2026",
            due_date="2026-12-18",
            area_of_need="Cognition and learning",
        )
    )
    again = services.actions.get(action.id)
    assert again == action
    assert (again.urn, again.number, again.status, again.rag) == (
        "100001",
        2,
        Status.IN_PROGRESS,
        Rag.RED,
    )
    assert again.start_date == date(2026, 9, 1)
    assert again.created_by == actor


def test_invalid_action_saves_nothing_and_lists_every_problem(
    services: Services, db_path: Path
) -> None:
    before = file_state(db_path)
    with pytest.raises(ValidationErrors) as caught:
        services.actions.add(
            ActionDraft(
                school="100001",
                principle=7,
                title=" ",
                start_date="2026-10-01",
                due_date="2026-09-01",
            )
        )
    assert [p.field for p in caught.value.problems] == ["principle", "title", "due_date"]
    assert file_state(db_path) == before


def test_unknown_school_is_refused(services: Services) -> None:
    with pytest.raises(
        ValidationError, match="school: value '999999' — expected the URN of a school"
    ):
        services.actions.add(ActionDraft(school="999999", principle=1, title="x"))


def test_update_revalidates_and_audits_before_and_after(
    services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Original", due_date="2026-12-01")
    services.actions.update(action_id, {"title": "Renamed", "owner": "Siân"})
    with pytest.raises(ValidationErrors):
        services.actions.update(action_id, {"start_date": "2027-01-01"})
    assert services.actions.get(action_id).title == "Renamed"
    with services.context.read() as session:
        events = history(session, action_id)
    assert [e.operation for e in events] == ["create", "update"]
    assert events[1].before["title"] == "Original" and events[1].after["title"] == "Renamed"


def test_an_update_that_changes_nothing_is_not_audited(
    services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Same")
    services.actions.update(action_id, {"title": "Same"})
    with services.context.read() as session:
        assert len(history(session, action_id)) == 1


def test_archive_hides_from_default_list(
    services: Services, make_action: Callable[..., str]
) -> None:
    keep, gone = make_action(title="Keep"), make_action(title="Gone")
    services.actions.archive(gone)
    assert [a.id for a in services.actions.list()] == [keep]
    assert {a.id for a in services.actions.list(ActionFilter(include_archived=True))} == {
        keep,
        gone,
    }


def test_filters_sorting_and_paging(services: Services, make_action: Callable[..., str]) -> None:
    today = services.context.today()
    make_action(
        title="Phonics catch-up",
        principle=3,
        due_date=today - timedelta(days=3),
        status="in_progress",
    )
    make_action(
        title="Reading at home",
        principle=4,
        school="100002",
        rag="red",
        due_date=today + timedelta(days=9),
    )
    make_action(
        title="Phonics training",
        principle=2,
        status="completed",
        due_date=today - timedelta(days=30),
    )
    assert [a.title for a in services.actions.list(ActionFilter(search="phonics"))] == [
        "Phonics training",
        "Phonics catch-up",
    ]
    assert [a.title for a in services.actions.list(ActionFilter(overdue_only=True))] == [
        "Phonics catch-up"
    ]
    assert services.actions.count(ActionFilter(principle_numbers=(3, 4))) == 2
    assert services.actions.count(ActionFilter(rags=(Rag.RED,))) == 1
    school_two = services.schools.get("100002").id
    assert [a.title for a in services.actions.list(ActionFilter(school_ids=(school_two,)))] == [
        "Reading at home"
    ]
    by_title = services.actions.list(ActionFilter(sort=ActionSort.TITLE, descending=True))
    assert [a.title for a in by_title] == [
        "Reading at home",
        "Phonics training",
        "Phonics catch-up",
    ]
    pages = [
        services.actions.list(ActionFilter(sort=ActionSort.TITLE), offset=o, limit=1)[0].title
        for o in range(3)
    ]
    assert pages == ["Phonics catch-up", "Phonics training", "Reading at home"]


def test_search_treats_like_wildcards_literally(
    services: Services, make_action: Callable[..., str]
) -> None:
    make_action(title="100% attendance")
    make_action(title="1000 attendees")
    assert [a.title for a in services.actions.list(ActionFilter(search="100%"))] == [
        "100% attendance"
    ]


def test_search_index_follows_archiving_and_edits(
    services: Services, make_action: Callable[..., str]
) -> None:
    """The search index holds live actions only: archiving, restoring and renaming keep it in
    step, and a search that includes archived actions (the LIKE fallback) finds the same rows."""
    first = make_action(title="Phonics catch-up", owner="Ms Ŵyn")
    make_action(title="Reading at home", description="phonics books")

    def titles(**fields: object) -> list[str]:
        found = services.actions.list(ActionFilter(**fields))  # type: ignore[arg-type]
        assert services.actions.count(ActionFilter(**fields)) == len(found)  # type: ignore[arg-type]
        return sorted(a.title for a in found)

    assert titles(search="PHONICS") == ["Phonics catch-up", "Reading at home"]
    assert titles(search="phonics ŵyn") == ["Phonics catch-up"]
    services.actions.archive(first)
    assert titles(search="phonics") == ["Reading at home"]
    assert titles(search="phonics", include_archived=True) == [
        "Phonics catch-up",
        "Reading at home",
    ]
    services.actions.archive(first, archived=False)
    services.actions.update(first, {"title": "Spelling catch-up"})
    assert titles(search="phonics") == ["Reading at home"]
    assert titles(search="spelling ŵyn") == ["Spelling catch-up"]
    assert titles(search="spelling", include_archived=True) == ["Spelling catch-up"]


def test_review_sets_rag_unless_overridden(
    services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(rag="amber")
    services.reviews.add(action_id, "green", "Going well", "2026-10-01", "2026-11-12")
    assert services.actions.get(action_id).rag is Rag.GREEN
    assert services.actions.get(action_id).last_review_date == date(2026, 10, 1)
    services.actions.update(action_id, {"rag": "red"})
    services.reviews.add(action_id, "green", "Better", "2026-10-20")
    assert services.actions.get(action_id).rag is Rag.RED  # overridden by hand
    services.actions.update(action_id, {"rag_overridden": False})
    assert services.actions.get(action_id).rag is Rag.GREEN  # follows the latest review again
    assert [r.note for r in services.reviews.list(action_id)] == ["Better", "Going well"]


def test_an_older_review_does_not_replace_the_latest_rag(
    services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action()
    services.reviews.add(action_id, "green", "Latest", "2026-10-20")
    services.reviews.add(action_id, "red", "Back-dated", "2026-09-01")
    assert services.actions.get(action_id).rag is Rag.GREEN


def test_review_next_date_before_review_date_is_refused(
    services: Services, make_action: Callable[..., str]
) -> None:
    with pytest.raises(ValidationError, match="next_review_date"):
        services.reviews.add(make_action(), "green", "n", "2026-10-20", "2026-10-01")


def test_evidence_file_is_stored_once_and_extracted_identically(
    services: Services, make_action: Callable[..., str], tmp_path: Path
) -> None:
    source = tmp_path / "Observation – Zoë.pdf"
    source.write_bytes(bytes(range(256)) * 40)
    action_id = make_action()
    first = services.evidence.add(action_id=action_id, file=source, kind="observation")
    second = services.evidence.add(action_id=action_id, file=source, title="Same file again")
    assert first.sha256 == second.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert first.title == "Observation – Zoë" and first.file_name == source.name
    with services.context.read() as session:
        from sqlalchemy import func, select

        from cst_inclusion_desktop.store.models import Blob

        assert session.execute(select(func.count()).select_from(Blob)).scalar_one() == 1
    out = tmp_path / "out.bin"
    services.evidence.extract(first.id, out)
    assert out.read_bytes() == source.read_bytes()
    assert services.actions.get(action_id).evidence_count == 2
    services.evidence.archive(second.id)
    assert services.actions.get(action_id).evidence_count == 1


def test_evidence_without_an_action(services: Services) -> None:
    item = services.evidence.add(
        school="100002", principle=4, title="Parent forum notes", kind="voice"
    )
    assert (item.urn, item.number, item.action_id, item.file_name) == ("100002", 4, None, None)
    assert [e.id for e in services.evidence.list(school="100002")] == [item.id]


def test_evidence_must_match_its_action(
    services: Services, make_action: Callable[..., str]
) -> None:
    with pytest.raises(
        ValidationError, match="school: value '100002' — expected the school of the action"
    ):
        services.evidence.add(action_id=make_action(school="100001"), school="100002", title="x")


def test_evidence_over_the_size_limit_is_refused(
    services: Services, tmp_path: Path, db_path: Path
) -> None:
    from dataclasses import replace

    services.context.settings = replace(services.context.settings, evidence_limit_mb=1)
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    before = file_state(db_path)
    with pytest.raises(ValidationError, match="a file of at most 1 MB"):
        services.evidence.add(school="100001", principle=1, file=big)
    with pytest.raises(ValidationError, match="expected an existing file"):
        services.evidence.add(school="100001", principle=1, file=tmp_path / "missing.pdf")
    assert file_state(db_path) == before


def test_principle_edit_bumps_version_and_keeps_mapping(
    services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(principle=1)
    framework = services.trust.update_principle(1, "Dignity not deficit", "Our 2023 wording.")
    assert framework.version == 2
    assert services.actions.get(action_id).principle_title == "Dignity not deficit"


def test_framework_import_replaces_wording_and_keeps_mappings(
    services: Services, make_action: Callable[..., str], tmp_path: Path
) -> None:
    action_id = make_action(principle=5)
    exported = tmp_path / "framework.json"
    services.trust.export_framework(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["name"] = "CST Five Principles for Inclusion (2023)"
    data["principles"][4]["title"] = "Inclusion is everyone’s job"
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    framework = services.trust.import_framework(exported)
    assert framework.version == 2 and framework.name.startswith("CST Five")
    assert services.actions.get(action_id).principle_title == "Inclusion is everyone’s job"


def test_framework_import_cannot_drop_a_principle_in_use(
    services: Services, make_action: Callable[..., str], tmp_path: Path, db_path: Path
) -> None:
    make_action(principle=5)
    exported = tmp_path / "framework.json"
    services.trust.export_framework(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["principles"] = data["principles"][:4]
    exported.write_text(json.dumps(data), encoding="utf-8")
    before = file_state(db_path)
    with pytest.raises(ValidationError, match="principle 5 to remain"):
        services.trust.import_framework(exported)
    assert file_state(db_path) == before


def test_check_passes_on_a_sound_database(
    services: Services, make_action: Callable[..., str], tmp_path: Path
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("evidence")
    services.evidence.add(action_id=make_action(), file=source)
    report = services.check.run()
    assert report.ok, report.items
    assert [item.name for item in report.items] == [
        "integrity",
        "schema",
        "audit_chain",
        "rows_audited",
        "evidence_hashes",
        "coverage_tallies",  # main's tally check (830a7e6), on both backends
        "report_anchors",
    ]
