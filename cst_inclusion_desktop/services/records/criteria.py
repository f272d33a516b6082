"""The inspection criteria list: read, edit, add, retire, import and export (all audited, each
change one step of the toolkit's version)."""

from __future__ import annotations

import builtins
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop import paths
from cst_inclusion_desktop.domain.criteria import (
    FILE_LIMIT_BYTES,
    CriteriaFile,
    Criterion,
    Toolkit,
    clean_code,
    clean_summary,
    dump_criteria_file,
    next_free_code,
    parse_criteria_file,
)
from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.validation import clean_title
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.files import read_input_file, write_atomically
from cst_inclusion_desktop.services.safety.audit import AuditTrail, snapshot
from cst_inclusion_desktop.store.models import CriteriaToolkit, InspectionCriterion, utc_now

DEFAULT_CRITERIA_FILE = ("criteria", "ofsted-inclusion-2025.json")
ENTITY = "criterion"
TOOLKIT_ENTITY = "criteria_toolkit"


def default_criteria() -> CriteriaFile:
    path = paths.resource(*DEFAULT_CRITERIA_FILE)
    return parse_criteria_file(path.read_text(encoding="utf-8"), path.name)


class CriteriaService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    # --- reading ---------------------------------------------------------------------------
    def list(self, include_retired: bool = False) -> builtins.list[Criterion]:
        """The criteria in their order; retired ones only when asked for."""
        with self.context.read() as session:
            return all_criteria(session, include_retired=include_retired)

    def toolkit(self) -> Toolkit:
        with self.context.read() as session:
            return _toolkit(toolkit_row(session))

    def get(self, code: str) -> Criterion:
        with self.context.read() as session:
            return to_criterion(criterion_row(session, code))

    # --- changing --------------------------------------------------------------------------
    def edit(self, code: str, title: str | None = None, summary: str | None = None) -> Criterion:
        """New wording for one criterion; ``None`` leaves that part as it is."""
        new_title = clean_title(title) if title is not None else None
        new_summary = clean_summary(summary) if summary is not None else None
        with self.context.write() as (session, trail):
            row = criterion_row(session, code)
            before = snapshot(row)
            if new_title is not None:
                row.title = new_title
            if new_summary is not None:
                row.summary = new_summary
            if (row.title, row.summary) != (before["title"], before["summary"]):
                row.updated_at = utc_now()
                trail.add(ENTITY, row.id, Operation.UPDATE, before, snapshot(row))
                self._bump_version(session, trail)
            return to_criterion(row)

    def add(self, title: str, summary: str = "", code: str | None = None) -> Criterion:
        """A new criterion at the end of the list; without a code, the next free IC number."""
        clean_title_text = clean_title(title)
        clean_summary_text = clean_summary(summary)
        with self.context.write() as (session, trail):
            rows = _rows(session)
            codes = [row.code for row in rows]
            new_code = clean_code(code, "code") if code else next_free_code(codes)
            if new_code in codes:
                raise ValidationError("code", new_code, "a code not already in the list")
            row = InspectionCriterion(
                code=new_code,
                title=clean_title_text,
                summary=clean_summary_text,
                sort_order=max((r.sort_order for r in rows), default=0) + 1,
                retired=False,
            )
            session.add(row)
            session.flush()
            trail.add(ENTITY, row.id, Operation.CREATE, None, snapshot(row))
            self._bump_version(session, trail)
            return to_criterion(row)

    def retire(self, code: str, retired: bool = True) -> Criterion:
        """Retire a criterion (old records keep it; it cannot be newly added), or bring it back."""
        with self.context.write() as (session, trail):
            row = criterion_row(session, code)
            if row.retired != retired:
                before = snapshot(row)
                row.retired = retired
                row.updated_at = utc_now()
                operation = Operation.ARCHIVE if retired else Operation.RESTORE
                trail.add(ENTITY, row.id, operation, before, snapshot(row))
                self._bump_version(session, trail)
            return to_criterion(row)

    def export_file(self, out: Path) -> CriteriaFile:
        with self.context.read() as session:
            content = CriteriaFile(
                toolkit=_toolkit(toolkit_row(session)),
                criteria=tuple(all_criteria(session, include_retired=True)),
            )
        write_atomically(out, dump_criteria_file(content).encode("utf-8"))
        return content

    def import_file(self, source: Path) -> Toolkit:
        """Take the list from a file: codes in it are added or reworded (and retired as the file
        says); codes missing from it are retired, never removed, so old records keep them."""
        data = read_input_file(source, "criteria file", limit=FILE_LIMIT_BYTES)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError("criteria file", str(source), "a UTF-8 text file") from error
        content = parse_criteria_file(text, source.name)
        with self.context.write() as (session, trail):
            existing = {row.code: row for row in _rows(session)}
            wanted = {item.code for item in content.criteria}
            for item in content.criteria:
                self._take(session, trail, existing.get(item.code), item)
            last = len(content.criteria)
            for code, row in sorted(existing.items(), key=lambda pair: pair[1].sort_order):
                if code in wanted:
                    continue
                last += 1
                before = snapshot(row)
                row.retired, row.sort_order = True, last
                if snapshot(row) != before:
                    row.updated_at = utc_now()
                    trail.add(ENTITY, row.id, Operation.ARCHIVE, before, snapshot(row))
            toolkit = toolkit_row(session)
            before = snapshot(toolkit)
            toolkit.name = content.toolkit.name
            toolkit.published = content.toolkit.published
            toolkit.version = max(toolkit.version + 1, content.toolkit.version)
            toolkit.updated_at = utc_now()
            trail.add(TOOLKIT_ENTITY, str(toolkit.id), Operation.IMPORT, before, snapshot(toolkit))
            session.flush()
            return _toolkit(toolkit)

    def _take(
        self,
        session: Session,
        trail: AuditTrail,
        row: InspectionCriterion | None,
        item: Criterion,
    ) -> None:
        if row is None:
            added = InspectionCriterion(
                code=item.code,
                title=item.title,
                summary=item.summary,
                sort_order=item.sort_order,
                retired=item.retired,
            )
            session.add(added)
            session.flush()
            trail.add(ENTITY, added.id, Operation.CREATE, None, snapshot(added))
            return
        before = snapshot(row)
        row.title, row.summary = item.title, item.summary
        row.sort_order, row.retired = item.sort_order, item.retired
        if snapshot(row) != before:
            row.updated_at = utc_now()
            trail.add(ENTITY, row.id, Operation.UPDATE, before, snapshot(row))

    def _bump_version(self, session: Session, trail: AuditTrail) -> None:
        toolkit = toolkit_row(session)
        before = snapshot(toolkit)
        toolkit.version += 1
        toolkit.updated_at = utc_now()
        trail.add(TOOLKIT_ENTITY, str(toolkit.id), Operation.UPDATE, before, snapshot(toolkit))


