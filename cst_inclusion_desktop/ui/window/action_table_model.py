"""The actions table: a QAbstractTableModel over paged queries.

Only the rows on screen are fetched: ``rowCount`` comes from one COUNT query and rows are read
in 100-row pages on demand, with a small cache of recent pages. Pages are read by key (keyset
paging, store/keyset.py): the page after or before a cached one starts from its edge row's sort
key, and a far page is found from whichever end of the list is nearer, so dragging the scroll
bar to the end of 100,000 actions reads one page. Sorting is done by the database.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cst_inclusion_desktop.domain.definitions import rag_text
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort, PageRequest
from cst_inclusion_desktop.domain.records import ActionRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.actions import PAGE_SIZE, KeyedPage
from cst_inclusion_desktop.ui.widgets.form_widgets import uk_date, warning_colour

CACHED_PAGES = 32

COL_SCHOOL = 0
COL_PRINCIPLE = 1
COL_TITLE = 2
COL_OWNER = 3
COL_STATUS = 4
COL_RAG = 5
COL_DUE_DATE = 6
COL_LAST_REVIEW = 7
COL_EVIDENCE = 8

HEADERS = (
    "School",
    "Principle",
    "Title",
    "Owner",
    "Status",
    "RAG",
    "Due date",
    "Last review",
    "Evidence",
)
COLUMN_SORTS = (
    ActionSort.SCHOOL,
    ActionSort.PRINCIPLE,
    ActionSort.TITLE,
    ActionSort.OWNER,
    ActionSort.STATUS,
    ActionSort.RAG,
    ActionSort.DUE_DATE,
    ActionSort.LAST_REVIEW,
    ActionSort.EVIDENCE_COUNT,
)
ACTION_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""Data role returning the row's ActionRecord."""

# Fixed badge colours, chosen for contrast with their text in both light and dark palettes.
RAG_COLOURS: dict[Rag, tuple[str, str]] = {
    Rag.RED: ("#c62828", "#ffffff"),
    Rag.AMBER: ("#f9a825", "#000000"),
    Rag.GREEN: ("#2e7d32", "#ffffff"),
}

RAG_ROLES = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)


def rag_brush(rag: Rag | None, role: int) -> QBrush | None:
    """A RAG's badge colours; none for "not yet rated", which reads as plain text."""
    if rag is None:
        return None
    background, text = RAG_COLOURS[rag]
    return QBrush(QColor(background if role == Qt.ItemDataRole.BackgroundRole else text))


ServicesProvider = Callable[[], Services | None]


class ActionTableModel(QAbstractTableModel):
    def __init__(self, services: ServicesProvider, parent: Any = None) -> None:
        super().__init__(parent)
        self._services = services
        self._filter = ActionFilter()
        self._total = 0
        self._pages: OrderedDict[int, KeyedPage] = OrderedDict()

    # --- what is shown ----------------------------------------------------------------------
    def action_filter(self) -> ActionFilter:
        return self._filter

    def set_filter(self, action_filter: ActionFilter) -> None:
        """Show another selection of actions (keeps the current sort unless it is changed)."""
        self._filter = action_filter
        self.refresh()

    def refresh(self) -> None:
        """Re-count and forget cached pages, after any change to the data or the filter."""
        self.beginResetModel()
        self._pages.clear()
        services = self._services()
        self._total = services.actions.count(self._filter) if services is not None else 0
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def record(self, row: int) -> ActionRecord | None:
        if not 0 <= row < self._total:
            return None
        page = self._page(row // PAGE_SIZE).records
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def row_of(self, action_id: str) -> int:
        """The row of an action among the cached pages, or -1 (never loads more pages)."""
        for number, page in self._pages.items():
            for offset, record in enumerate(page.records):
                if record.id == action_id:
                    return number * PAGE_SIZE + offset
        return -1

    def _page(self, number: int) -> KeyedPage:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        services = self._services()
        page = (
            services.actions.page(self._filter, self._request(number))
            if services is not None
            else KeyedPage([], [])
        )
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def _request(self, number: int) -> PageRequest:
        """Read page ``number`` from a neighbour's key, else from the nearer end of the list."""
        start = number * PAGE_SIZE
        size = max(0, min(PAGE_SIZE, self._total - start))
        previous = self._pages.get(number - 1)
        if previous is not None and len(previous.keys) == PAGE_SIZE:
            return PageRequest(after=previous.keys[-1], limit=size)
        following = self._pages.get(number + 1)
        if following is not None and following.keys:
            return PageRequest(before=following.keys[0], limit=size)
        from_end = self._total - (start + size)
        if from_end < start:
            return PageRequest(offset=from_end, from_end=True, limit=size)
        return PageRequest(offset=start, limit=size)

    # --- Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {HEADERS[section].lower()}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.column() >= len(HEADERS):
            return None
        record = self.record(index.row())
        if record is None:
            return None
        column = index.column()
        if role == ACTION_ROLE:
            return record
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(record, column)
        if column == COL_RAG and role in RAG_ROLES:
            return rag_brush(record.rag, role)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DUE_DATE and record.overdue:
            return QBrush(QColor(warning_colour()))
        if role == Qt.ItemDataRole.FontRole and column == COL_DUE_DATE and record.overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_EVIDENCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _display(record, column)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMN_SORTS):
            return
        self._filter = self._filter.with_changes(
            sort=COLUMN_SORTS[column], descending=order == Qt.SortOrder.DescendingOrder
        )
        self.refresh()


def _display(record: ActionRecord, column: int) -> str:
    if column == COL_SCHOOL:
        return record.school_name
    if column == COL_PRINCIPLE:
        return f"{record.number}. {record.principle_title}"
    if column == COL_TITLE:  # an archived action shows only with "Show archived": say so
        return f"{record.title} (archived)" if record.archived else record.title
    if column == COL_OWNER:
        return record.owner
    if column == COL_STATUS:
        return record.status.label
    if column == COL_RAG:
        return rag_text(record.rag)
    if column == COL_DUE_DATE:
        # Words as well as colour, so the warning survives colour blindness and printing.
        text = uk_date(record.due_date)
        return f"{text} (overdue)" if record.overdue else text
    if column == COL_LAST_REVIEW:
        return uk_date(record.last_review_date)
    return str(record.evidence_count)


def _tooltip(record: ActionRecord, column: int) -> str:
    if column == COL_RAG and record.rag_overridden:
        return f"{rag_text(record.rag)} (set by hand; does not follow reviews)"
    if column == COL_PRINCIPLE:
        return record.principle_title
    if column == COL_SCHOOL:
        return f"{record.school_name} (URN {record.urn})"
    return _display(record, column)
