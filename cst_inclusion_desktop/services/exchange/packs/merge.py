"""Merging a school pack into this database, row by row, by UUID.

Rows travel in a *portable* form: every column of the row, except that an action's or evidence
item's school and principle are given as URN and principle number (each database has its own
principle ids), the action's derived counts are left out (they are recounted here), and an
action's or evidence item's inspection criteria ride along as the ``criteria`` field
(criteria_field.py).

For each row the pack carries:

- not here yet: added.
- the same here: nothing to do.
- different here: compared with the version received in the last exchange (its hash is kept
  in the ``setting`` table as ``exchange:<id>``). Only the pack changed: the pack's version is
  taken. Only this database changed: ours is kept. Both changed (or the row was never
  exchanged before): a **conflict**, resolved by the rule *the later ``updated_at`` wins; a tie
  keeps this database's version*. The conflict is audited as an ``import`` event whose
  ``before`` is the losing version, in full, and whose ``after`` is the winner.

The pack's own audit events are appended to this chain as ``import`` events carrying the
originals; an original already recorded here is skipped, so a second import adds nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, func, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.services.exchange.packs.criteria_field import (
    TAGGED,
    codes_of,
    set_criteria,
    state,
    tagged_codes,
    with_criteria,
)
from cst_inclusion_desktop.services.exchange.packs.scope import check_rows_belong
from cst_inclusion_desktop.services.exchange.packs.scope import local_school as local_school_row
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.safety.audit import AuditTrail, snapshot
from cst_inclusion_desktop.store.models import (
    Action,
    AuditEvent,
    Base,
    Blob,
    Evidence,
    Principle,
    Review,
    School,
    Setting,
    UTCDateTime,
    Versioned,
)

MODELS: dict[str, type[Base]] = {
    "school": School,
    "action": Action,
    "evidence": Evidence,
    "review": Review,
}
DATA_KEYS = {"school": "schools", "action": "actions", "evidence": "evidence", "review": "reviews"}
DERIVED = {"action": ("evidence_count", "last_review_date")}
BASE_PREFIX = "exchange:"
CHUNK = 500
CONFLICT_RULE = "the later updated_at wins; a tie keeps this database's version"
KEPT_HERE = ("id", "created_at", "created_by")
# How often this database saw a row change (no lost updates): meaningless in another database.
LOCAL_ONLY = ("version",)


def portable(
    entity: str,
    row: Base,
    urns: dict[str, str],
    numbers: dict[str, int],
    criteria: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, Any]:
    """``criteria``: row id -> codes, for actions and evidence (``tagged_codes``)."""
    values = snapshot(row)
    if entity in TAGGED:
        values["school_urn"] = urns[values.pop("school_id")]
        values["principle_number"] = numbers[values.pop("principle_id")]
        values = with_criteria(values, (criteria or {}).get(values["id"], ()))
    for name in (*DERIVED.get(entity, ()), *LOCAL_ONLY):
        values.pop(name, None)
    return values


def content_hash(values: dict[str, Any]) -> str:
    body = {key: value for key, value in values.items() if key != "id"}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Conflict:
    entity: str
    id: str
    title: str
    winner: str  # "pack" or "database"
    database_updated_at: str
    pack_updated_at: str


@dataclass
class _Change:
    entity: str
    values: dict[str, Any]  # the pack's portable version
    local: Base | None
    kind: str  # create | update | conflict
    winner: str = "pack"


@dataclass
class MergePlan:
    school_id: str
    changes: list[_Change] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    bases: dict[str, str] = field(default_factory=dict)  # exchange hashes to (re)write
    base_rows: dict[str, Setting] = field(default_factory=dict)  # those already stored
    audit: list[dict[str, Any]] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes or self.bases or self.audit)


def plan_merge(
    session: Session, data: dict[str, Any], blobs: dict[str, bytes], file: str
) -> MergePlan:
    """Decide, without writing, what merging ``data`` into this database would do.

    ``data`` has passed ``pack_rows.check_pack_data``; here it is checked against this
    database: the pack may touch its own school's rows and nothing else.
    """
    school = data["school"]
    local_school = local_school_row(session, school, file)
    plan = MergePlan(school_id=local_school.id if local_school else school["id"])
    check_rows_belong(session, data, plan.school_id, file)
    numbers = {p.id: p.number for p in session.execute(select(Principle)).scalars()}
    urns = dict(session.execute(select(School.id, School.urn)).all())
    rows = {"school": [school], **{e: data[DATA_KEYS[e]] for e in ("action", "evidence", "review")}}
    ids = [values["id"] for entity_rows in rows.values() for values in entity_rows]
    bases = _load(session, Setting, [BASE_PREFIX + i for i in ids], Setting.key)
    plan.base_rows = bases
    criteria = tagged_codes(session, ids)
    for entity, entity_rows in rows.items():
        model = MODELS[entity]
        found = _load(session, model, [v["id"] for v in entity_rows], model.id)  # type: ignore[attr-defined]
        if entity == "school" and local_school is not None:
            found = {school["id"]: local_school}
        counts = plan.counts.setdefault(entity, Counter())
        for values in entity_rows:
            local = found.get(values["id"])
            local_values = portable(entity, local, urns, numbers, criteria) if local else None
            _plan_row(plan, entity, values, local, local_values, bases, counts)
    for values in data["evidence"]:
        sha = values.get("blob_sha256")
        if sha and session.get(Blob, sha) is None:
            plan.blobs[sha] = blobs[sha]
    plan.audit = _new_audit_events(session, data["audit"], ids)
    return plan


def _plan_row(
    plan: MergePlan,
    entity: str,
    values: dict[str, Any],
    local: Base | None,
    local_values: dict[str, Any] | None,
    bases: dict[str, Setting],
    counts: Counter[str],
) -> None:
    pack_hash = content_hash(values)
    base_row = bases.get(BASE_PREFIX + values["id"])
    base = base_row.value if base_row is not None else None
    if base != pack_hash:
        plan.bases[values["id"]] = pack_hash
    if local is None or local_values is None:
        plan.changes.append(_Change(entity, values, None, "create"))
        counts["new"] += 1
        return
    local_hash = content_hash(local_values)
    if local_hash == pack_hash:
        counts["unchanged"] += 1
    elif base is not None and local_hash == base:
        plan.changes.append(_Change(entity, values, local, "update"))
        counts["updated"] += 1
    elif base is not None and pack_hash == base:
        counts["kept"] += 1  # only this database changed it since the last exchange
    else:
        ours, theirs = _when(local_values), _when(values)
        winner = "pack" if theirs > ours else "database"
        plan.changes.append(_Change(entity, values, local, "conflict", winner))
        plan.conflicts.append(
            Conflict(
                entity,
                values["id"],
                _title(entity, values),
                winner,
                ours.isoformat(),
                theirs.isoformat(),
            )
        )
        counts["conflicts"] += 1


def apply_merge(
    session: Session,
    trail: AuditTrail,
    plan: MergePlan,
    source: dict[str, Any],
) -> None:
    """Write the plan: blobs, rows, recounts, the pack's audit events, the exchange hashes."""
    for sha, body in plan.blobs.items():
        session.add(Blob(sha256=sha, size=len(body), data=body))
    principle_ids = {p.number: p.id for p in lookups.principles(session)}
    for event in plan.audit:
        trail.add(
            event["entity"],
            event["entity_id"],
            Operation.IMPORT,
            None,
            {"original": event, "source": source},
        )
    touched_actions: set[str] = set()
    for entity in MODELS:  # schools, then actions, then what hangs off actions
        changes = [change for change in plan.changes if change.entity == entity]
        _apply_entity(session, trail, entity, changes, principle_ids, plan.school_id)
        for change in changes:
            action_id = (
                change.values["id"] if entity == "action" else change.values.get("action_id")
            )
            if entity != "school" and action_id:
                touched_actions.add(action_id)
    _recount(session, sorted(touched_actions))
    for row_id, digest in plan.bases.items():
        setting = plan.base_rows.get(BASE_PREFIX + row_id)
        if setting is None:
            session.add(Setting(key=BASE_PREFIX + row_id, value=digest))
        else:
            setting.value = digest


