"""Actions: the heart of the record. Add, update, archive, list, count, and the overview matrix."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.action_rules import (
    ACTION_FIELDS,
    ActionDraft,
    ValidAction,
    validate_action,
)
from cst_inclusion_desktop.domain.definitions import is_overdue
from cst_inclusion_desktop.domain.enums import AreaOfNeed, Operation, Rag, Status
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.filters import ActionFilter, PageKey, PageRequest
from cst_inclusion_desktop.domain.records import ActionRecord, MatrixCell
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.records import criteria_links, lookups
from cst_inclusion_desktop.services.records.rows import touch
from cst_inclusion_desktop.store import keyset, queries, text_search
from cst_inclusion_desktop.store.models import Action, Principle, School

# The actions table's page: ~30 rows are visible, and a search's first page costs half a
# 200-row one (docs/benchmark.md).
PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class KeyedPage:
    """A page of actions and each one's sort key (``PageKey``)."""

    records: builtins.list[ActionRecord]
    keys: builtins.list[PageKey]


class ActionService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def validate(self, draft: ActionDraft, action_id: str | None = None) -> ValidAction:
        """Check a draft without saving it (the editor calls this as the user types); with
        ``action_id``, the criteria that action already has may stay though retired."""
        with self.context.read() as session:
            valid = validate_action(draft, lookups.principle_numbers(session), self.context.today())
            lookups.school(session, valid.school)
            already = criteria_links.action_codes(session, [action_id]) if action_id else {}
            criteria_links.checked_codes(
                session, draft.criteria, already=already.get(action_id or "", ())
            )
            return valid

    def add(self, draft: ActionDraft) -> ActionRecord:
        with self.context.write() as (session, trail):
            valid = validate_action(draft, lookups.principle_numbers(session), self.context.today())
            school = lookups.school(session, valid.school)
            principle = lookups.principle_by_number(session, valid.principle_number)
            codes = criteria_links.checked_codes(session, draft.criteria)
            actor = self.context.actor
            action = Action(
                school_id=school.id, principle_id=principle.id, created_by=actor, updated_by=actor
            )
            _apply(action, valid)
            session.add(action)
            session.flush()
            criteria_links.set_action_codes(session, action.id, codes)
            state = criteria_links.action_state(session, action)
            trail.add("action", action.id, Operation.CREATE, None, state)
            return self._record(session, action)

    def update(
        self,
        action_id: str,
        changes: dict[str, Any],
        *,
        read_version: int | None = None,
        overwrite: bool = False,
    ) -> ActionRecord:
        """Change some fields (named as in ACTION_FIELDS); the whole action is re-validated.

        Setting ``rag`` by hand overrides the RAG that follows reviews; ``rag_overridden=False``
        hands it back to the latest review. ``criteria`` (codes) replaces the action's criteria.
        ``read_version`` is the version the person opened: if someone saved since,
        ConflictError (``overwrite`` audits a knowing save over theirs).
        """
        unknown = set(changes) - set(ACTION_FIELDS) - {"rag_overridden", "criteria"}
        if unknown:
            raise ValidationError("field", sorted(unknown)[0], f"one of {', '.join(ACTION_FIELDS)}")
        with self.context.write() as (session, trail):
            action = lookups.action(session, action_id)
            current = self._draft(session, action)
            draft_values = asdict(current) | {
                k: v for k, v in changes.items() if k in ACTION_FIELDS
            }
            valid = validate_action(
                ActionDraft(**draft_values),
                lookups.principle_numbers(session),
                self.context.today(),
            )
            school = lookups.school(session, valid.school)
            principle = lookups.principle_by_number(session, valid.principle_number)
            codes = current.criteria
            if "criteria" in changes:
                codes = criteria_links.checked_codes(
                    session, changes["criteria"], already=current.criteria
                )
            before = criteria_links.action_state(session, action)
            action.school_id, action.principle_id = school.id, principle.id
            _apply(action, valid)
            if codes != current.criteria:
                criteria_links.set_action_codes(session, action.id, codes)
            if "rag" in changes and action.rag != before["rag"]:
                # a RAG typed in outranks reviews; "not yet rated" hands it back to them
                action.rag_overridden = action.rag is not None
                if action.rag is None:
                    _follow_latest_review(session, action)
            if changes.get("rag_overridden") is False:
                action.rag_overridden = False
                _follow_latest_review(session, action)
            if criteria_links.action_state(session, action) != before:
                touch(action, self.context.actor, read_version=read_version)
                after = criteria_links.action_state(session, action)
                operation = Operation.OVERWRITE if overwrite else Operation.UPDATE
                trail.add("action", action.id, operation, before, after)
            return self._record(session, action)

    def archive(
        self, action_id: str, archived: bool = True, *, read_version: int | None = None
    ) -> ActionRecord:
        with self.context.write() as (session, trail):
            action = lookups.action(session, action_id)
            before = criteria_links.action_state(session, action)
            action.archived = archived
            if action.archived != before["archived"]:
                touch(action, self.context.actor, read_version=read_version)
                operation = Operation.ARCHIVE if archived else Operation.RESTORE
                after = criteria_links.action_state(session, action)
                trail.add("action", action.id, operation, before, after)
            return self._record(session, action)

    def get(self, action_id: str) -> ActionRecord:
        with self.context.read() as session:
            return self._record(session, lookups.action(session, action_id))

    def draft_of(self, action_id: str) -> ActionDraft:
        """The action as editable fields (what the editor starts from)."""
        with self.context.read() as session:
            return self._draft(session, lookups.action(session, action_id))

    def list(
        self,
        action_filter: ActionFilter | None = None,
        offset: int = 0,
        limit: int | None = PAGE_SIZE,
    ) -> list[ActionRecord]:
        action_filter = action_filter or ActionFilter()
        today = self.context.today()
        with self.context.read() as session:
            text_index = text_search.available(session)
            if limit is None:
                query = queries.action_rows(action_filter, today, text_index).offset(offset)
            else:  # the page's ids from the narrow indexes, then those rows (store/queries.py)
                query = queries.action_page(action_filter, today, offset, limit, text_index)
            return page_records(session, builtins.list(session.execute(query)), today=today)

    def page(self, action_filter: ActionFilter, request: PageRequest) -> KeyedPage:
        """One page of the list read by key (store/keyset.py), with each row's key so the
        next or previous page can start from it."""
        today = self.context.today()
        with self.context.read() as session:
            text_index = text_search.available(session)
            terms = queries.order_terms(action_filter)
            backwards = request.before is not None or request.from_end
            query = queries.action_rows(action_filter, today, text_index, reverse=backwards)
            query = keyset.with_keys(query, terms)
            if request.after is not None:
                query = query.where(keyset.beyond(terms, request.after))
            elif request.before is not None:
                query = query.where(keyset.beyond(terms, request.before, backwards=True))
            elif request.offset > 0:
                narrow = keyset.key_query(action_filter, today, text_index, reverse=backwards)
                anchor = session.execute(narrow.offset(request.offset).limit(1)).first()
                if anchor is None:
                    return KeyedPage([], [])
                query = query.where(
                    keyset.beyond(terms, tuple(anchor), backwards=backwards, inclusive=True)
                )
            rows = builtins.list(session.execute(query.limit(request.limit)))
            if backwards:
                rows.reverse()
            return KeyedPage(
                page_records(session, rows, today=today),
                [keyset.row_key(row, terms) for row in rows],
            )

    def count(self, action_filter: ActionFilter | None = None) -> int:
        with self.context.read() as session:
            query = queries.action_count(
                action_filter or ActionFilter(),
                self.context.today(),
                text_search.available(session),
            )
            return int(session.execute(query).scalar_one())

    def matrix(self) -> builtins.list[MatrixCell]:
        """Open actions per school and principle number by RAG as rated (not yet rated apart)."""
        with self.context.read() as session:
            numbers = {p.id: p.number for p in lookups.principles(session)}
            cells: dict[tuple[str, int], dict[str, int]] = {}
            for school_id, principle_id, rag, count in session.execute(queries.rag_matrix()):
                number = numbers.get(principle_id)
                if number is None:
                    continue
                cells.setdefault((school_id, number), {})[rag] = count
            return [
                MatrixCell(
                    school_id=school_id,
                    principle_number=number,
                    red=counts.get(Rag.RED.token, 0),
                    amber=counts.get(Rag.AMBER.token, 0),
                    green=counts.get(Rag.GREEN.token, 0),
                    not_rated=counts.get(queries.NOT_RATED, 0),
                )
                for (school_id, number), counts in sorted(cells.items())
            ]

    def _record(self, session: Session, action: Action) -> ActionRecord:
        session.flush()
        school = session.get(School, action.school_id)
        principle = session.get(Principle, action.principle_id)
        assert school is not None and principle is not None
        record = _to_record(
            action,
            school.urn,
            school.name,
            principle.number,
            principle.title,
            today=self.context.today(),
        )
        return with_criteria(session, [record])[0]

    @staticmethod
    def _draft(session: Session, action: Action) -> ActionDraft:
        school = session.get(School, action.school_id)
        principle = session.get(Principle, action.principle_id)
        assert school is not None and principle is not None
        return ActionDraft(
            school=school.urn,
            principle=principle.number,
            title=action.title,
            description=action.description,
            owner=action.owner,
            status=action.status,
            rag=action.rag,
            start_date=action.start_date,
            due_date=action.due_date,
            completed_date=action.completed_date,
            area_of_need=action.area_of_need,
            criteria=criteria_links.action_codes(session, [action.id]).get(action.id, ()),
        )


