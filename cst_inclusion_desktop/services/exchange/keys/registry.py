"""At the trust: which key each school's packs must be signed with, and which pack came last.

Trust on first use: a school's first pack registers its key only when the trust lead has
confirmed the fingerprint (``confirmed``). Later packs must carry that key and be newer
(sequence and creation time) than the last one imported; the very same pack again is let
through, so importing it twice still changes nothing. Every registration is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.domain.errors import InclusionError, ValidationError
from cst_inclusion_desktop.services.safety.audit import AuditTrail, snapshot
from cst_inclusion_desktop.store.models import SchoolKey, utc_now

ENTITY = "school_key"


class UnconfirmedKeyError(InclusionError):
    """A school's first pack: its key needs the trust lead's confirmation (exit 2)."""

    def __init__(self, file: str, school_name: str, urn: str, fingerprint: str) -> None:
        self.file, self.school_name, self.urn = file, school_name, urn
        self.fingerprint = fingerprint
        super().__init__(
            f"{file}: school key: {school_name} ({urn}) has no registered key yet; its pack is "
            f"signed by key {fingerprint}. Check that fingerprint with the school (they see it "
            f"with `cst-inclusion keys show`), then run the import again with "
            f"--trust-key {fingerprint}. Nothing was changed."
        )


@dataclass(frozen=True, slots=True)
class Signed:
    """Who signed a pack and which pack it is, from its verified statement."""

    file: str
    urn: str
    school_name: str
    fingerprint: str
    public_key: str
    sequence: int
    created_at: datetime
    pack_sha256: str


def signed_from(statement: dict[str, Any], file: str, fingerprint: str, key: str) -> Signed:
    try:
        created = datetime.fromisoformat(statement["created_at"])
    except ValueError as error:
        raise ValidationError(
            "created_at", statement["created_at"], "an ISO date and time", where=file
        ) from error
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    school = statement["school"]
    return Signed(
        file,
        school["urn"],
        school["name"],
        fingerprint,
        key,
        statement["sequence"],
        created,
        statement["pack_sha256"],
    )


def find(session: Session, urn: str) -> SchoolKey | None:
    return session.execute(
        select(SchoolKey).where(SchoolKey.school_urn == urn)
    ).scalar_one_or_none()


def check(session: Session, signed: Signed, confirmed: str | None) -> SchoolKey | None:
    """The school's registered key row (None: first pack, confirmed), or a clear refusal."""
    row = find(session, signed.urn)
    if row is None:
        if confirmed is None:
            raise UnconfirmedKeyError(
                signed.file, signed.school_name, signed.urn, signed.fingerprint
            )
        if confirmed != signed.fingerprint:
            raise ValidationError(
                "--trust-key",
                confirmed,
                f"the fingerprint of the key that signed {signed.file} ({signed.fingerprint}); "
                "check it with the school again",
            )
        return None
    if row.fingerprint != signed.fingerprint or (
        row.public_key and row.public_key != signed.public_key
    ):
        raise ValidationError(
            "pack",
            signed.file,
            f"a pack signed by the key registered for {signed.school_name} ({signed.urn}), "
            f"{row.fingerprint} (this one is signed by key {signed.fingerprint}; if the school "
            "has a new key — a new PC, a reinstall — confirm it with them, then run "
            f"`cst-inclusion keys register --school {signed.urn} --fingerprint "
            f"{signed.fingerprint}`)",
        )
    if row.last_pack_sha256 == signed.pack_sha256:
        return row  # the same pack again: the merge finds nothing to change
    last_at = row.last_created_at
    if signed.sequence <= row.last_sequence or (
        last_at is not None and signed.created_at <= last_at
    ):
        made = last_at.isoformat(timespec="seconds") if last_at else "unknown"
        last = f"pack {row.last_sequence} made" if row.last_sequence else "made"
        raise ValidationError(
            "pack",
            signed.file,
            f"a pack newer than the last one imported from {signed.school_name} ({signed.urn}), "
            f"{last} {made} (this one is pack {signed.sequence} made "
            f"{signed.created_at.isoformat(timespec='seconds')}: an old pack sent again)",
        )
    return row


def record(
    session: Session, trail: AuditTrail, row: SchoolKey | None, signed: Signed, actor: str
) -> None:
    """Register the key (first pack) or note the newest pack taken; audited either way."""
    if row is None:
        row = SchoolKey(
            school_urn=signed.urn,
            school_name=signed.school_name,
            fingerprint=signed.fingerprint,
            public_key=signed.public_key,
            registered_at=utc_now(),
            registered_by=actor,
            last_sequence=0,
            last_pack_sha256="",
        )
        session.add(row)
        session.flush()
        before = None
    else:
        before = snapshot(row)
    row.public_key = signed.public_key
    row.school_name = signed.school_name
    row.last_sequence = signed.sequence
    row.last_created_at = signed.created_at
    row.last_pack_sha256 = signed.pack_sha256
    session.flush()
    trail.add(
        ENTITY,
        row.id,
        Operation.CREATE if before is None else Operation.UPDATE,
        before,
        snapshot(row),
    )


def register(
    session: Session,
    trail: AuditTrail,
    urn: str,
    school_name: str,
    fingerprint: str,
    actor: str,
) -> tuple[str, str]:
    """Re-registration by fingerprint alone: the key arrives, signed, in the next pack.

    Returns the old and new fingerprints (the old is empty for a school with none before)."""
    row = find(session, urn)
    before = snapshot(row) if row is not None else None
    old = row.fingerprint if row is not None else ""
    if row is None:
        row = SchoolKey(school_urn=urn, school_name=school_name, last_sequence=0)
        session.add(row)
    row.fingerprint = fingerprint
    row.public_key = ""
    row.registered_at = utc_now()
    row.registered_by = actor
    row.last_sequence = 0  # a reinstalled school counts its packs from 1 again
    row.last_pack_sha256 = ""
    session.flush()
    operation = Operation.CREATE if before is None else Operation.UPDATE
    trail.add(ENTITY, row.id, operation, before, snapshot(row) | {"old_fingerprint": old})
    return old, fingerprint
