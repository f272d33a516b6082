"""The spreadsheet's "Inspection criteria" column: codes or titles separated by semicolons.

Read once per import: the criteria list, and the codes the file's schools' actions already carry
(one query), so a re-import of 10,000 rows compares without a query per row. A blank cell means
no criteria; a file without the column leaves every action's criteria as they are. An entry that
names no criterion, or a retired one the action did not already carry, is a row-level problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.criteria import (
    check_codes,
    join_codes,
    resolve_entry,
    split_entries,
)
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.services.exchange.spreadsheets.import_report import CellProblem
from cst_inclusion_desktop.services.exchange.spreadsheets.reading import SheetRow
from cst_inclusion_desktop.services.records.criteria import all_criteria
from cst_inclusion_desktop.services.records.criteria_links import AUDIT_KEY
from cst_inclusion_desktop.store.models import Action, ActionCriterion, InspectionCriterion

KEY = "criteria"
BATCH = 500
MakeProblem = Callable[[SheetRow, str, object, str], CellProblem]


class CriteriaCells:
    """``present``: the file has the column. The codes carried are loaded either way, so every
    audited action state names its criteria."""

    def __init__(self, session: Session, school_ids: Iterable[str], present: bool) -> None:
        self.present = present
        self.criteria = all_criteria(session)
        rows = session.execute(select(InspectionCriterion.code, InspectionCriterion.id))
        self.ids: dict[str, str] = {code: criterion_id for code, criterion_id in rows}
        self.carried: dict[str, tuple[str, ...]] = {}
        self.wanted: dict[str, tuple[str, ...]] = {}  # links to write: action id -> codes
        found: dict[str, list[str]] = {}
        wanted_schools = sorted(set(school_ids))
        for start in range(0, len(wanted_schools), BATCH):
            rows = session.execute(
                select(ActionCriterion.action_id, InspectionCriterion.code)
                .join(InspectionCriterion, InspectionCriterion.id == ActionCriterion.criterion_id)
                .join(Action, Action.id == ActionCriterion.action_id)
                .where(Action.school_id.in_(wanted_schools[start : start + BATCH]))
                .order_by(InspectionCriterion.sort_order, InspectionCriterion.code)
            )
            for action_id, code in rows:
                found.setdefault(action_id, []).append(code)
        self.carried = {action_id: tuple(codes) for action_id, codes in found.items()}

    def codes(self, value: Any, action_id: str | None) -> tuple[str, ...]:
        """The codes a cell names, for the action it updates (or a new one: ``None``)."""
        if value is not None and not isinstance(value, str):
            raise ValidationError(KEY, value, "criterion codes or titles separated by ;")
        entries = [resolve_entry(entry, self.criteria, KEY) for entry in split_entries(value or "")]
        already = self.carried.get(action_id, ()) if action_id else ()
        return check_codes(entries, self.criteria, already=already, field=KEY)

    def planned(
        self,
        cell: Any,
        existing: Action | None,
        problems: list[CellProblem],
        row: SheetRow,
        problem: MakeProblem,
    ) -> tuple[str, ...] | None:
        """A row's new codes, or None when they do not change (or cannot be read: a problem)."""
        if not self.present:
            return None
        try:
            codes = self.codes(cell, existing.id if existing else None)
        except ValidationError as error:
            problems.append(problem(row, KEY, error.value, error.expected))
            return None
        if existing is not None and codes == self.carried.get(existing.id, ()):
            return None
        return codes

    def change(self, action_id: str, codes: tuple[str, ...] | None) -> None:
        if codes is not None:
            self.wanted[action_id] = self.carried[action_id] = codes

    def audit(self, action_id: str) -> dict[str, str]:
        """The criteria part of an action's audited state (as criteria_links writes it)."""
        return {AUDIT_KEY: join_codes(self.carried.get(action_id, ()))}

    def write(self, session: Session) -> None:
        """Replace the links of each action whose criteria the file set, in bulk."""
        ids = list(self.wanted)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            session.execute(delete(ActionCriterion).where(ActionCriterion.action_id.in_(batch)))
        links = [
            {"action_id": action_id, "criterion_id": self.ids[code]}
            for action_id, codes in self.wanted.items()
            for code in codes
        ]
        for start in range(0, len(links), BATCH):
            session.execute(insert(ActionCriterion), links[start : start + BATCH])
