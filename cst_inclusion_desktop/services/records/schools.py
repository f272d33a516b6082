"""Schools: add, edit, archive, list."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import Operation, Phase
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import SchoolRecord
from cst_inclusion_desktop.domain.validation import clean_name, clean_urn
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.rows import touch
from cst_inclusion_desktop.services.safety.audit import snapshot
from cst_inclusion_desktop.store.models import School


class SchoolService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def add(
        self, name: str, urn: str, phase: str | Phase = Phase.OTHER, senco: str = ""
    ) -> SchoolRecord:
        clean = _clean_fields(name, urn, phase, senco)
        with self.context.write() as (session, trail):
            _check_urn_free(session, clean["urn"])
            actor = self.context.actor
            school = School(**clean, created_by=actor, updated_by=actor)
            session.add(school)
            session.flush()
            trail.add("school", school.id, Operation.CREATE, None, snapshot(school))
            return school_record(school)

    def update(
        self,
        key: str,
        *,
        name: str | None = None,
        urn: str | None = None,
        phase: str | Phase | None = None,
        senco: str | None = None,
        read_version: int | None = None,
        overwrite: bool = False,
    ) -> SchoolRecord:
        """Change the given fields; ``read_version``/``overwrite`` as ActionService.update."""
        with self.context.write() as (session, trail):
            school = lookups.school(session, key)
            clean = _clean_fields(
                school.name if name is None else name,
                school.urn if urn is None else urn,
                school.phase if phase is None else phase,
                school.senco if senco is None else senco,
            )
            if clean["urn"] != school.urn:
                _check_urn_free(session, clean["urn"])
            before = snapshot(school)
            for field, value in clean.items():
                setattr(school, field, value)
            if snapshot(school) != before:
                touch(school, self.context.actor, read_version=read_version)
            operation = Operation.OVERWRITE if overwrite else Operation.UPDATE
            trail.add("school", school.id, operation, before, snapshot(school))
            return school_record(school)

    def archive(
        self, key: str, archived: bool = True, *, read_version: int | None = None
    ) -> SchoolRecord:
        with self.context.write() as (session, trail):
            school = lookups.school(session, key)
            before = snapshot(school)
            school.archived = archived
            if snapshot(school) != before:
                touch(school, self.context.actor, read_version=read_version)
            operation = Operation.ARCHIVE if archived else Operation.RESTORE
            trail.add("school", school.id, operation, before, snapshot(school))
            return school_record(school)

    def get(self, key: str) -> SchoolRecord:
        with self.context.read() as session:
            return school_record(lookups.school(session, key))

    def list(self, include_archived: bool = False) -> list[SchoolRecord]:
        with self.context.read() as session:
            query = select(School).order_by(School.name, School.urn)
            if not include_archived:
                query = query.where(School.archived.is_(False))
            return [school_record(row) for row in session.execute(query).scalars()]


def _clean_fields(name: str, urn: str, phase: str | Phase, senco: str) -> dict[str, str]:
    return {
        "name": clean_name(name, "name"),
        "urn": clean_urn(urn),
        "phase": Phase.parse(phase or Phase.OTHER).token,
        "senco": clean_name(senco, "senco", required=False),
    }


def _check_urn_free(session: Session, urn: str) -> None:
    if session.execute(select(School.id).where(School.urn == urn)).first() is not None:
        raise ValidationError("urn", urn, "a URN not already used by another school")


def school_record(school: School) -> SchoolRecord:
    return SchoolRecord(
        id=school.id,
        urn=school.urn,
        name=school.name,
        phase=Phase.parse(school.phase),
        senco=school.senco,
        archived=school.archived,
        version=school.version,
    )
