"""Anchors: the audit chain's head printed in each report and pack, kept by the app (a table,
and a JSON-lines file beside the backups that outlives the database), and proved later.

Proving an anchor ``SEQ:HASH`` recomputes the chain from its start up to ``SEQ`` and compares
the hash: a history rewritten since — even one whose every hash was recomputed, so that the
chain itself verifies — gives another hash.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.anchor import Anchor
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.domain.records import CheckItem
from cst_inclusion_desktop.paths import PRIVATE_FILE_MODE, make_private_folder
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.safety.audit import (
    CHAIN_COLUMNS,
    GENESIS_HASH,
    HEAD_KEY,
    event_hash,
)
from cst_inclusion_desktop.services.safety.backup import connect_read_only
from cst_inclusion_desktop.store.models import AuditEvent, ReportAnchor, Setting, Trust, utc_now

log = logging.getLogger(__name__)

ANCHOR_FILE = "report-anchors.jsonl"
RESTORE_EVENT = "restore"


def current_anchor(session: Session, at: datetime | None = None) -> Anchor:
    """The chain's head now (or at ``at``, the report's time): what a report prints."""
    head = session.get(Setting, HEAD_KEY)
    seq, digest = 0, GENESIS_HASH
    if head is not None and head.value:
        seq_text, digest = head.value.split(":", 1)
        seq = int(seq_text)
    return Anchor(seq, digest, at or utc_now())


@dataclass(frozen=True, slots=True)
class KeptAnchor:
    """An anchor the app printed, with what printed it; ``places`` says where it is kept."""

    kind: str
    anchor: Anchor
    places: tuple[str, ...]
    superseded: str = ""
    """Why it is not proved: a backup older than the report was restored since."""


@dataclass(frozen=True, slots=True)
class AnchorResult:
    seq: int
    hash: str
    ok: bool
    detail: str


def prove(
    session: Session, wanted: Sequence[tuple[int, str]], *, chain_verified: bool = False
) -> list[AnchorResult]:
    """Each ``(seq, hash)`` against the chain recomputed from its start, in one walk.

    ``chain_verified``: `check` has just verified the whole chain (each event's hash covers its
    contents and the hash before it, from the start), so each stored hash *is* the recomputed
    one and is read straight from the table instead of walking the chain a second time."""
    by_seq: dict[int, list[str]] = {}
    for seq, digest in wanted:
        by_seq.setdefault(seq, []).append(digest)
    found: dict[int, str] = {0: GENESIS_HASH}
    problem: tuple[int, str] | None = None  # the first seq from which the chain cannot be followed
    last = max(by_seq, default=0)
    expected_seq, running = 0, GENESIS_HASH
    if last > 0 and chain_verified:
        stored = select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.seq.in_(list(by_seq)))
        found |= {seq: digest for seq, digest in session.execute(stored)}
        expected_seq = session.execute(select(func.max(AuditEvent.seq))).scalar() or 0
    elif last > 0:
        rows = session.execute(
            select(*CHAIN_COLUMNS)
            .where(AuditEvent.seq <= last)
            .order_by(AuditEvent.seq)
            .execution_options(yield_per=5000)
        )
        for event in rows:
            if event.seq != expected_seq + 1:
                problem = (expected_seq + 1, f"audit event {expected_seq + 1} is missing")
                break
            # The chain as it would be had each event followed the one before it: the stored
            # prev_hash and hash are not trusted, only the events' contents.
            running = event_hash(
                event.seq,
                event.id,
                event.at,
                event.actor,
                event.entity,
                event.entity_id,
                event.operation,
                event.before_json,
                event.after_json,
                running,
            )
            expected_seq = event.seq
            if event.seq in by_seq:
                found[event.seq] = running
    results = []
    for seq, digest in wanted:
        results.append(_result(seq, digest, found, problem, expected_seq))
    return results


def _result(
    seq: int, digest: str, found: dict[int, str], problem: tuple[int, str] | None, end: int
) -> AnchorResult:
    if seq in found:
        if found[seq] == digest:
            return AnchorResult(seq, digest, True, f"history up to event {seq:,} is unchanged")
        return AnchorResult(
            seq,
            digest,
            False,
            f"history up to event {seq:,} was rewritten since this anchor was printed "
            f"(the chain recomputed gives {found[seq][:12]}…, the anchor says {digest[:12]}…)",
        )
    if problem is not None and problem[0] <= seq:
        return AnchorResult(seq, digest, False, f"{problem[1]}: history before it was removed")
    return AnchorResult(
        seq,
        digest,
        False,
        f"the audit log ends at event {end:,}, before this anchor's event {seq:,}: events were "
        "removed, or an older copy of the database is in use",
    )


# --- kept anchors ------------------------------------------------------------------------------


def anchor_file(context: AppContext) -> Path:
    return context.settings.backup_path / ANCHOR_FILE


def keep(context: AppContext, kind: str, anchor: Anchor) -> None:
    """Remember an anchor the app just printed: in the database (when it can be written) and
    in the file beside the backups. Neither failing stops the report, which is written."""
    try:
        with context.write() as (session, _trail):
            session.add(
                ReportAnchor(kind=kind, made_at=anchor.at, seq=anchor.seq, hash=anchor.hash)
            )
    except DatabaseError as error:  # read-only, say: the file still keeps it
        log.warning("Report anchor not kept in the database: %s", type(error).__name__)
    try:
        _append(anchor_file(context), _line(context, kind, anchor))
    except OSError as error:
        log.warning("Report anchor not kept beside the backups: %s", error.strerror)


def keep_report(context: AppContext, title: str, anchor: Anchor | None, out: Path) -> None:
    """Keep the anchor of a report just written at ``out`` ("Board paper (PDF)")."""
    if anchor is not None:
        keep(context, f"{title} ({out.suffix.lstrip('.').upper()})", anchor)


def _line(context: AppContext, kind: str, anchor: Anchor) -> str:
    with context.read() as session:
        trust_id = session.execute(select(Trust.id).limit(1)).scalar_one_or_none()
    record = {
        "kind": kind,
        "made_at": anchor.at.astimezone(UTC).isoformat(),
        "seq": anchor.seq,
        "hash": anchor.hash,
        "trust_id": trust_id,
        "database": context.database.description,
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


def _append(path: Path, line: str) -> None:
    """One ``write`` of a whole line to a file opened for appending, private to the user."""
    make_private_folder(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        os.write(descriptor, line.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def kept_anchors(context: AppContext) -> list[KeptAnchor]:
    """This database's anchors from the table and the file, oldest first, each listed once."""
    places: dict[tuple[str, int, str, str], set[str]] = {}
    with context.read() as session:
        trust_id = session.execute(select(Trust.id).limit(1)).scalar_one_or_none()
        for row in session.execute(select(ReportAnchor)).scalars():
            key = (row.kind, row.seq, row.hash, row.made_at.isoformat(timespec="seconds"))
            places.setdefault(key, set()).add("database")
    restores: list[tuple[datetime, int]] = []
    for record in _file_records(anchor_file(context)):
        ours = record.get("trust_id") == trust_id or (
            record.get("database") == context.database.description
        )
        if not ours:
            continue
        made = datetime.fromisoformat(record["made_at"]).astimezone(UTC)
        if record.get("event") == RESTORE_EVENT:
            restores.append((made, int(record["seq"])))
            continue
        key = (
            str(record["kind"]),
            int(record["seq"]),
            str(record["hash"]),
            made.isoformat(timespec="seconds"),
        )
        places.setdefault(key, set()).add("file")
    kept = [
        KeptAnchor(
            kind,
            Anchor(seq, digest, datetime.fromisoformat(made)),
            tuple(sorted(where)),
            _superseded(datetime.fromisoformat(made), seq, restores),
        )
        for (kind, seq, digest, made), where in places.items()
    ]
    return sorted(kept, key=lambda item: (item.anchor.at, item.anchor.seq))


