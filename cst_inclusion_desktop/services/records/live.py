"""Live: hearing that someone else changed the record, for the GUI to refresh what it shows.

No Qt here: the GUI watches ``ChangeFeed.fileno()`` (or polls ``changes()`` on a timer when it
is None) and calls ``changes()``; store/changes.py says how each backend hears.
"""

from __future__ import annotations

from cst_inclusion_desktop.domain.records import RecordChange
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.store import changes

# How often to look when the database cannot tell us (SQLite): "within about two seconds".
POLL_SECONDS = 2.0


class ChangeFeed:
    """Changes made by anyone since the last look, from a connection of the feed's own."""

    def __init__(self, listener: changes.ChangeListener) -> None:
        self._listener = listener

    def fileno(self) -> int | None:
        return self._listener.fileno()

    def changes(self) -> list[RecordChange]:
        """What was heard since the last call (DatabaseError when the link is lost)."""
        return self._listener.drain()

    def close(self) -> None:
        self._listener.close()


class LiveService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def open_feed(self) -> ChangeFeed:
        """A new feed; DatabaseError if the server cannot be reached (retry later)."""
        return ChangeFeed(changes.listen(self.context.database))
