"""The append-only, hash-chained audit log.

Each event's hash covers its own fields and the previous event's hash; the chain's head (last
sequence number and hash) is kept in the ``setting`` table, so an edited, inserted or removed
row — including the last one — breaks verification.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Row, insert, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.domain.records import AuditRecord, CheckItem
from cst_inclusion_desktop.store.models import AuditEvent, Base, Setting, new_id, utc_now
from cst_inclusion_desktop.store.server import access

HEAD_KEY = "audit_head"
GENESIS_HASH = "0" * 64
_SKIPPED_COLUMNS = {"data", "logo"}
BREAKS_SHOWN = 10


def skipped_column(name: str) -> bool:
    """Binary columns stay out of snapshots (a logo or a file's bytes are not history)."""
    return name in _SKIPPED_COLUMNS


def snapshot(row: Base) -> dict[str, Any]:
    """The row's column values as JSON-ready data (binary columns left out)."""
    values: dict[str, Any] = {}
    for column in row.__table__.columns:
        if column.key in _SKIPPED_COLUMNS:
            continue
        value = getattr(row, column.key)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        values[column.key] = value
    return values


def event_hash(
    seq: int,
    event_id: str,
    at: datetime,
    actor: str,
    entity: str,
    entity_id: str,
    operation: str,
    before_json: str | None,
    after_json: str | None,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [
            seq,
            event_id,
            at.isoformat(),
            actor,
            entity,
            entity_id,
            operation,
            before_json,
            after_json,
            prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AuditTrail:
    """Collects the events of one transaction and appends them to the chain in one insert."""

    def __init__(
        self,
        session: Session,
        actor: str,
        day: date | None = None,
        operation: Operation | None = None,
    ) -> None:
        self.session = session
        # On a server the audit log names the login that signed in (its trigger insists), and
        # the chain's head is read under a lock held to commit: one chain, however many write.
        access.serialise_audit(session)
        self.actor = access.login(session) or actor
        self.operation = operation  # e.g. "undo": every event of this transaction says so
        # A context with a fixed "today" (tests, back-dated demo history) stamps its events on
        # that day, so history read "as it stood" follows the same calendar as the records.
        self.day = day
        self._pending: list[dict[str, Any]] = []
        head = session.get(Setting, HEAD_KEY, populate_existing=True)
        if head is None or not head.value:
            self._seq, self._hash = 0, GENESIS_HASH
        else:
            seq_text, self._hash = head.value.split(":", 1)
            self._seq = int(seq_text)

    def add(
        self,
        entity: str,
        entity_id: str,
        operation: Operation,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        at: datetime | None = None,
    ) -> None:
        """Queue one event; ``at`` (aware UTC) back-dates it, e.g. a demo's simulated history."""
        if before is not None and after is not None and before == after:
            return  # nothing changed: nothing to audit
        operation = self.operation or operation
        self._seq += 1
        event_id = new_id()
        if at is None:
            at = utc_now()
            if self.day is not None:
                at = datetime.combine(self.day, time(12), UTC)
        before_json = _dump(before)
        after_json = _dump(after)
        digest = event_hash(
            self._seq,
            event_id,
            at,
            self.actor,
            entity,
            entity_id,
            operation.token,
            before_json,
            after_json,
            self._hash,
        )
        self._pending.append(
            {
                "id": event_id,
                "seq": self._seq,
                "at": at,
                "actor": self.actor,
                "entity": entity,
                "entity_id": entity_id,
                "operation": operation.token,
                "before_json": before_json,
                "after_json": after_json,
                "prev_hash": self._hash,
                "hash": digest,
            }
        )
        self._hash = digest

    def flush(self) -> None:
        if not self._pending:
            return
        self.session.flush()
        self.session.execute(insert(AuditEvent), self._pending)
        head = self.session.get(Setting, HEAD_KEY)
        value = f"{self._seq}:{self._hash}"
        if head is None:
            self.session.add(Setting(key=HEAD_KEY, value=value))
        else:
            head.value = value
        self._pending.clear()


def _dump(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def verify_chain(session: Session, batch: int = 5000) -> CheckItem:
    """Walk the whole chain in order; report every break (not just the first), or the count."""
    head = session.get(Setting, HEAD_KEY)
    expected_seq, expected_hash = 0, GENESIS_HASH
    breaks: list[str] = []
    # Plain column rows, not ORM objects: the board annex checks the chain every time, and a
    # demo trust's 180,000 events took 15 s as objects (7 s as rows).
    rows = session.execute(
        select(*CHAIN_COLUMNS).order_by(AuditEvent.seq).execution_options(yield_per=batch)
    )
    for event in rows:
        breaks.extend(_event_breaks(event, expected_seq, expected_hash))
        # Carry on from this event, so each later break is reported on its own.
        expected_seq, expected_hash = event.seq, event.hash
    head_value = head.value if head is not None else ""
    actual_head = f"{expected_seq}:{expected_hash}" if expected_seq else ""
    if head_value != actual_head:
        breaks.append(
            f"the audit log ends at event {expected_seq} but its recorded head is "
            f"'{head_value.split(':', 1)[0] or 'none'}': events were removed or added"
        )
    if breaks:
        shown = "; ".join(breaks[:BREAKS_SHOWN])
        more = f"; and {len(breaks) - BREAKS_SHOWN:,} more" if len(breaks) > BREAKS_SHOWN else ""
        count = f"{len(breaks):,} breaks: " if len(breaks) > 1 else ""
        return CheckItem("audit_chain", False, count + shown + more)
    return CheckItem("audit_chain", True, f"{expected_seq:,} audit events verified")


CHAIN_COLUMNS = (
    AuditEvent.seq,
    AuditEvent.id,
    AuditEvent.at,
    AuditEvent.actor,
    AuditEvent.entity,
    AuditEvent.entity_id,
    AuditEvent.operation,
    AuditEvent.before_json,
    AuditEvent.after_json,
    AuditEvent.prev_hash,
    AuditEvent.hash,
)


def _event_breaks(event: Row[*tuple[Any, ...]], expected_seq: int, expected_hash: str) -> list[str]:
    """What is wrong with one event, given the event that should come before it."""
    found: list[str] = []
    if event.seq != expected_seq + 1:
        found.append(f"audit event {expected_seq + 1} is missing (next found is {event.seq})")
    elif event.prev_hash != expected_hash:
        found.append(f"audit event {event.seq} does not follow event {expected_seq}")
    recomputed = event_hash(
        event.seq,
        event.id,
        event.at,
        event.actor,
        event.entity,
        event.entity_id,
        event.operation,
        event.before_json,
        event.after_json,
        event.prev_hash,
    )
    if recomputed != event.hash:
        found.append(f"audit event {event.seq} ({event.entity} {event.entity_id}) was altered")
    return found


def to_record(event: AuditEvent) -> AuditRecord:
    return AuditRecord(
        seq=event.seq,
        id=event.id,
        at=event.at,
        actor=event.actor,
        entity=event.entity,
        entity_id=event.entity_id,
        operation=event.operation,
        before=json.loads(event.before_json) if event.before_json else None,
        after=json.loads(event.after_json) if event.after_json else None,
    )


def history(session: Session, entity_id: str) -> list[AuditRecord]:
    rows = session.execute(
        select(AuditEvent).where(AuditEvent.entity_id == entity_id).order_by(AuditEvent.seq)
    ).scalars()
    return [to_record(row) for row in rows]
