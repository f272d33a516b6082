"""Evidence: files and notes that show an action or a principle is being met.

File bytes live in the database (one copy per distinct SHA-256), so one file holds everything.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.orm import Session

from cst_inclusion_desktop import APP_SLUG
from cst_inclusion_desktop.domain.enums import EvidenceKind, Operation
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import EvidenceRecord
from cst_inclusion_desktop.domain.text import safe_file_name
from cst_inclusion_desktop.domain.validation import clean_long_text, clean_title, parse_date
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.files import read_input_file, write_atomically
from cst_inclusion_desktop.services.records import criteria_links, lookups
from cst_inclusion_desktop.services.records.rows import touch
from cst_inclusion_desktop.store.blobs import add_blob_if_absent
from cst_inclusion_desktop.store.models import (
    Action,
    Blob,
    Evidence,
    EvidenceCriterion,
    InspectionCriterion,
    Principle,
    School,
)

OPENED_PREFIX = f"{APP_SLUG}-opened-"


class EvidenceService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def add(
        self,
        *,
        action_id: str | None = None,
        school: str | None = None,
        principle: int | str | None = None,
        file: Path | None = None,
        title: str | None = None,
        kind: str | EvidenceKind = EvidenceKind.DOCUMENT,
        note: str = "",
        evidence_date: str | date | None = None,
        criteria: Sequence[str] = (),
    ) -> EvidenceRecord:
        """Record evidence against an action, or against a school and principle; ``criteria``
        are the inspection criteria codes it shows."""
        if not action_id and not (school and principle):
            raise ValidationError(
                "action", "", "an action id, or both a school URN and a principle"
            )
        clean_kind = EvidenceKind.parse(kind)
        clean_note = clean_long_text(note, "note")
        when = parse_date(evidence_date, "date") or self.context.today()
        data: bytes | None = None
        file_name: str | None = None
        if file is not None:
            file_name = safe_file_name(file.name)
            data = read_input_file(file, "file", limit=self.context.settings.evidence_limit_bytes)
        clean_title_text = clean_title(
            title if title else (Path(file_name).stem if file_name else "")
        )
        with self.context.write() as (session, trail):
            action = lookups.action(session, action_id) if action_id else None
            if action is not None:
                school_id, principle_id = action.school_id, action.principle_id
                if school and lookups.school(session, school).id != school_id:
                    raise ValidationError("school", school, "the school of the action")
                if principle and lookups.principle_by_number(session, principle).id != principle_id:
                    raise ValidationError("principle", principle, "the principle of the action")
            else:
                school_id = lookups.school(session, str(school)).id
                principle_id = lookups.principle_by_number(session, principle or "").id
            codes = criteria_links.checked_codes(session, criteria)
            sha256 = _store_blob(session, data) if data is not None else None
            actor = self.context.actor
            evidence = Evidence(
                school_id=school_id,
                principle_id=principle_id,
                action_id=action.id if action else None,
                kind=clean_kind.token,
                title=clean_title_text,
                note=clean_note,
                date=when,
                blob_sha256=sha256,
                file_name=file_name,
                file_size=len(data) if data is not None else None,
                created_by=actor,
                updated_by=actor,
            )
            session.add(evidence)
            session.flush()
            criteria_links.set_evidence_codes(session, evidence.id, codes)
            state = criteria_links.evidence_state(session, evidence)
            trail.add("evidence", evidence.id, Operation.CREATE, None, state)
            if action is not None:
                _recount(session, action.id)
            return self._record(session, evidence)

    def archive(
        self, evidence_id: str, archived: bool = True, *, read_version: int | None = None
    ) -> EvidenceRecord:
        with self.context.write() as (session, trail):
            evidence = lookups.evidence(session, evidence_id)
            before = criteria_links.evidence_state(session, evidence)
            evidence.archived = archived
            if evidence.archived != before["archived"]:
                touch(evidence, self.context.actor, read_version=read_version)
                operation = Operation.ARCHIVE if archived else Operation.RESTORE
                after = criteria_links.evidence_state(session, evidence)
                trail.add("evidence", evidence.id, operation, before, after)
                if evidence.action_id:
                    _recount(session, evidence.action_id)
            return self._record(session, evidence)

    def list(
        self,
        action_id: str | None = None,
        *,
        school: str | None = None,
        include_archived: bool = False,
        criterion_codes: Sequence[str] = (),
    ) -> list[EvidenceRecord]:
        with self.context.read() as session:
            query = _record_query()
            if criterion_codes:
                query = query.where(_carries_criteria(tuple(criterion_codes)))
            if action_id:
                query = query.where(Evidence.action_id == lookups.action(session, action_id).id)
            if school:
                query = query.where(Evidence.school_id == lookups.school(session, school).id)
            if not include_archived:
                query = query.where(Evidence.archived.is_(False))
            query = query.order_by(Evidence.date.desc(), Evidence.created_at.desc())
            return with_criteria(session, [_to_record(*row) for row in session.execute(query)])

    def get(self, evidence_id: str) -> EvidenceRecord:
        with self.context.read() as session:
            return self._record(session, lookups.evidence(session, evidence_id))

    def set_criteria(self, evidence_id: str, criteria: Sequence[str]) -> EvidenceRecord:
        """Replace the item's inspection criteria (a retired one may stay where it was)."""
        return self.update(evidence_id, criteria=criteria)

    def read_bytes(self, evidence_id: str) -> tuple[EvidenceRecord, bytes]:
        """The file's bytes, checked against the SHA-256 recorded when it was added."""
        with self.context.read() as session:
            evidence = lookups.evidence(session, evidence_id)
            if evidence.blob_sha256 is None:
                raise ValidationError("evidence", evidence_id, "an evidence item that has a file")
            blob = session.get(Blob, evidence.blob_sha256)
            if blob is None or hashlib.sha256(blob.data).hexdigest() != evidence.blob_sha256:
                raise ValidationError(
                    "evidence",
                    evidence_id,
                    "a file whose bytes match its SHA-256 (this one is damaged: run `check`)",
                )
            return self._record(session, evidence), blob.data

    def extract(self, evidence_id: str, out: Path) -> EvidenceRecord:
        record, data = self.read_bytes(evidence_id)
        write_atomically(out, data)
        return record

    def open_copy(self, evidence_id: str, folder: Path | None = None) -> Path:
        """A copy of the file for the system viewer, in this user's one folder of opened files.

        The path is built from data (the id and the stored name), so it is reduced to
        ``<folder>/<uuid>/<safe base name>`` and checked to stay inside the folder.
        """
        record, data = self.read_bytes(evidence_id)
        root = _private_folder(folder or opened_folder())
        name = safe_file_name(record.file_name or "", "file_name")
        if not _is_uuid(record.id):
            raise ValidationError("evidence", record.id, "an evidence id that is a UUID")
        target = root / record.id / name
        if not target.resolve().is_relative_to(root.resolve()):
            raise ValidationError("file_name", name, f"a file name that stays inside {root}")
        target.parent.mkdir(mode=0o700, exist_ok=True)
        write_atomically(target, data)
        return target

    def update(
        self,
        evidence_id: str,
        *,
        title: str | None = None,
        kind: str | EvidenceKind | None = None,
        note: str | None = None,
        evidence_date: str | date | None = None,
        criteria: Sequence[str] | None = None,
    ) -> EvidenceRecord:
        """Correct an item's title, kind, note, date or inspection criteria (None: leave it),
        as one audited event with before and after.

        The file itself is not changed: a different file is new evidence. A retired criterion
        may stay where it was but not be newly added.
        """
        clean = {
            "title": clean_title(title) if title is not None else None,
            "kind": EvidenceKind.parse(kind).token if kind is not None else None,
            "note": clean_long_text(note, "note") if note is not None else None,
            "date": parse_date(evidence_date, "date", required=True)
            if evidence_date is not None
            else None,
        }
        with self.context.write() as (session, trail):
            evidence = lookups.evidence(session, evidence_id)
            before = criteria_links.evidence_state(session, evidence)
            for name, value in clean.items():
                if value is not None:
                    setattr(evidence, name, value)
            if criteria is not None:
                current = criteria_links.evidence_codes(session, [evidence.id]).get(evidence.id, ())
                codes = criteria_links.checked_codes(session, criteria, already=current)
                if codes != current:
                    criteria_links.set_evidence_codes(session, evidence.id, codes)
            if criteria_links.evidence_state(session, evidence) != before:
                touch(evidence, self.context.actor)
                after = criteria_links.evidence_state(session, evidence)
                trail.add("evidence", evidence.id, Operation.UPDATE, before, after)
            return self._record(session, evidence)

    def _record(self, session: Session, evidence: Evidence) -> EvidenceRecord:
        session.flush()
        row = session.execute(_record_query().where(Evidence.id == evidence.id)).one()
        return with_criteria(session, [_to_record(*row)])[0]


