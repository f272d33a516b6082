"""The selected action in full: description, evidence and review history.

Files dropped anywhere on the pane (the evidence list included) become evidence of the action,
through the same ``services.evidence.add`` call as the Add evidence dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.definitions import rag_text
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import ActionRecord, EvidenceRecord, ReviewRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.date_field import due_text
from cst_inclusion_desktop.ui.widgets.errors import show_error
from cst_inclusion_desktop.ui.widgets.file_dialogs import save_file_name
from cst_inclusion_desktop.ui.widgets.form_widgets import named, uk_date
from cst_inclusion_desktop.ui.widgets.wrapping_label import WrappingLabel


def _tree(name: str, accessible: str, headers: list[str]) -> QTreeWidget:
    tree = named(QTreeWidget(), name, accessible)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    return tree


def _button(text: str, name: str, tip: str) -> QPushButton:
    return named(QPushButton(text), name, text.replace("&", "").rstrip("…"), tip)


class DetailPane(QWidget):
    """Emits ``changed`` after it has written anything, so the window can refresh counts."""

    changed = Signal()

    def __init__(self, services: Callable[[], Services], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Action details")
        self.setAcceptDrops(True)
        self._services = services
        self.action: ActionRecord | None = None
        self._read_only = False
        self._show_archived = False
        self.heading = named(WrappingLabel(), "actionHeading", "Selected action")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.description = named(QTextBrowser(), "descriptionView", "Description")
        self.evidence_list = _tree("evidenceList", "Evidence", ["Title", "Kind", "Date", "File"])
        self.evidence_list.setToolTip("Evidence for this action; drop files here to add them")
        self.add_evidence_button = _button("&Add evidence…", "addEvidenceButton", "Add evidence")
        self.open_button = _button("&Open", "openEvidenceButton", "Open the file in its viewer")
        self.save_copy_button = _button("Save &copy…", "saveEvidenceButton", "Save a copy")
        self.archive_button = _button("Arch&ive", "archiveEvidenceButton", "Archive the evidence")
        self.review_list = _tree(
            "reviewList", "Review history", ["Date", "RAG", "Progress note", "Next review", "By"]
        )
        self.add_review_button = _button("Add revie&w…", "addReviewButton", "Add a review")
        self.correct_evidence_button = _button(
            "Correct…",
            "correctEvidenceButton",
            "Correct the evidence's title, kind, note, date or criteria",
        )
        self.correct_review_button = _button(
            "Correct…", "correctReviewButton", "Correct the review's date, RAG or note (Enter)"
        )
        self.restore_action_button = _button(
            "Restore action", "restoreActionButton", "Bring this archived action back"
        )
        # Two rows of buttons: five in one row made the window wider than a 1366×768 screen at
        # 150% (856 logical pixels) allows.
        evidence_buttons = QGridLayout()
        for place, button in enumerate(
            (
                self.add_evidence_button,
                self.open_button,
                self.save_copy_button,
                self.correct_evidence_button,
                self.archive_button,
            )
        ):
            evidence_buttons.addWidget(button, place // 3, place % 3)
        evidence_buttons.setColumnStretch(3, 1)
        evidence_box = QGroupBox("Evidence (drop files here)")
        evidence_layout = QVBoxLayout(evidence_box)
        evidence_layout.addWidget(self.evidence_list)
        evidence_layout.addLayout(evidence_buttons)
        review_box = QGroupBox("Review history")
        review_layout = QVBoxLayout(review_box)
        review_layout.addWidget(self.review_list)
        review_buttons = QHBoxLayout()
        review_buttons.addWidget(self.add_review_button)
        review_buttons.addWidget(self.correct_review_button)
        review_buttons.addStretch(1)
        review_layout.addLayout(review_buttons)
        summary = QVBoxLayout()
        summary.addWidget(self.heading)
        summary.addWidget(self.restore_action_button, 0, Qt.AlignmentFlag.AlignLeft)
        summary.addWidget(self.description, 1)
        # Three columns side by side: the pane sits under the table, where width is plentiful
        # and height (on a 768-pixel laptop screen) is not.
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(summary, 3)
        layout.addWidget(evidence_box, 3)
        layout.addWidget(review_box, 3)
        self.add_evidence_button.clicked.connect(self.add_evidence)
        self.open_button.clicked.connect(self.open_evidence)
        self.save_copy_button.clicked.connect(self.save_evidence_copy)
        self.archive_button.clicked.connect(self.archive_evidence)
        self.add_review_button.clicked.connect(self.add_review)
        self.correct_evidence_button.clicked.connect(self.correct_evidence)
        self.correct_review_button.clicked.connect(self.correct_review)
        self.restore_action_button.clicked.connect(self.restore_action)
        self.review_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.review_list.itemActivated.connect(lambda *_: self.correct_review())
        self.evidence_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.evidence_list.itemActivated.connect(lambda *_: self.open_evidence())
        self.set_action(None)

    # --- showing ----------------------------------------------------------------------------
    def set_action(self, action: ActionRecord | None) -> None:
        self.action = action
        self.evidence_list.clear()
        self.review_list.clear()
        if action is None:
            self.heading.setText("Select an action to see its evidence and reviews.")
            self.description.clear()
            self._update_buttons()
            return
        self.heading.setText(
            f"{action.title}\n{action.school_name} · principle {action.number}. "
            f"{action.principle_title} · {action.status.label} · {rag_text(action.rag)} · "
            + due_text(action.due_date)
            + (" (overdue)" if action.overdue else "")
            + (" · archived" if action.archived else "")
            + (f"\nInspection criteria: {', '.join(action.criteria)}" if action.criteria else "")
        )
        self.description.setPlainText(action.description or "(no description)")
        services = self._services()
        for evidence in services.evidence.list(
            action_id=action.id, include_archived=self._show_archived
        ):
            self.evidence_list.addTopLevelItem(_evidence_item(evidence))
        for review in services.reviews.list(action.id):
            item = QTreeWidgetItem(
                [
                    uk_date(review.date),
                    review.rag.label,
                    review.note.replace("\n", " "),
                    uk_date(review.next_review_date),
                    review.reviewer,
                ]
            )
            item.setToolTip(2, review.note)
            item.setData(0, Qt.ItemDataRole.UserRole, review)
            self.review_list.addTopLevelItem(item)
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setAcceptDrops(not read_only)
        self._update_buttons()

    def show_archived(self, shown: bool) -> None:
        """List archived evidence too (marked), so it can be restored."""
        self._show_archived = shown
        if self.action is not None:
            self.set_action(self.action)

    def selected_review(self) -> ReviewRecord | None:
        item = self.review_list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def selected_evidence(self) -> EvidenceRecord | None:
        item = self.evidence_list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        has_action = self.action is not None
        evidence = self.selected_evidence()
        writable = has_action and not self._read_only
        self.add_evidence_button.setEnabled(writable)
        self.add_review_button.setEnabled(writable)
        self.archive_button.setEnabled(evidence is not None and not self._read_only)
        restoring = evidence is not None and evidence.archived
        # "Restore" keeps Alt+I without an underline: the row has no room for a longer word
        self.archive_button.setText("Restore" if restoring else "Arch&ive")
        if restoring:
            self.archive_button.setShortcut(QKeySequence("Alt+I"))
        self.archive_button.setAccessibleName("Restore evidence" if restoring else "Archive")
        self.correct_evidence_button.setEnabled(evidence is not None and not self._read_only)
        review = self.selected_review()
        self.correct_review_button.setEnabled(review is not None and not self._read_only)
        archived = self.action is not None and self.action.archived
        self.restore_action_button.setVisible(archived)
        self.restore_action_button.setEnabled(archived and not self._read_only)
        has_file = evidence is not None and evidence.file_name is not None
        self.open_button.setEnabled(has_file)
        self.save_copy_button.setEnabled(has_file)

    # --- changing ---------------------------------------------------------------------------
    def attach_files(self, files: Iterable[Path]) -> list[EvidenceRecord]:
        """Add each file as a document of the selected action (what a drop does)."""
        if self.action is None:
            return []
        added: list[EvidenceRecord] = []
        try:
            for path in files:
                added.append(
                    self._services().undo.add_evidence(action_id=self.action.id, file=path)
                )
        except InclusionError as error:
            show_error(self, error)
        if added:
            self._after_change()
        return added

    def add_evidence(self) -> None:
        from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog  # on use

        if self.action is not None:
            dialog = EvidenceDialog(self._services(), self, action=self.action)
            if dialog.exec():
                self._after_change()

    def add_review(self) -> None:
        from cst_inclusion_desktop.ui.records.review_dialog import ReviewDialog  # on use

        if self.action is not None:
            dialog = ReviewDialog(self._services(), self.action, self)
            if dialog.exec():
                self._after_change()

    def archive_evidence(self) -> None:
        evidence = self.selected_evidence()
        if evidence is None:
            return
        try:
            self._services().undo.archive_evidence(
                evidence.id, not evidence.archived, read_version=evidence.version
            )
        except InclusionError as error:
            show_error(self, error)  # a conflict too: the refresh below shows their version
            self._after_change()
            return
        self._after_change()

    def correct_evidence(self) -> None:
        from cst_inclusion_desktop.ui.records.evidence_dialog import EvidenceDialog  # on use

        evidence = self.selected_evidence()
        if evidence is not None and not self._read_only:
            dialog = EvidenceDialog(self._services(), self, action=self.action, evidence=evidence)
            if dialog.exec():
                self._after_change()

    def correct_review(self) -> None:
        from cst_inclusion_desktop.ui.records.review_dialog import ReviewDialog  # on use

        review = self.selected_review()
        if review is not None and self.action is not None and not self._read_only:
            dialog = ReviewDialog(self._services(), self.action, self, review=review)
            if dialog.exec():
                self._after_change()

    def restore_action(self) -> None:
        if self.action is None or not self.action.archived:
            return
        try:
            self._services().undo.archive_action(self.action.id, False)
        except InclusionError as error:
            show_error(self, error)
            return
        self._after_change()

    def open_evidence(self) -> None:
        """Copy the file into this user's folder of opened files and hand it to the viewer."""
        evidence = self.selected_evidence()
        if evidence is None or evidence.file_name is None:
            return
        try:
            target = self._services().evidence.open_copy(evidence.id)
        except (InclusionError, OSError) as error:
            show_error(self, error)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def save_evidence_copy(self) -> None:
        evidence = self.selected_evidence()
        if evidence is None or evidence.file_name is None:
            return
        name = save_file_name(self, "Save a copy of the evidence", evidence.file_name, "")
        if name is None:
            return
        try:
            self._services().evidence.extract(evidence.id, name)
        except InclusionError as error:
            show_error(self, error)

    def _after_change(self) -> None:
        if self.action is not None:
            try:
                self.action = self._services().actions.get(self.action.id)
            except InclusionError:
                self.action = None
        self.set_action(self.action)
        self.changed.emit()

    # --- drag and drop ----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.action is not None and not self._read_only and _local_files(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.action is not None and not self._read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _local_files(event)
        if files:
            event.acceptProposedAction()
            self.attach_files(files)


def _local_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def _evidence_item(evidence: EvidenceRecord) -> QTreeWidgetItem:
    title = f"{evidence.title} (archived)" if evidence.archived else evidence.title
    item = QTreeWidgetItem(
        [title, evidence.kind.label, uk_date(evidence.date), evidence.file_name or ""]
    )
    item.setData(0, Qt.ItemDataRole.UserRole, evidence)
    item.setToolTip(0, evidence.note or evidence.title)
    return item