def _apply(action: Action, valid: ValidAction) -> None:
    action.title = valid.title
    action.description = valid.description
    action.owner = valid.owner
    action.status = valid.status.token
    action.rag = valid.rag.token if valid.rag else None
    action.start_date = valid.start_date
    action.due_date = valid.due_date
    action.completed_date = valid.completed_date
    action.area_of_need = valid.area_of_need.token if valid.area_of_need else None


def _follow_latest_review(session: Session, action: Action) -> None:
    from cst_inclusion_desktop.services.records.reviews import latest_review

    review = latest_review(session, action.id)
    action.rag = review.rag if review is not None else None


# Token -> member by dict: Enum's own lookup is ~20x slower, and a page converts 200 rows.
_STATUSES = {status.value: status for status in Status}
_RAGS = {rag.value: rag for rag in Rag}
_AREAS = {area.value: area for area in AreaOfNeed}


def with_criteria(
    session: Session, records: builtins.list[ActionRecord]
) -> builtins.list[ActionRecord]:
    """The records with their inspection criteria (one query for the whole page)."""
    codes = criteria_links.action_codes(session, [record.id for record in records])
    return [
        replace(record, criteria=codes[record.id]) if record.id in codes else record
        for record in records
    ]


def row_record(row: Row[Any], *, today: date, criteria: tuple[str, ...] = ()) -> ActionRecord:
    """A record from one row of ``queries.action_rows`` (plain columns, no ORM object)."""
    return _to_record(
        row,
        row.urn,
        row.school_name,
        row.number,
        row.principle_title,
        today=today,
        criteria=criteria,
    )


