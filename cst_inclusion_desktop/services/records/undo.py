"""Undo and Redo of the changes a person made since opening the app: adding, editing, archiving
or restoring an action; adding or correcting a review; adding, correcting, archiving or
restoring evidence.

The app makes each change through this history, which keeps what the record was before and
after. Undo applies the inverse through the same audited services, recorded as its own "undo"
event (Redo as "redo"): the audit log never loses the change that was undone. Nothing is
hard-deleted: undoing a new action or new evidence archives it. If the record was changed since
(in another window, by someone else, by an import), Undo refuses and changes nothing.
No Qt here: the window turns ``undo_text`` into its Edit menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from cst_inclusion_desktop.domain.action_rules import ACTION_FIELDS, ActionDraft
from cst_inclusion_desktop.domain.enums import EvidenceKind, Operation, Rag
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import ActionRecord, EvidenceRecord, ReviewRecord
from cst_inclusion_desktop.services.safety.audit import snapshot
from cst_inclusion_desktop.store.models import Action, Evidence, Review

if TYPE_CHECKING:
    from cst_inclusion_desktop.services import Services

_MODELS: dict[str, type[Action] | type[Evidence] | type[Review]] = {
    "action": Action,
    "evidence": Evidence,
    "review": Review,
}
# Who and when change on every write (an undo too); what the person sees does not.
_BOOKKEEPING = frozenset({"updated_at", "updated_by", "revision", "version"})
HISTORY_LIMIT = 100


class ChangedSinceError(InclusionError):
    """The record is no longer as this change left it, so undoing it would overwrite others."""


@dataclass
class _Step:
    label: str
    entity: str
    entity_id: str
    backward: Callable[[], str | None]
    """Undo it; returns the record's new id when the record was made again (else None)."""
    forward: Callable[[], str | None]
    state: dict[str, Any] | None = None
    """The record as the change (or its last undo or redo) left it; None: it is gone."""


