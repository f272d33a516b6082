"""School packs: one school's record, carried to the trust lead's database and merged there.

``export_pack`` writes one file (see ``pack_format``) holding the school row, its actions,
evidence (with file bytes), reviews, every audit event about them, the framework, and a manifest.
``import_pack`` checks the whole file before reading it, backs the database up, then merges by
UUID in one transaction (see ``pack_merge`` for the rule). A dry run reports the same summary
and writes nothing; importing the same pack again changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop import __version__
from cst_inclusion_desktop.domain.errors import CancelledError
from cst_inclusion_desktop.domain.framework_file import (
    FrameworkSpec,
    PrincipleSpec,
    dump_framework,
    parse_framework,
)
from cst_inclusion_desktop.services.context import AppContext, CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.exchange.packs.criteria_field import tagged_codes
from cst_inclusion_desktop.services.exchange.packs.file_format import (
    PackLimits,
    read_pack,
    schema_version,
    write_pack,
)
from cst_inclusion_desktop.services.exchange.packs.merge import (
    CONFLICT_RULE,
    DATA_KEYS,
    Conflict,
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
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.criteria import all_criteria
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

ENTITY_NAMES = {
    "school": "school",
    "action": "actions",
    "evidence": "evidence",
    "review": "reviews",
}


@dataclass(frozen=True, slots=True)
class PackExportSummary:
    path: Path
    urn: str
    school_name: str
    counts: dict[str, int]
    sha256: str

    def describe(self) -> str:
        parts = ", ".join(f"{count:,} {name}" for name, count in self.counts.items())
        return (
            f"Wrote the pack for {self.school_name} ({self.urn}) to {self.path}: {parts}. "
            f"SHA-256 {self.sha256}"
        )


@dataclass(frozen=True, slots=True)
class PackImportSummary:
    file: str
    urn: str
    school_name: str
    dry_run: bool
    applied: bool
    counts: dict[str, dict[str, int]]
    conflicts: list[Conflict] = field(default_factory=list)
    audit_events: int = 0
    files_added: int = 0
    framework_note: str = ""
    backup: Path | None = None

    @property
    def has_changes(self) -> bool:
        changed = ("new", "updated", "conflicts")
        return self.audit_events > 0 or any(
            counts.get(kind, 0) for counts in self.counts.values() for kind in changed
        )

    def lines(self) -> list[str]:
        if not self.has_changes:
            head = f"Nothing to change: this database already holds everything in {self.file}"
        elif self.dry_run:
            head = f"Dry run: importing {self.file} would change the following (nothing written)"
        else:
            head = f"Imported {self.file} for {self.school_name} ({self.urn})"
        lines = [head]
        for entity, counts in self.counts.items():
            parts = [f"{counts.get(k, 0):,} {k}" for k in ("new", "updated", "conflicts", "kept")]
            lines.append(
                f"  {ENTITY_NAMES[entity]}: "
                + ", ".join(parts)
                + f", {counts.get('unchanged', 0):,} unchanged"
            )
        lines.append(
            f"  audit events {'to record' if self.dry_run else 'recorded'}: "
            f"{self.audit_events:,}; evidence files {'to add' if self.dry_run else 'added'}: "
            f"{self.files_added:,}"
        )
        for conflict in self.conflicts:
            kept = "the pack's" if conflict.winner == "pack" else "this database's"
            lines.append(
                f"  conflict: {conflict.entity} {conflict.id} '{conflict.title}': kept {kept} "
                f"version (pack changed {conflict.pack_updated_at}, database changed "
                f"{conflict.database_updated_at}); the other is in the audit log"
            )
        if self.conflicts:
            lines.append(f"  conflict rule: {CONFLICT_RULE}")
        if self.framework_note:
            lines.append(f"  note: {self.framework_note}")
        if self.backup is not None:
            lines.append(f"  backup made first: {self.backup}")
        return lines


class PackService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def export_pack(
        self, school_urn: str, out: Path, progress: ProgressCallback | None = None
    ) -> PackExportSummary:
        with self.context.read() as session:
            school = lookups.school(session, school_urn)
            if progress is not None:
                progress(0, 2, f"Reading {school.name}")
            data, blobs, framework = _collect(session, school)
            urn, name = school.urn, school.name
        counts = {key: len(data[key]) for key in ("actions", "evidence", "reviews", "audit")}
        manifest = {
            "app_version": __version__,
            "schema_version": schema_version(),
            "created_at": utc_now().isoformat(),
            "created_by": self.context.actor,
            "school": {"id": data["school"]["id"], "urn": urn, "name": name},
            "counts": counts,
        }
        if progress is not None:
            progress(1, 2, "Writing the pack")
        seal = write_pack(out, manifest, data, dump_framework(framework), blobs)
        counts = counts | {"files": len(blobs)}
        return PackExportSummary(out, urn, name, counts, seal)

    def import_pack(
        self,
        path: Path,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> PackImportSummary:
        """Verify, check every row, back up, merge. Any problem is raised before any write."""
        report = progress or (lambda done, total, message: None)
        report(0, 3, "Checking the pack")
        contents = read_pack(path, PackLimits(blob=self.context.settings.evidence_limit_bytes))
        framework = parse_framework(contents.framework_text, f"{path.name}: framework.json")
        with self.context.read() as session:
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
        if dry_run or not plan.has_changes:
            return _summary(path, data, plan, note, dry_run=dry_run, applied=False)
        if cancelled is not None and cancelled():
            raise CancelledError("Pack import cancelled. Nothing was changed.")
        report(1, 3, "Backing up the database")
        backup = backup_before(self.context, "pre-import")
        report(2, 3, "Merging")
        try:
            with self.context.write() as (session, trail):
                plan = plan_merge(session, data, contents.blobs, path.name)
                source = {
                    "pack": path.name,
                    "pack_sha256": contents.sha256,
                    "school_urn": data["school"]["urn"],
                }
                apply_merge(session, trail, plan, source)
        except BaseException:
            # Nothing was merged, so the copy made for this import is not a restore point.
            if backup is not None:
                backup.unlink(missing_ok=True)
            raise
        report(3, 3, "Done")
        return _summary(path, data, plan, note, dry_run=False, applied=True, backup=backup)


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
    )