def page_records(
    session: Session, rows: Sequence[Row[Any]], *, today: date
) -> builtins.list[ActionRecord]:
    """A page's records, each built once with its criteria (one query for the page; copying
    100 finished records to add them cost ~0.4 ms of a search's 10 ms budget)."""
    codes = criteria_links.action_codes(session, [row.id for row in rows])
    return [row_record(row, today=today, criteria=codes.get(row.id, ())) for row in rows]


def _to_record(
    action: Action | Row[Any],
    urn: str,
    school_name: str,
    number: int,
    principle_title: str,
    *,
    today: date,
    criteria: tuple[str, ...] = (),
) -> ActionRecord:
    status = _STATUSES[action.status]
    return ActionRecord(
        id=action.id,
        school_id=action.school_id,
        urn=urn,
        school_name=school_name,
        principle_id=action.principle_id,
        number=number,
        principle_title=principle_title,
        title=action.title,
        description=action.description,
        owner=action.owner,
        status=status,
        rag=_RAGS[action.rag] if action.rag else None,
        rag_overridden=action.rag_overridden,
        start_date=action.start_date,
        due_date=action.due_date,
        completed_date=action.completed_date,
        area_of_need=_AREAS[action.area_of_need] if action.area_of_need else None,
        archived=action.archived,
        overdue=is_overdue(status, action.due_date, today),
        last_review_date=action.last_review_date,
        evidence_count=action.evidence_count,
        created_at=action.created_at,
        created_by=action.created_by,
        updated_at=action.updated_at,
        updated_by=action.updated_by,
        version=action.version,
        criteria=criteria,
    )
