"""What a pack export or import did, as the command line and the app tell it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cst_inclusion_desktop.services.exchange.packs.merge import CONFLICT_RULE, Conflict

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
    sequence: int = 0
    signed_by: str = ""  # the signing key's fingerprint
    encrypted_to: str = ""  # the trust key's fingerprint

    def describe(self) -> str:
        parts = ", ".join(f"{count:,} {name}" for name, count in self.counts.items())
        return (
            f"Wrote the pack for {self.school_name} ({self.urn}) to {self.path}: {parts}. "
            f"Pack {self.sequence}, signed by this database's key {self.signed_by}, encrypted "
            f"for the trust's key {self.encrypted_to}. SHA-256 {self.sha256}"
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
    key_note: str = ""

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
        if self.key_note:
            lines.append(f"  signed by: {self.key_note}")
        if self.framework_note:
            lines.append(f"  note: {self.framework_note}")
        if self.backup is not None:
            lines.append(f"  backup made first: {self.backup}")
        return lines
