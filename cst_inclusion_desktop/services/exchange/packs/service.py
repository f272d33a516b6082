"""School packs: one school's record, carried to the trust lead's database and merged there.

``export_pack`` writes one file (see ``file_format``) holding the school row, its actions,
evidence (with file bytes), reviews, every audit event about them, the framework, and a manifest,
signed with the database's key and encrypted to the trust's (``envelope``). ``import_pack``
decrypts it, checks the signature against the school's registered key (``keys.registry``) and the
whole file before reading it, backs the database up, then merges by UUID in one transaction (see
``merge`` for the rule). A dry run reports the same summary and writes nothing; importing the
same pack again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop import __version__
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.domain.framework_file import (
    FrameworkSpec,
    PrincipleSpec,
    dump_framework,
    parse_framework,
)
from cst_inclusion_desktop.services.context import AppContext, CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.exchange.keys import registry
from cst_inclusion_desktop.services.exchange.keys.key_files import clean_fingerprint
from cst_inclusion_desktop.services.exchange.keys.service import KeyService
from cst_inclusion_desktop.services.exchange.packs import envelope
from cst_inclusion_desktop.services.exchange.packs.criteria_field import tagged_codes
from cst_inclusion_desktop.services.exchange.packs.file_format import (
    PackContents,
    PackLimits,
    anchor_field,
    build_pack,
    read_pack,
    read_pack_file,
    schema_version,
)
from cst_inclusion_desktop.services.exchange.packs.merge import (
    DATA_KEYS,
    MergePlan,
    apply_merge,
    plan_merge,
    portable,
)
from cst_inclusion_desktop.services.exchange.packs.rows import (
    PackRules,
    check_pack_data,
    import_clock,
)
from cst_inclusion_desktop.services.exchange.packs.summaries import (
    ENTITY_NAMES,
    PackExportSummary,
    PackImportSummary,
)
from cst_inclusion_desktop.services.files import check_output_path, write_atomically
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.criteria import all_criteria
from cst_inclusion_desktop.services.safety.anchors import current_anchor, keep
from cst_inclusion_desktop.services.safety.backup import backup_before
from cst_inclusion_desktop.store.models import (
    Action,
    AuditEvent,
    Blob,
    Evidence,
    Principle,
    Review,
    School,
    utc_now,
)


class PackService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def export_pack(
        self, school_urn: str, out: Path, progress: ProgressCallback | None = None
    ) -> PackExportSummary:
        """Sign with this database's key and encrypt to the trust's; refuse if none is known."""
        out = check_output_path(out)
        with self.context.read() as session:
            lookups.school(session, school_urn)
        keys = KeyService(self.context)
        found = keys.trust_public_key()
        assert found is not None  # required: a missing key was refused above
        trust_key = found[0]
        with self.context.read() as session:
            school = lookups.school(session, school_urn)
            if progress is not None:
                progress(0, 2, f"Reading {school.name}")
            data, blobs, framework = _collect(session, school)
            urn, name = school.urn, school.name
            anchor = current_anchor(session)
        signer = keys.signing_key()
        sequence = keys.next_sequence(urn)
        counts = {key: len(data[key]) for key in ("actions", "evidence", "reviews", "audit")}
        manifest = {
            "app_version": __version__,
            "schema_version": schema_version(),
            "created_at": utc_now().isoformat(),
            "created_by": self.context.actor,
            "school": {"id": data["school"]["id"], "urn": urn, "name": name},
            "counts": counts,
            "sequence": sequence,
            **anchor_field(anchor),
        }
        if progress is not None:
            progress(1, 2, "Signing, encrypting and writing the pack")
        built = build_pack(manifest, data, dump_framework(framework), blobs)
        statement = envelope.statement_for(
            manifest, built.raw, built.content_sha256, signer.public_key(), trust_key, sequence
        )
        sealed = envelope.seal(built.raw, statement, signer, trust_key)
        write_atomically(out, sealed)
        keep(self.context, "School pack", anchor)
        counts = counts | {"files": len(blobs)}
        return PackExportSummary(
            out,
            urn,
            name,
            counts,
            hashlib.sha256(sealed).hexdigest(),
            sequence,
            statement["school_key_fingerprint"],
            statement["trust_key_fingerprint"],
        )

    def import_pack(
        self,
        path: Path,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
        trust_key: str | None = None,
    ) -> PackImportSummary:
        """Decrypt, verify the signer, check every row, back up, merge. Any problem is raised
        before any write. ``trust_key`` is the school key fingerprint the trust lead confirmed
        (needed for a school's first pack)."""
        report = progress or (lambda done, total, message: None)
        report(0, 3, "Checking the pack")
        confirmed = clean_fingerprint(trust_key, "--trust-key") if trust_key else None
        contents, signed = self._open(path)
        framework = parse_framework(contents.framework_text, f"{path.name}: framework.json")
        with self.context.read() as session:
            key_row = registry.check(session, signed, confirmed)
            first = key_row is None
            new_pack = key_row is None or key_row.last_pack_sha256 != signed.pack_sha256
            rules = PackRules(
                path.name,
                lookups.principle_numbers(session),
                import_clock(),
                self.context.today(),
                tuple(criterion.code for criterion in all_criteria(session)),
            )
            data = check_pack_data(contents.data, contents.manifest, contents.blobs, rules)
            plan = plan_merge(session, data, contents.blobs, path.name)
            note = _framework_note(session, framework)
        key_note = _key_note(signed, first=first, dry_run=dry_run)
        if dry_run or not (plan.has_changes or new_pack):
            return _summary(path, data, plan, note, dry_run=dry_run, applied=False, keys=key_note)
        if cancelled is not None and cancelled():
            raise CancelledError("Pack import cancelled. Nothing was changed.")
        report(1, 3, "Backing up the database")
        backup = backup_before(self.context, "pre-import") if plan.has_changes else None
        report(2, 3, "Merging")
        try:
            with self.context.write() as (session, trail):
                row = registry.check(session, signed, confirmed)
                registry.record(session, trail, row, signed, self.context.actor)
                if not plan.has_changes:  # a later pack with nothing new: its number is noted
                    return _summary(
                        path, data, plan, note, dry_run=False, applied=False, keys=key_note
                    )
                plan = plan_merge(session, data, contents.blobs, path.name)
                source = {
                    "pack": path.name,
                    "pack_sha256": contents.sha256,
                    "school_urn": data["school"]["urn"],
                    "signed_by": signed.fingerprint,
                    "pack_sequence": signed.sequence,
                }
                apply_merge(session, trail, plan, source)
        except BaseException:
            # Nothing was merged, so the copy made for this import is not a restore point.
            if backup is not None:
                backup.unlink(missing_ok=True)
            raise
        report(3, 3, "Done")
        return _summary(
            path, data, plan, note, dry_run=False, applied=True, backup=backup, keys=key_note
        )

    def _open(self, path: Path) -> tuple[PackContents, registry.Signed]:
        """The verified inner pack and who signed it, or a one-line refusal."""
        raw = read_pack_file(path)
        private = KeyService(self.context).trust_private_key()
        opened = envelope.open_envelope(raw, path.name, private)
        limits = PackLimits(blob=self.context.settings.evidence_limit_bytes)
        if not envelope.is_envelope(opened):
            read_pack(raw, path.name, limits)  # says which kind of file this is instead
            raise ValidationError("pack", path.name, envelope.OLD_FORMAT)
        contents = read_pack(opened.inner, path.name, limits)
        envelope.check_inner(opened, contents.manifest, path.name)
        signed = registry.signed_from(
            opened.statement, path.name, opened.school_fingerprint, opened.school_key
        )
        return contents, signed


def _key_note(signed: registry.Signed, *, first: bool, dry_run: bool) -> str:
    key = f"key {signed.fingerprint} (pack {signed.sequence})"
    if not first:
        return f"{key}, this school's registered key"
    return f"{key}, {'to be' if dry_run else 'now'} registered"


def _collect(
    session: Session, school: School
) -> tuple[dict[str, Any], dict[str, bytes], FrameworkSpec]:
    urns = {school.id: school.urn}
    numbers = {p.id: p.number for p in session.execute(select(Principle)).scalars()}
    actions = list(
        session.execute(
            select(Action)
            .where(Action.school_id == school.id)
            .order_by(Action.created_at, Action.id)
        ).scalars()
    )
    evidence = list(
        session.execute(
            select(Evidence)
            .where(Evidence.school_id == school.id)
            .order_by(Evidence.created_at, Evidence.id)
        ).scalars()
    )
    reviews = list(
        session.execute(
            select(Review)
            .join(Action, Action.id == Review.action_id)
            .where(Action.school_id == school.id)
            .order_by(Review.created_at, Review.id)
        ).scalars()
    )
    ids = {school.id, *(a.id for a in actions), *(e.id for e in evidence)}
    ids.update(r.id for r in reviews)
    events: list[AuditEvent] = []
    ordered_ids = sorted(ids)
    for start in range(0, len(ordered_ids), 500):
        chunk = ordered_ids[start : start + 500]
        events.extend(
            session.execute(select(AuditEvent).where(AuditEvent.entity_id.in_(chunk))).scalars()
        )
    audit = [_event(event) for event in sorted(events, key=lambda event: event.seq)]
    shas = {row.blob_sha256 for row in evidence if row.blob_sha256}
    blobs = (
        {
            blob.sha256: blob.data
            for blob in session.execute(select(Blob).where(Blob.sha256.in_(shas))).scalars()
        }
        if shas
        else {}
    )
    codes = tagged_codes(session, [*(a.id for a in actions), *(e.id for e in evidence)])
    data = {
        "school": portable("school", school, urns, numbers),
        DATA_KEYS["action"]: [portable("action", row, urns, numbers, codes) for row in actions],
        DATA_KEYS["evidence"]: [
            portable("evidence", row, urns, numbers, codes) for row in evidence
        ],
        DATA_KEYS["review"]: [portable("review", row, urns, numbers) for row in reviews],
        "audit": audit,
    }
    active = lookups.active_framework(session)
    framework = FrameworkSpec(
        name=active.name,
        source=active.source,
        version=active.version,
        principles=tuple(
            PrincipleSpec(p.number, p.title, p.summary) for p in lookups.principles(session)
        ),
    )
    return data, blobs, framework


def _event(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "id": event.id,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "operation": event.operation,
        "before": json.loads(event.before_json) if event.before_json else None,
        "after": json.loads(event.after_json) if event.after_json else None,
        "hash": event.hash,
    }


def _framework_note(session: Session, framework: FrameworkSpec) -> str:
    ours = [(p.number, p.title, p.summary) for p in lookups.principles(session)]
    theirs = [(p.number, p.title, p.summary) for p in framework.principles]
    if ours == theirs:
        return ""
    return (
        f"the school works to different principle wording ('{framework.name}', version "
        f"{framework.version}); its actions are filed here by principle number. To share one "
        "wording, run `cst-inclusion framework export FILE.json` here and `framework import` "
        "at the school."
    )


def _summary(
    path: Path,
    data: dict[str, Any],
    plan: MergePlan,
    note: str,
    *,
    dry_run: bool,
    applied: bool,
    backup: Path | None = None,
    keys: str = "",
) -> PackImportSummary:
    counts = {entity: dict(plan.counts.get(entity, Counter())) for entity in ENTITY_NAMES}
    return PackImportSummary(
        file=path.name,
        urn=data["school"]["urn"],
        school_name=data["school"]["name"],
        dry_run=dry_run,
        applied=applied,
        counts=counts,
        conflicts=plan.conflicts,
        audit_events=len(plan.audit),
        files_added=len(plan.blobs),
        framework_note=note,
        backup=backup,
        key_note=keys,
    )
