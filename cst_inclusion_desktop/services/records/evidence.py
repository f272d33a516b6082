"""Evidence: files and notes that show an action or a principle is being met.

File bytes live in the database (one copy per distinct SHA-256), so one file holds everything.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import EvidenceKind, Operation
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import EvidenceRecord
from cst_inclusion_desktop.domain.validation import clean_long_text, clean_title, parse_date
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.files import read_input_file, write_atomically
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.rows import touch
from cst_inclusion_desktop.services.safety.audit import snapshot
from cst_inclusion_desktop.store.models import Action, Blob, Evidence, Principle, School

FILE_NAME_MAX = 255


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
    ) -> EvidenceRecord:
        """Record evidence against an action, or against a school and principle."""
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
            file_name = _clean_file_name(file.name)
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
            trail.add("evidence", evidence.id, Operation.CREATE, None, snapshot(evidence))
            if action is not None:
                _recount(session, action.id)
            return self._record(session, evidence)

    def archive(self, evidence_id: str, archived: bool = True) -> EvidenceRecord:
        with self.context.write() as (session, trail):
            evidence = lookups.evidence(session, evidence_id)
            before = snapshot(evidence)
            evidence.archived = archived
            if snapshot(evidence) != before:
                touch(evidence, self.context.actor)
                operation = Operation.ARCHIVE if archived else Operation.RESTORE
                trail.add("evidence", evidence.id, operation, before, snapshot(evidence))
                if evidence.action_id:
                    _recount(session, evidence.action_id)
            return self._record(session, evidence)

    def list(
        self,
        action_id: str | None = None,
        *,
        school: str | None = None,
        include_archived: bool = False,
    ) -> list[EvidenceRecord]:
        with self.context.read() as session:
            query = _record_query()
            if action_id:
                query = query.where(Evidence.action_id == lookups.action(session, action_id).id)
            if school:
                query = query.where(Evidence.school_id == lookups.school(session, school).id)
            if not include_archived:
                query = query.where(Evidence.archived.is_(False))
            query = query.order_by(Evidence.date.desc(), Evidence.created_at.desc())
            return [_to_record(*row) for row in session.execute(query)]

    def get(self, evidence_id: str) -> EvidenceRecord:
        with self.context.read() as session:
            return self._record(session, lookups.evidence(session, evidence_id))

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

    def _record(self, session: Session, evidence: Evidence) -> EvidenceRecord:
        session.flush()
        row = session.execute(_record_query().where(Evidence.id == evidence.id)).one()
        return _to_record(*row)


def _clean_file_name(name: str) -> str:
    # Keep the name the user saw, but never a path: strip folders of either OS.
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    # Control characters (a newline, a tab, BEL) would break reports and exports: show "_".
    base = "".join("_" if ord(char) < 32 or char == "\x7f" else char for char in base)
    if not base or base in {".", ".."}:
        raise ValidationError("file", name, "a file with a name")
    if len(base) > FILE_NAME_MAX:
        raise ValidationError("file", name, f"a file name of at most {FILE_NAME_MAX} characters")
    return base


def _store_blob(session: Session, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if session.get(Blob, digest) is None:
        session.add(Blob(sha256=digest, size=len(data), data=data))
        session.flush()
    return digest


def _recount(session: Session, action_id: str) -> None:
    count = session.execute(
        select(func.count(Evidence.id)).where(
            Evidence.action_id == action_id, Evidence.archived.is_(False)
        )
    ).scalar_one()
    session.execute(update(Action).where(Action.id == action_id).values(evidence_count=count))


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
    )


OPENED_PREFIX = "cst-inclusion-opened-"


def clean_opened_copies(folder: Path | None = None) -> int:  # test shim only
    return 0
