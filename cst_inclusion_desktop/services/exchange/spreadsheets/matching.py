"""The existing actions a spreadsheet's rows may match, loaded as little as possible.

A row matches by its ``ID`` column, else by school + principle + title. Loading every action of
the sheet's schools as an ORM object to build that second lookup took about half of a 10,000-row
import on the reference trust (100,000 actions; docs/benchmark.md), so only
``(id, school_id, principle_id, title)`` tuples are read for it, and whole actions only for the
rows that match.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.services.exchange.spreadsheets.import_rows import chunks
from cst_inclusion_desktop.store.models import Action

Key = tuple[str, str, str]  # (school_id, principle_id, title)


class ExistingActions:
    def __init__(self, session: Session, ids: Iterable[str], school_ids: Iterable[str]) -> None:
        self._session = session
        self._loaded: dict[str, Action] = {}  # strong references: the identity map is weak
        self._load(ids)
        self._ids_by_key: dict[Key, str] = {}
        for chunk in chunks(sorted(set(school_ids))):
            query = (
                select(Action.id, Action.school_id, Action.principle_id, Action.title)
                .where(Action.school_id.in_(chunk))
                .order_by(Action.created_at)
            )
            for action_id, school_id, principle_id, title in session.execute(query):
                # The oldest action wins when two share a title (as before).
                self._ids_by_key.setdefault((school_id, principle_id, title), action_id)

    def by_id(self, action_id: str) -> Action | None:
        """An action named in the sheet's ID column (all of them were loaded at the start)."""
        return self._loaded.get(action_id)

    def by_key(self, key: Key) -> Action | None:
        action_id = self._ids_by_key.get(key)
        if action_id is None:
            return None
        if action_id not in self._loaded:
            self._load([action_id])
        return self._loaded.get(action_id)

    def prefetch(self, keys: Iterable[Key]) -> None:
        """Load the actions these keys match in a few queries rather than one each."""
        wanted = {self._ids_by_key.get(key) for key in keys} - {None} - set(self._loaded)
        self._load(wanted)  # type: ignore[arg-type]

    def _load(self, ids: Iterable[str]) -> None:
        for chunk in chunks(sorted(set(ids))):
            query = select(Action).where(Action.id.in_(chunk))
            for action in self._session.execute(query).scalars():
                self._loaded[action.id] = action