def with_criteria(session: Session, records: list[EvidenceRecord]) -> list[EvidenceRecord]:
    """The records with their inspection criteria (one query per 500 items)."""
    codes = criteria_links.evidence_codes(session, [record.id for record in records])
    return [
        replace(record, criteria=codes[record.id]) if record.id in codes else record
        for record in records
    ]


def opened_folder() -> Path:
    """This user's one folder for evidence opened in a viewer: app-named, in the temp folder."""
    owner = str(os.getuid()) if hasattr(os, "getuid") else safe_file_name(getpass.getuser())
    return Path(tempfile.gettempdir()) / f"{OPENED_PREFIX}{owner}"


def clean_opened_copies(folder: Path | None = None) -> int:
    """Remove the copies earlier runs opened (only ``<uuid>`` folders, which are ours)."""
    root = folder or opened_folder()
    if not root.is_dir() or root.is_symlink():
        return 0
    removed = 0
    for child in root.iterdir():
        if _is_uuid(child.name) and child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
            removed += 1
    return removed


def _private_folder(folder: Path) -> Path:
    """``folder``, made private to this user; refused if it is a link or another user's."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError as error:
        raise ValidationError(
            "folder", str(folder), f"a usable folder ({error.strerror})"
        ) from error
    foreign = hasattr(os, "getuid") and info.st_uid != os.getuid()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or foreign:
        raise ValidationError(
            "folder", str(folder), "a folder of this user's own (this one is a link or not ours)"
        )
    return folder


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _store_blob(session: Session, data: bytes) -> str:
    """Store the bytes once per SHA-256; never deduplicate onto bytes that do not match it."""
    digest = hashlib.sha256(data).hexdigest()
    stored = session.get(Blob, digest)
    if stored is None:
        # On a server the bytes may be there already, out of this login's sight (another
        # school's evidence): added only if absent, never a duplicate-key failure.
        add_blob_if_absent(session, digest, data)
    elif hashlib.sha256(stored.data).hexdigest() != digest:
        # A stored copy was forged or damaged (an old pack, an edited file): the genuine
        # bytes just given replace it, so every evidence item of this hash is whole again.
        stored.data, stored.size = data, len(data)
    session.flush()
    return digest


def _recount(session: Session, action_id: str) -> None:
    count = session.execute(
        select(func.count(Evidence.id)).where(
            Evidence.action_id == action_id, Evidence.archived.is_(False)
        )
    ).scalar_one()
    session.execute(update(Action).where(Action.id == action_id).values(evidence_count=count))


def _carries_criteria(codes: tuple[str, ...]) -> ColumnElement[bool]:
    """As ``queries.carries_criteria``: ``id IN`` the criterion's links, read once by index."""
    criterion_ids = select(InspectionCriterion.id).where(InspectionCriterion.code.in_(codes))
    return Evidence.id.in_(
        select(EvidenceCriterion.evidence_id).where(
            EvidenceCriterion.criterion_id.in_(criterion_ids)
        )
    )


def _record_query() -> Select[Evidence, str, int]:
    return (
        select(Evidence, School.urn, Principle.number)
        .join(School, School.id == Evidence.school_id)
        .join(Principle, Principle.id == Evidence.principle_id)
    )


def _to_record(evidence: Evidence, urn: str, number: int) -> EvidenceRecord:
    return EvidenceRecord(
        id=evidence.id,
        school_id=evidence.school_id,
        urn=urn,
        principle_id=evidence.principle_id,
        number=number,
        action_id=evidence.action_id,
        kind=EvidenceKind.from_token(evidence.kind),
        title=evidence.title,
        note=evidence.note,
        date=evidence.date,
        file_name=evidence.file_name,
        file_size=evidence.file_size,
        sha256=evidence.blob_sha256,
        archived=evidence.archived,
        created_at=evidence.created_at,
        created_by=evidence.created_by,
        version=evidence.version,
    )
