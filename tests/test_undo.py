"""The Undo/Redo history and corrections, at the service level: each undo is its own audited
event, and a record changed since is refused with nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.enums import EvidenceKind, Rag
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.undo import ChangedSinceError
from cst_inclusion_desktop.services.safety.audit import history
from tests.conftest import file_state


def operations(services: Services, entity_id: str) -> list[str]:
    with services.context.read() as session:
        return [event.operation for event in history(session, entity_id)]


def test_undo_and_redo_an_added_action(services: Services) -> None:
    undo = services.undo
    record = undo.add_action(ActionDraft(school="100001", principle=1, title="Reading buddies"))
    assert undo.undo_text() == "add action ‘Reading buddies’"
    assert undo.undo() == "add action ‘Reading buddies’"
    assert services.actions.get(record.id).archived
    assert undo.undo_text() is None and undo.redo_text() == "add action ‘Reading buddies’"
    undo.redo()
    assert not services.actions.get(record.id).archived
    assert operations(services, record.id)[-2:] == ["undo", "redo"]


def test_undo_an_edit_puts_every_field_back(
    services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Phonics", owner="Ann", due_date=date(2026, 9, 1))
    services.undo.update_action(action_id, {"owner": "Ben", "rag": "red", "due_date": None})
    services.undo.undo()
    record = services.actions.get(action_id)
    assert (record.owner, record.rag, record.rag_overridden, record.due_date) == (
        "Ann",
        None,
        False,
        date(2026, 9, 1),
    )
    services.undo.redo()
    record = services.actions.get(action_id)
    assert (record.owner, record.rag, record.due_date) == ("Ben", Rag.RED, None)


def test_undo_a_review_takes_it_out_and_the_rag_follows(
    services: Services, make_action: Callable[..., str]
) -> None:
    action = services.actions.get(make_action())
    review = services.undo.add_review(action, rag="red", note="Behind")
    assert services.actions.get(action.id).rag is Rag.RED
    services.undo.undo()
    assert services.reviews.list(action.id) == []
    assert services.actions.get(action.id).rag is None
    assert operations(services, review.id) == ["create", "undo"]
    services.undo.redo()
    [again] = services.reviews.list(action.id)
    assert (again.rag, again.note) == (Rag.RED, "Behind")
    assert services.check.run().ok  # every row still matches its last audited state


def test_undo_evidence_added_archives_it(
    services: Services, make_action: Callable[..., str], tmp_path: Path
) -> None:
    action_id = make_action()
    file = tmp_path / "plan.txt"
    file.write_text("The plan", encoding="utf-8")
    evidence = services.undo.add_evidence(action_id=action_id, file=file)
    services.undo.undo()
    assert services.evidence.list(action_id=action_id) == []
    services.undo.redo()
    assert [e.id for e in services.evidence.list(action_id=action_id)] == [evidence.id]


def test_undo_is_refused_when_the_record_changed_since(
    services: Services, make_action: Callable[..., str], db_path: Path
) -> None:
    action_id = make_action(owner="Ann")
    services.undo.update_action(action_id, {"owner": "Ben"})
    services.actions.update(action_id, {"owner": "Cara"})  # another window, say
    before = file_state(db_path)
    with pytest.raises(ChangedSinceError, match="changed since"):
        services.undo.undo()
    assert file_state(db_path) == before
    assert services.undo.undo_text() == "edit action ‘An action’"


def test_a_review_is_corrected_audited_and_undoable(
    services: Services, make_action: Callable[..., str]
) -> None:
    action = services.actions.get(make_action())
    review = services.reviews.add(action.id, "amber", "Typo hree", review_date="2026-10-01")
    corrected = services.undo.update_review(
        review.id, action.title, rag="red", note="Typo three", review_date="2026-10-02"
    )
    assert (corrected.rag, corrected.note, corrected.date) == (
        Rag.RED,
        "Typo three",
        date(2026, 10, 2),
    )
    assert services.actions.get(action.id).rag is Rag.RED
    with services.context.read() as session:
        event = history(session, review.id)[-1]
    assert event.operation == "update"
    assert event.before["note"] == "Typo hree" and event.after["note"] == "Typo three"
    services.undo.undo()
    assert services.reviews.get(review.id).note == "Typo hree"
    assert services.actions.get(action.id).rag is Rag.AMBER
    assert services.check.run().ok


def test_evidence_is_corrected_with_before_and_after(
    services: Services, make_action: Callable[..., str]
) -> None:
    evidence = services.evidence.add(action_id=make_action(), title="Obs", note="")
    services.undo.update_evidence(
        evidence.id,
        title="Observation",
        kind="observation",
        note="Year 3",
        evidence_date="1/9/2026",
    )
    record = services.evidence.get(evidence.id)
    assert (record.title, record.kind, record.note, record.date) == (
        "Observation",
        EvidenceKind.OBSERVATION,
        "Year 3",
        date(2026, 9, 1),
    )
    with services.context.read() as session:
        event = history(session, evidence.id)[-1]
    assert (event.before["title"], event.after["title"]) == ("Obs", "Observation")


def test_cli_corrects_reviews_and_evidence(
    services: Services, make_action: Callable[..., str], cli: Callable[..., object]
) -> None:
    action_id = make_action()
    review = services.reviews.add(action_id, "green", "Fine")
    evidence = services.evidence.add(action_id=action_id, title="Obs")
    result = cli("reviews", "update", review.id, "--rag", "red", "--note", "Not fine")
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    assert services.reviews.get(review.id).rag is Rag.RED
    result = cli(
        "evidence", "update", evidence.id, "--title", "Observation", "--date", "1 Sep 2026"
    )
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    assert services.evidence.get(evidence.id).date == date(2026, 9, 1)
    bad = cli("reviews", "update", review.id, "--date", "31/02/2027")
    assert bad.code == 2 and "31/02/2027" in bad.err  # type: ignore[attr-defined]
