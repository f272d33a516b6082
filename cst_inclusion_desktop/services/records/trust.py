"""The trust and its framework of principles: set-up, wording edits, import and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from cst_inclusion_desktop import paths
from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.framework_file import (
    FrameworkSpec,
    PrincipleSpec,
    dump_framework,
    parse_framework,
)
from cst_inclusion_desktop.domain.records import FrameworkRecord, PrincipleRecord, TrustRecord
from cst_inclusion_desktop.domain.validation import clean_long_text, clean_name, clean_title
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.files import read_text_file, write_atomically
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.rows import touch
from cst_inclusion_desktop.services.safety.audit import AuditTrail, snapshot
from cst_inclusion_desktop.store.models import Action, Evidence, Framework, Principle, Trust

if TYPE_CHECKING:
    from cst_inclusion_desktop.services.exchange.keys.service import KeyService

DEFAULT_FRAMEWORK_FILE = ("framework", "inclusion-in-practice-2025.json")
LOGO_LIMIT_BYTES = 2 * 1024 * 1024


def default_framework() -> FrameworkSpec:
    path = paths.resource(*DEFAULT_FRAMEWORK_FILE)
    return parse_framework(path.read_text(encoding="utf-8"), path.name)


def _keys(context: AppContext) -> KeyService:
    # Imported on use: only framework export and import touch pack keys.
    from cst_inclusion_desktop.services.exchange.keys.service import KeyService

    return KeyService(context)


class TrustService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    # --- the trust -------------------------------------------------------------------------
    def is_initialised(self) -> bool:
        with self.context.read() as session:
            return session.query(Trust.id).first() is not None

    def create(self, name: str, framework: FrameworkSpec | None = None) -> TrustRecord:
        clean = clean_name(name, "trust_name")
        with self.context.write() as (session, trail):
            if session.query(Trust.id).first() is not None:
                raise ValidationError(
                    "database",
                    self.context.database.description,
                    "a new database (this one already holds a trust)",
                )
            trust = Trust(name=clean, created_by=self.context.actor, updated_by=self.context.actor)
            session.add(trust)
            session.flush()
            trail.add("trust", trust.id, Operation.CREATE, None, snapshot(trust))
            self._install_framework(session, trail, framework or default_framework())
            return _trust_record(trust)

    def get(self) -> TrustRecord:
        with self.context.read() as session:
            return _trust_record(lookups.trust(session))

    def rename(self, name: str) -> TrustRecord:
        clean = clean_name(name, "trust_name")
        with self.context.write() as (session, trail):
            trust = lookups.trust(session)
            before = snapshot(trust)
            trust.name = clean
            touch(trust, self.context.actor)
            trail.add("trust", trust.id, Operation.UPDATE, before, snapshot(trust))
            return _trust_record(trust)

    def set_logo(self, image: bytes | None) -> None:
        if image is not None and len(image) > LOGO_LIMIT_BYTES:
            raise ValidationError(
                "logo", f"{len(image):,} bytes", f"an image of at most {LOGO_LIMIT_BYTES:,} bytes"
            )
        if image is not None and not image.startswith((b"\x89PNG", b"\xff\xd8")):
            raise ValidationError("logo", "file", "a PNG or JPEG image")
        with self.context.write() as (session, trail):
            trust = lookups.trust(session)
            before = snapshot(trust)
            trust.logo = image
            touch(trust, self.context.actor)
            after = snapshot(trust) | {"logo_bytes": len(image) if image else 0}
            trail.add("trust", trust.id, Operation.UPDATE, before, after)

    def logo(self) -> bytes | None:
        with self.context.read() as session:
            return lookups.trust(session).logo

    # --- the framework ---------------------------------------------------------------------
    def framework(self) -> FrameworkRecord:
        with self.context.read() as session:
            return _framework_record(session, lookups.active_framework(session))

    def principles(self) -> list[PrincipleRecord]:
        return self.framework().principles

    def update_principle(
        self,
        number: int,
        title: str,
        summary: str,
        *,
        read_version: int | None = None,
        overwrite: bool = False,
    ) -> FrameworkRecord:
        """New wording for one principle; ``read_version``/``overwrite`` as ActionService.update."""
        clean_title_text = clean_title(title)
        clean_summary = clean_long_text(summary, "summary")
        with self.context.write() as (session, trail):
            principle = lookups.principle_by_number(session, number)
            before = snapshot(principle)
            principle.title = clean_title_text
            principle.summary = clean_summary
            if (principle.title, principle.summary) == (before["title"], before["summary"]):
                return _framework_record(session, lookups.active_framework(session))
            touch(principle, self.context.actor, read_version=read_version)
            operation = Operation.OVERWRITE if overwrite else Operation.UPDATE
            trail.add("principle", principle.id, operation, before, snapshot(principle))
            framework = self._bump_version(session, trail)
            return _framework_record(session, framework)

    def export_framework(self, out: Path) -> FrameworkSpec:
        framework = self.framework()
        spec = FrameworkSpec(
            name=framework.name,
            source=framework.source,
            version=framework.version,
            principles=tuple(
                PrincipleSpec(p.number, p.title, p.summary) for p in framework.principles
            ),
            trust_public_key=_keys(self.context).trust_public_text(),  # at the trust only
        )
        write_atomically(out, dump_framework(spec).encode("utf-8"))
        return spec

    def import_framework(self, source: Path) -> FrameworkRecord:
        """Replace the wording from a file, keeping every action's mapping; bump the version."""
        spec = parse_framework(read_text_file(source, "framework file"), source.name)
        keys = _keys(self.context)
        if spec.trust_public_key:  # checked before anything is written
            keys.check_trust_key(spec.trust_public_key, source.name)
        with self.context.write() as (session, trail):
            framework = lookups.active_framework(session)
            existing = {p.number: p for p in lookups.principles(session)}
            wanted = {p.number for p in spec.principles}
            for number, principle in existing.items():
                if number not in wanted and _is_in_use(session, principle.id):
                    raise ValidationError(
                        "principles",
                        f"{len(spec.principles)} principles",
                        f"principle {number} to remain (actions or evidence use it)",
                        where=source.name,
                    )
            for item in spec.principles:
                principle_or_none = existing.get(item.number)
                if principle_or_none is None:
                    added = Principle(
                        framework_id=framework.id,
                        number=item.number,
                        title=item.title,
                        summary=item.summary,
                        created_by=self.context.actor,
                        updated_by=self.context.actor,
                    )
                    session.add(added)
                    session.flush()
                    trail.add("principle", added.id, Operation.CREATE, None, snapshot(added))
                    continue
                principle = principle_or_none
                before = snapshot(principle)
                principle.title, principle.summary = item.title, item.summary
                if (principle.title, principle.summary) != (before["title"], before["summary"]):
                    touch(principle, self.context.actor)
                    trail.add(
                        "principle", principle.id, Operation.UPDATE, before, snapshot(principle)
                    )
            for number, principle in existing.items():
                if number not in wanted:
                    session.delete(principle)
                    trail.add(
                        "principle", principle.id, Operation.ARCHIVE, snapshot(principle), None
                    )
            before = snapshot(framework)
            framework.name = spec.name
            framework.source = spec.source
            framework.version = max(framework.version + 1, spec.version)
            touch(framework, self.context.actor)
            trail.add("framework", framework.id, Operation.IMPORT, before, snapshot(framework))
            if spec.trust_public_key:
                keys.remember_trust_key(session, trail, spec.trust_public_key, source.name)
            session.flush()
            return _framework_record(session, framework)

    def _install_framework(self, session: Session, trail: AuditTrail, spec: FrameworkSpec) -> None:
        actor = self.context.actor
        framework = Framework(
            name=spec.name,
            source=spec.source,
            version=spec.version,
            active=True,
            created_by=actor,
            updated_by=actor,
        )
        session.add(framework)
        session.flush()
        trail.add("framework", framework.id, Operation.CREATE, None, snapshot(framework))
        for item in spec.principles:
            principle = Principle(
                framework_id=framework.id,
                number=item.number,
                title=item.title,
                summary=item.summary,
                created_by=actor,
                updated_by=actor,
            )
            session.add(principle)
            session.flush()
            trail.add("principle", principle.id, Operation.CREATE, None, snapshot(principle))

    def _bump_version(self, session: Session, trail: AuditTrail) -> Framework:
        framework = lookups.active_framework(session)
        before = snapshot(framework)
        framework.version += 1
        touch(framework, self.context.actor)
        trail.add("framework", framework.id, Operation.UPDATE, before, snapshot(framework))
        return framework


def _is_in_use(session: Session, principle_id: str) -> bool:
    return (
        session.query(Action.id).filter(Action.principle_id == principle_id).first() is not None
        or session.query(Evidence.id).filter(Evidence.principle_id == principle_id).first()
        is not None
    )


def _trust_record(trust: Trust) -> TrustRecord:
    return TrustRecord(id=trust.id, name=trust.name, has_logo=trust.logo is not None)


def _framework_record(session: Session, framework: Framework) -> FrameworkRecord:
    return FrameworkRecord(
        id=framework.id,
        name=framework.name,
        version=framework.version,
        source=framework.source,
        principles=[
            PrincipleRecord(
                id=p.id, number=p.number, title=p.title, summary=p.summary, version=p.version
            )
            for p in lookups.principles(session)
        ],
    )