def _apply_entity(
    session: Session,
    trail: AuditTrail,
    entity: str,
    changes: list[_Change],
    principle_ids: dict[int, str],
    school_id: str,
) -> None:
    """One kind of row, flushed once (thousands of rows: one batch, not one round trip each)."""
    created: list[Any] = []
    updated: list[tuple[Any, dict[str, Any]]] = []
    for change in changes:
        columns = _columns(entity, change.values, principle_ids, school_id)
        if change.local is None:
            row = MODELS[entity](**columns)
            session.add(row)
            created.append(row)
        elif change.winner == "pack":
            before = state(session, entity, change.local)
            for name, value in columns.items():
                if name not in KEPT_HERE:  # a pack never rewrites when a row was first made
                    setattr(change.local, name, value)
            if isinstance(change.local, Versioned):  # an editor open on it must reload first
                change.local.version += 1
            updated.append((change.local, before))
        else:  # a conflict this database won: keep the pack's losing version in the log
            trail.add(
                entity,
                change.values["id"],
                Operation.IMPORT,
                change.values,
                state(session, entity, change.local),
            )
    session.flush()
    taken = {change.values["id"]: codes_of(change.values) for change in changes}
    for row in created:
        set_criteria(session, entity, row.id, taken[row.id])
        trail.add(entity, row.id, Operation.IMPORT, None, state(session, entity, row))
    for row, before in updated:
        set_criteria(session, entity, row.id, taken[row.id])
        trail.add(entity, row.id, Operation.IMPORT, before, state(session, entity, row))