def _superseded(made: datetime, seq: int, restores: list[tuple[datetime, int]]) -> str:
    """Restored since from a backup whose history ends before this anchor's event: the history
    the report rested on is not in this file, which is said, not failed again at every check."""
    for restored_at, head in restores:
        if restored_at >= made and head < seq:
            return (
                f"not proved: a backup ending at event {head:,}, older than this report, was "
                f"restored on {restored_at:%Y-%m-%d %H:%M} UTC"
            )
    return ""


def note_restore(settings: Settings, database: Path) -> None:
    """After a restore, remember where the restored file's history ends (the file outlives
    the database). Anchors given with `check --anchor` are always proved all the same."""
    connection = connect_read_only(database)
    try:
        head = connection.execute("SELECT value FROM setting WHERE key = ?", (HEAD_KEY,)).fetchone()
        trust = connection.execute("SELECT id FROM trust LIMIT 1").fetchone()
    finally:
        connection.close()
    seq_text, digest = (head[0] or f"0:{GENESIS_HASH}").split(":", 1) if head else ("0", "")
    record = {
        "event": RESTORE_EVENT,
        "kind": "Restore",
        "made_at": utc_now().isoformat(),
        "seq": int(seq_text),
        "hash": digest,
        "trust_id": trust[0] if trust else None,
        "database": str(database),
    }
    try:
        _append(settings.backup_path / ANCHOR_FILE, json.dumps(record, sort_keys=True) + "\n")
    except OSError as error:
        log.warning("Restore not noted beside the backups: %s", error.strerror)


def _file_records(path: Path) -> Iterable[dict[str, Any]]:
    """The file's well-formed lines (a line torn by a power cut is passed over)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    records = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
            if (
                isinstance(record, dict)
                and isinstance(record.get("seq"), int)
                and isinstance(record.get("hash"), str)
                and isinstance(record.get("made_at"), str)
            ):
                datetime.fromisoformat(record["made_at"])
                records.append(record)
        except ValueError:
            continue
    return records


def check_kept(
    context: AppContext, *, chain_verified: bool = False
) -> tuple[CheckItem, list[tuple[KeptAnchor, AnchorResult]]]:
    """Every kept anchor proved: the check item, and each anchor with its result (for the GUI)."""
    every = kept_anchors(context)
    kept = [item for item in every if not item.superseded]
    wanted = [(item.anchor.seq, item.anchor.hash) for item in kept]
    with context.read() as session:
        proofs = iter(prove(session, wanted, chain_verified=chain_verified))
    pairs = [
        (
            item,
            AnchorResult(item.anchor.seq, item.anchor.hash, True, item.superseded)
            if item.superseded
            else next(proofs),
        )
        for item in every
    ]
    failed = [(item, result) for item, result in pairs if not result.ok]
    set_aside = len(every) - len(kept)
    note = f"; {set_aside:,} not proved (restored from an older backup since)" if set_aside else ""
    if not every:
        return CheckItem("report_anchors", True, "no report anchors kept yet"), pairs
    if failed:
        shown = "; ".join(
            f"{item.kind} of {item.anchor.at:%Y-%m-%d %H:%M} UTC (event {item.anchor.seq}): "
            + result.detail
            for item, result in failed[:5]
        )
        return (
            CheckItem(
                "report_anchors",
                False,
                f"{plural(len(failed), 'report anchor')} of {len(kept):,} failed: {shown}{note}",
            ),
            pairs,
        )
    return (
        CheckItem("report_anchors", True, f"{plural(len(kept), 'report anchor')} proved{note}"),
        pairs,
    )