class UndoHistory:
    """``services.undo``: make a change and remember how to take it back."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._done: list[_Step] = []
        self._undone: list[_Step] = []

    # --- what the Edit menu shows -----------------------------------------------------------
    def undo_text(self) -> str | None:
        """ "add action ‘Reading buddies’" for the step Undo would take back; None: nothing."""
        return self._done[-1].label if self._done else None

    def redo_text(self) -> str | None:
        return self._undone[-1].label if self._undone else None

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    # --- undo and redo ----------------------------------------------------------------------
    def undo(self) -> str:
        """Take back the latest change; returns its label. Raises ChangedSinceError (nothing
        changed) if the record was changed after it."""
        if not self._done:
            raise InclusionError("Nothing to undo.")
        step = self._done[-1]
        self._check_unchanged(step, "undo")
        with self.services.context.audited_as(Operation.UNDO):
            self._move(step, step.backward)
        self._undone.append(self._done.pop())
        return step.label

    def redo(self) -> str:
        if not self._undone:
            raise InclusionError("Nothing to redo.")
        step = self._undone[-1]
        self._check_unchanged(step, "redo")
        with self.services.context.audited_as(Operation.REDO):
            self._move(step, step.forward)
        self._done.append(self._undone.pop())
        return step.label

    def _move(self, step: _Step, direction: Callable[[], str | None]) -> None:
        new_id = direction()
        if new_id is not None:
            step.entity_id = new_id
        step.state = self._state(step.entity, step.entity_id)

    def _check_unchanged(self, step: _Step, verb: str) -> None:
        if self._state(step.entity, step.entity_id) != step.state:
            raise ChangedSinceError(
                f"Cannot {verb} {step.label}: the {step.entity} was changed since (in another "
                f"window, by someone else or by an import). Nothing was changed."
            )

    def _state(self, entity: str, entity_id: str) -> dict[str, Any] | None:
        with self.services.context.read() as session:
            row = session.get(_MODELS[entity], entity_id)
            if row is None:
                return None
            return {k: v for k, v in snapshot(row).items() if k not in _BOOKKEEPING}

    def _push(self, step: _Step) -> None:
        step.state = self._state(step.entity, step.entity_id)
        self._done.append(step)
        del self._done[:-HISTORY_LIMIT]
        self._undone.clear()  # a new change forgets what was undone, as every editor does

    # --- actions ----------------------------------------------------------------------------
    def add_action(self, draft: ActionDraft) -> ActionRecord:
        record = self.services.actions.add(draft)
        self._push(
            _Step(
                f"add action ‘{record.title}’",
                "action",
                record.id,
                lambda: self._archive_action(record.id, True),
                lambda: self._archive_action(record.id, False),
            )
        )
        return record

    def update_action(
        self,
        action_id: str,
        changes: dict[str, Any],
        *,
        read_version: int | None = None,
        overwrite: bool = False,
    ) -> ActionRecord:
        """``read_version``/``overwrite``: no lost updates, as ActionService.update."""
        actions = self.services.actions
        before = _action_state(actions.draft_of(action_id), actions.get(action_id))
        record = actions.update(action_id, changes, read_version=read_version, overwrite=overwrite)
        after = _action_state(actions.draft_of(action_id), record)
        if before != after:
            self._push(
                _Step(
                    f"edit action ‘{record.title}’",
                    "action",
                    action_id,
                    lambda: self._set_action(action_id, before),
                    lambda: self._set_action(action_id, after),
                )
            )
        return record

    def archive_action(
        self, action_id: str, archived: bool = True, *, read_version: int | None = None
    ) -> ActionRecord:
        record = self.services.actions.archive(action_id, archived, read_version=read_version)
        verb = "archive" if archived else "restore"
        self._push(
            _Step(
                f"{verb} action ‘{record.title}’",
                "action",
                action_id,
                lambda: self._archive_action(action_id, not archived),
                lambda: self._archive_action(action_id, archived),
            )
        )
        return record

    def _archive_action(self, action_id: str, archived: bool) -> None:
        self.services.actions.archive(action_id, archived)

    def _set_action(self, action_id: str, state: dict[str, Any]) -> None:
        changes = {field: state[field] for field in ACTION_FIELDS}
        if not state["rag_overridden"]:
            changes["rag_overridden"] = False  # the RAG follows the reviews again
        self.services.actions.update(action_id, changes)

    # --- reviews ----------------------------------------------------------------------------
    def add_review(
        self,
        action: ActionRecord,
        *,
        rag: str | Rag,
        note: str,
        review_date: date | None = None,
        next_review_date: date | None = None,
    ) -> ReviewRecord:
        reviews = self.services.reviews
        review = reviews.add(action.id, rag, note, review_date, next_review_date)

        def again() -> str:
            return reviews.add(
                action.id, review.rag, review.note, review.date, review.next_review_date
            ).id

        step = _Step(f"add review of ‘{action.title}’", "review", review.id, lambda: None, again)
        step.backward = lambda: reviews.remove(step.entity_id)
        self._push(step)
        return review

    def update_review(self, review_id: str, action_title: str, **changes: Any) -> ReviewRecord:
        reviews = self.services.reviews
        before = _review_fields(reviews.get(review_id))
        after = reviews.update(review_id, **changes)
        self._push_correction(
            f"correct review of ‘{action_title}’",
            "review",
            review_id,
            (before, _review_fields(after)),
            lambda fields: reviews.update(review_id, **fields, clear_next_review=True),
        )
        return after

    def _push_correction(
        self,
        label: str,
        entity: str,
        entity_id: str,
        fields: tuple[dict[str, Any], dict[str, Any]],
        put: Callable[[dict[str, Any]], object],
    ) -> None:
        """One undo step for a correction: ``put`` writes the before or the after fields back;
        nothing is pushed when the correction changed nothing."""
        before, after = fields
        if before == after:
            return

        def backward() -> None:
            put(before)

        def forward() -> None:
            put(after)

        self._push(_Step(label, entity, entity_id, backward, forward))

    # --- evidence ---------------------------------------------------------------------------
    def add_evidence(self, **fields: Any) -> EvidenceRecord:
        record = self.services.evidence.add(**fields)
        self._push(
            _Step(
                f"add evidence ‘{record.title}’",
                "evidence",
                record.id,
                lambda: self._archive_evidence(record.id, True),
                lambda: self._archive_evidence(record.id, False),
            )
        )
        return record

    def archive_evidence(
        self, evidence_id: str, archived: bool = True, *, read_version: int | None = None
    ) -> EvidenceRecord:
        record = self.services.evidence.archive(evidence_id, archived, read_version=read_version)
        verb = "archive" if archived else "restore"
        self._push(
            _Step(
                f"{verb} evidence ‘{record.title}’",
                "evidence",
                evidence_id,
                lambda: self._archive_evidence(evidence_id, not archived),
                lambda: self._archive_evidence(evidence_id, archived),
            )
        )
        return record

    def update_evidence(self, evidence_id: str, **changes: Any) -> EvidenceRecord:
        evidence = self.services.evidence
        before = _evidence_fields(evidence.get(evidence_id))
        after = evidence.update(evidence_id, **changes)
        self._push_correction(
            f"correct evidence ‘{after.title}’",
            "evidence",
            evidence_id,
            (before, _evidence_fields(after)),
            lambda fields: evidence.update(evidence_id, **fields),
        )
        return after

    def _archive_evidence(self, evidence_id: str, archived: bool) -> None:
        self.services.evidence.archive(evidence_id, archived)


def _action_state(draft: ActionDraft, record: ActionRecord) -> dict[str, Any]:
    return {field: getattr(draft, field) for field in ACTION_FIELDS} | {
        "rag_overridden": record.rag_overridden
    }


def _review_fields(review: ReviewRecord) -> dict[str, Any]:
    return {
        "rag": review.rag,
        "note": review.note,
        "review_date": review.date,
        "next_review_date": review.next_review_date,
    }


def _evidence_fields(record: EvidenceRecord) -> dict[str, Any]:
    kind: EvidenceKind = record.kind
    return {
        "title": record.title,
        "kind": kind,
        "note": record.note,
        "evidence_date": record.date,
        "criteria": record.criteria,
    }