def _columns(
    entity: str,
    values: dict[str, Any],
    principle_ids: dict[int, str],
    school_id: str,
) -> dict[str, Any]:
    """The pack's portable values as column values of this database."""
    model = MODELS[entity]
    result: dict[str, Any] = {}
    for column in model.__table__.columns:
        if column.key not in values:
            continue
        value = values[column.key]
        if value is not None and isinstance(column.type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        result[column.key] = value
    if entity == "school":
        result["id"] = school_id
    if entity in ("action", "evidence"):
        result["school_id"] = school_id  # the pack's one school (pack_rows checked it)
        result["principle_id"] = principle_ids[int(values["principle_number"])]
    return result


def _recount(session: Session, action_ids: list[str]) -> None:
    """Evidence counts and last review dates of these actions, from their rows here."""
    for chunk in _chunks(action_ids):
        counts = dict(
            session.execute(
                select(Evidence.action_id, func.count(Evidence.id))
                .where(Evidence.action_id.in_(chunk), Evidence.archived.is_(False))
                .group_by(Evidence.action_id)
            ).all()
        )
        latest = dict(
            session.execute(
                select(Review.action_id, func.max(Review.date))
                .where(Review.action_id.in_(chunk))
                .group_by(Review.action_id)
            ).all()
        )
        for action in session.execute(select(Action).where(Action.id.in_(chunk))).scalars():
            action.evidence_count = counts.get(action.id, 0)
            action.last_review_date = latest.get(action.id)


def _new_audit_events(
    session: Session, events: list[dict[str, Any]], entity_ids: list[str]
) -> list[dict[str, Any]]:
    """The pack's events not yet in this chain (neither made here nor imported before)."""
    known = set(_load(session, AuditEvent, [e["id"] for e in events], AuditEvent.id))
    for chunk in _chunks(entity_ids):
        query = select(AuditEvent.after_json).where(
            AuditEvent.operation == Operation.IMPORT.token, AuditEvent.entity_id.in_(chunk)
        )
        for (after_json,) in session.execute(query):
            original = json.loads(after_json or "null")
            if isinstance(original, dict) and isinstance(original.get("original"), dict):
                known.add(original["original"].get("id"))
    return sorted((e for e in events if e["id"] not in known), key=lambda e: e["seq"])


def _load(session: Session, model: type[Any], keys: list[str], column: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in _chunks(keys):
        for row in session.execute(select(model).where(column.in_(chunk))).scalars():
            found[getattr(row, column.key)] = row
    return found


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]


def _when(values: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(values["updated_at"])


def _title(entity: str, values: dict[str, Any]) -> str:
    return str(values.get("title") or values.get("name") or values.get("note") or "")[:80]