# --- shared with the tagging code ------------------------------------------------------------
def all_criteria(session: Session, *, include_retired: bool = True) -> list[Criterion]:
    return [to_criterion(row) for row in _rows(session) if include_retired or not row.retired]


def criterion_row(session: Session, code: str) -> InspectionCriterion:
    clean = clean_code(code, "code")
    found = session.execute(
        select(InspectionCriterion).where(InspectionCriterion.code == clean)
    ).scalar_one_or_none()
    if found is None:
        known = ", ".join(row.code for row in _rows(session))
        raise ValidationError("code", code, f"a criterion code in the list ({known})")
    return found


def toolkit_row(session: Session) -> CriteriaToolkit:
    found = session.get(CriteriaToolkit, 1)
    if found is None:
        raise ValidationError(
            "database", "criteria", "a database with its criteria list (run `cst-inclusion check`)"
        )
    return found


def to_criterion(row: InspectionCriterion) -> Criterion:
    return Criterion(
        code=row.code,
        title=row.title,
        summary=row.summary,
        retired=row.retired,
        sort_order=row.sort_order,
    )


def _rows(session: Session) -> builtins.list[InspectionCriterion]:
    return list(
        session.execute(
            select(InspectionCriterion).order_by(
                InspectionCriterion.sort_order, InspectionCriterion.code
            )
        ).scalars()
    )


def _toolkit(row: CriteriaToolkit) -> Toolkit:
    return Toolkit(name=row.name, published=row.published, version=row.version)
