"""Importing actions from a spreadsheet: every row checked, then all of them or none.

Each row goes through the same ``validate_action`` as the editor, plus a check that its school
exists. Any problem anywhere means nothing is written, and the report lists every problem as
``row N, column C: value 'V' — expected …``. A row matches an existing action by its ``ID``
column when present, else by school + principle + title, so importing the same file twice adds
nothing; a matched row updates only the fields that differ. Lookups are loaded once and rows are
written in bulk, so 10,000 rows take seconds, not minutes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.action_rules import ActionDraft, ValidAction, validate_action
from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError, ValidationErrors
from cst_inclusion_desktop.domain.spreadsheet_columns import (
    COLUMN_BY_KEY,
    HeaderMatch,
    accepted_names,
    column_for,
    column_letter,
    match_headers,
    restore,
)
from cst_inclusion_desktop.domain.validation import clean_title, clean_urn
from cst_inclusion_desktop.services.context import AppContext, CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.exchange.spreadsheets import import_rows
from cst_inclusion_desktop.services.exchange.spreadsheets.criteria_cells import CriteriaCells
from cst_inclusion_desktop.services.exchange.spreadsheets.import_report import (
    CellProblem,
    ImportReport,
    RowOutcome,
    Understood,
)
from cst_inclusion_desktop.services.exchange.spreadsheets.matching import ExistingActions, Key
from cst_inclusion_desktop.services.exchange.spreadsheets.reading import Sheet, SheetRow, read_sheet
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.rows import touch
from cst_inclusion_desktop.services.safety.audit import AuditTrail, snapshot
from cst_inclusion_desktop.store.models import Action, School, new_id, utc_now

_FIELD_TO_COLUMN = {"school": "urn"}
_KEEP_WHEN_BLANK = ("status", "rag")  # a blank cell keeps the current (or default) value


@dataclass
class _Planned:
    row: SheetRow
    valid: ValidAction
    school_id: str
    principle_id: str
    existing: Action | None
    new_id: str | None
    changes: dict[str, Any]
    criteria: tuple[str, ...] | None = None  # None: no change (or no criteria column)


class SpreadsheetImporter:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def import_actions(
        self,
        path: Path,
        *,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ImportReport:
        """Check every row; unless ``dry_run`` or a problem was found, write them all at once."""
        sheet = read_sheet(path)
        match = match_headers(list(sheet.header))
        if dry_run:
            with self.context.read() as session:
                plan = _Plan(session, sheet, match, self.context.today(), progress, cancelled)
                return plan.report(path, dry_run=True, applied=False)
        with self.context.write() as (session, trail):
            plan = _Plan(session, sheet, match, self.context.today(), progress, cancelled)
            if plan.problems:
                return plan.report(path, dry_run=False, applied=False)
            plan.apply(session, trail, self.context.actor)
            return plan.report(path, dry_run=False, applied=True)


class _Plan:
    """Every row checked against lookups loaded once; what would be created or updated."""

    def __init__(
        self,
        session: Session,
        sheet: Sheet,
        match: HeaderMatch,
        today: date,
        progress: ProgressCallback | None,
        cancelled: CancelCheck | None,
    ) -> None:
        self.sheet, self.match, self.today = sheet, match, today
        self.progress = progress or (lambda done, total, message: None)
        self.cancelled = cancelled or (lambda: False)
        self.problems: list[CellProblem] = []
        self.warnings = [
            f"column {column_letter(index)} '{text}' is not a column the importer knows; ignored"
            for index, text in match.unknown
        ]
        self.planned: list[_Planned] = []
        self.outcomes: list[RowOutcome] = []
        self._header_problems()
        if self.problems:
            return
        self.numbers = {p.number: p.id for p in lookups.principles(session)}
        self.schools = dict(session.execute(select(School.urn, School.id)).all())
        self.school_names = dict(session.execute(select(School.id, School.name)).all())
        self._load_existing(session)
        seen: dict[object, int] = {}
        total = len(sheet.rows)
        for done, row in enumerate(sheet.rows):
            if done % import_rows.CHUNK == 0:
                self._tick(done, total, "Checking rows")
            self._plan_row(row, seen)
        self.progress(total, total, "Checked every row")

    # --- checking ---------------------------------------------------------------------------
    def _header_problems(self) -> None:
        for column in self.match.missing:
            self.problems.append(
                CellProblem(
                    self.sheet.header_row,
                    column.header,
                    "",
                    f"a column headed {column.header} (or one of: {accepted_names(column)})",
                )
            )
        for _position, text in self.match.duplicates:
            duplicate = column_for(text)
            assert duplicate is not None  # a duplicate is a known column seen twice
            first = column_letter(self.match.positions[duplicate.key])
            self.problems.append(
                CellProblem(
                    self.sheet.header_row,
                    text,
                    text,
                    f"each column once (column {first} is the same)",
                )
            )

    def _load_existing(self, session: Session) -> None:
        id_position = self.match.positions.get("id")
        ids = {
            str(row.cells[id_position]).strip()
            for row in self.sheet.rows
            if id_position is not None and import_rows.cell(row, id_position)
        }
        urns = {
            str(import_rows.cell(row, self.match.positions["urn"]) or "").strip()
            for row in self.sheet.rows
        }
        school_ids = [self.schools[urn] for urn in urns if urn in self.schools]
        self.existing = ExistingActions(session, ids, school_ids)
        self.criteria = CriteriaCells(session, school_ids, "criteria" in self.match.positions)
        self.existing.prefetch(self._likely_keys())

    def _likely_keys(self) -> Iterator[Key]:
        """Each row's (school, principle, title) as far as it can be read without the full check:
        only to load the matched actions together (a key missed here is loaded when matched)."""
        positions = self.match.positions
        for row in self.sheet.rows:
            try:
                urn = clean_urn(import_rows.cell(row, positions["urn"]))
                number = int(str(import_rows.cell(row, positions["principle"])).strip())
                title = clean_title(restore(str(import_rows.cell(row, positions["title"]) or "")))
            except (ValidationError, ValueError):
                continue
            if urn in self.schools and number in self.numbers:
                yield self.schools[urn], self.numbers[number], title

    def _plan_row(self, row: SheetRow, seen: dict[object, int]) -> None:
        problems: list[CellProblem] = []
        values = self._cells(row, problems)
        criteria_cell = values.pop("criteria", None)
        urn_text = str(values.get("urn") or "").strip()
        title_text = str(values.get("title") or "").strip()
        existing, wanted_id = self._match(row, values, problems)
        draft_values = import_rows.draft_values(existing) if existing is not None else {}
        for name, value in values.items():
            if name in ("urn", "id") or (name in _KEEP_WHEN_BLANK and not value):
                continue
            draft_values[name] = import_rows.known_choice(name, value)
        draft_values["school"] = urn_text
        draft_values.setdefault("title", "")
        draft_values.setdefault("principle", "")
        valid: ValidAction | None = None
        reported = {problem.column for problem in problems}  # formula cells: said once
        try:
            valid = validate_action(ActionDraft(**draft_values), list(self.numbers), self.today)
        except ValidationErrors as errors:
            for error in errors.problems:
                problem = self._cell_problem(row, error)
                # The URN gets its own, more precise check below.
                if error.field != "school" and problem.column not in reported:
                    problems.append(problem)
        school_id = None
        if self._header("urn") not in reported:
            school_id = self._school_id(row, urn_text, problems)
        if valid is not None and school_id is not None:
            principle_id = self.numbers[valid.principle_number]
            if existing is None:  # no ID, or one from another database: match by content
                existing = self.existing.by_key((school_id, principle_id, valid.title))
            key: object = (
                existing.id if existing else (wanted_id or (school_id, principle_id, valid.title))
            )
            if key in seen:
                column = "id" if wanted_id else "title"
                problems.append(
                    self._problem(
                        row,
                        column,
                        values.get(column),
                        f"a row not already given as row {seen[key]} (the same action twice)",
                    )
                )
            seen[key] = row.number
        codes = self.criteria.planned(criteria_cell, existing, problems, row, self._problem)
        if problems or valid is None or school_id is None:
            problems.sort(key=self._problem_order)
            self.problems.extend(problems)
            self.outcomes.append(
                RowOutcome(
                    row.number,
                    "invalid",
                    urn_text,
                    title_text,
                    problems=tuple(p.message for p in problems),
                )
            )
            return
        planned = _Planned(row, valid, school_id, principle_id, existing, wanted_id, {}, codes)
        if existing is not None:
            planned.changes = import_rows.changes(existing, valid, school_id, principle_id)
        self.planned.append(planned)
        changed = (*planned.changes, *(["criteria"] if existing and codes is not None else []))
        outcome = "create" if existing is None else ("update" if changed else "unchanged")
        self.outcomes.append(
            RowOutcome(
                row.number,
                outcome,
                urn_text,
                valid.title,
                changed,
                understood=Understood(
                    school_name=self.school_names.get(school_id, ""),
                    principle_number=valid.principle_number,
                    status=valid.status,
                    start_date=valid.start_date,
                    due_date=valid.due_date,
                ),
            )
        )

    def _cells(self, row: SheetRow, problems: list[CellProblem]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, position in self.match.positions.items():
            value = import_rows.cell(row, position)
            if position in row.formulas:
                problems.append(
                    self._problem(
                        row,
                        key,
                        value,
                        "a value, not a formula (type it as text, or paste the value)",
                    )
                )
                continue
            values[key] = restore(value) if isinstance(value, str) else value
        return values

    def _match(
        self, row: SheetRow, values: dict[str, Any], problems: list[CellProblem]
    ) -> tuple[Action | None, str | None]:
        id_text = str(values.get("id") or "").strip()
        if not id_text:
            return None, None
        try:
            wanted = str(uuid.UUID(id_text))
        except ValueError:
            problems.append(
                self._problem(
                    row,
                    "id",
                    id_text,
                    "an action id (a UUID such as "
                    "3f2b8c1e-5d4a-4b6f-9e7d-1a2b3c4d5e6f) or an empty cell",
                )
            )
            return None, None
        return self.existing.by_id(wanted), wanted

    def _school_id(self, row: SheetRow, urn_text: str, problems: list[CellProblem]) -> str | None:
        try:
            urn = clean_urn(urn_text)
        except ValidationError as error:
            problems.append(self._problem(row, "urn", urn_text, error.expected))
            return None
        school_id = self.schools.get(urn)
        if school_id is None:
            problems.append(self._problem(row, "urn", urn, "the URN of a school in this database"))
        return school_id

    def _cell_problem(self, row: SheetRow, error: ValidationError) -> CellProblem:
        key = _FIELD_TO_COLUMN.get(error.field, error.field)
        return self._problem(row, key, error.value, error.expected)

    def _problem(self, row: SheetRow, key: str, value: object, expected: str) -> CellProblem:
        return CellProblem(row.number, self._header(key), value, expected)

    def _header(self, key: str) -> str:
        column = COLUMN_BY_KEY.get(key)
        return self.match.headers.get(key) or (column.header if column else key)

    def _tick(self, done: int, total: int, message: str) -> None:
        if self.cancelled():
            raise CancelledError("Import cancelled. Nothing was imported.")
        self.progress(done, total, f"{message}: {done:,} of {total:,}")

    # --- writing ----------------------------------------------------------------------------
    def apply(self, session: Session, trail: AuditTrail, actor: str) -> None:
        now = utc_now()
        creates: list[dict[str, Any]] = []
        total = len(self.planned)
        for done, item in enumerate(self.planned):
            if done % import_rows.CHUNK == 0:
                self._tick(done, total, "Importing")
            if item.existing is None:
                creates.append(
                    import_rows.new_row(
                        item.valid,
                        item.new_id or new_id(),
                        item.school_id,
                        item.principle_id,
                        actor,
                        now,
                    )
                )
                self.criteria.change(creates[-1]["id"], item.criteria)
            elif item.changes or item.criteria is not None:
                action = item.existing
                before = snapshot(action) | self.criteria.audit(action.id)
                for name, value in item.changes.items():
                    setattr(action, name, value)
                if "rag" in item.changes:  # a RAG typed in outranks reviews; blank never gets here
                    action.rag_overridden = action.rag is not None
                touch(action, actor)
                self.criteria.change(action.id, item.criteria)
                after = snapshot(action) | self.criteria.audit(action.id)
                trail.add("action", action.id, Operation.UPDATE, before, after)
        session.flush()
        for chunk in import_rows.chunks(creates):
            session.execute(insert(cast(Table, Action.__table__)), chunk)  # Core: no ORM work
        for values in creates:
            after = import_rows.audit_values(values) | self.criteria.audit(values["id"])
            trail.add("action", values["id"], Operation.CREATE, None, after)
        self.criteria.write(session)
        self.progress(total, total, "Saving")

    def _problem_order(self, problem: CellProblem) -> tuple[int, int]:
        position = {self._header(key): index for key, index in self.match.positions.items()}
        return problem.row, position.get(problem.column, -1)

    def report(self, path: Path, *, dry_run: bool, applied: bool) -> ImportReport:
        counts = {"create": 0, "update": 0, "unchanged": 0}
        for outcome in self.outcomes:
            if outcome.outcome in counts:
                counts[outcome.outcome] += 1
        return ImportReport(
            file=path.name,
            encoding=self.sheet.encoding,
            dry_run=dry_run,
            applied=applied and not self.problems,
            rows=len(self.sheet.rows),
            created=counts["create"],
            updated=counts["update"],
            unchanged=counts["unchanged"],
            problems=sorted(self.problems, key=self._problem_order),
            warnings=self.warnings,
            outcomes=self.outcomes,
        )
