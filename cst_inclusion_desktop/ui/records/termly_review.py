"""Termly review: the selected actions one by one, from the keyboard. For each one the SENCO
chooses the RAG, types the progress note and the next review date, then Save and next
(Ctrl+Enter), Skip (Alt+K) or Finish (Esc). Each review is saved as soon as it is confirmed, so
stopping half way keeps what was done."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import ActionRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.date_field import OptionalDateEdit, due_text
from cst_inclusion_desktop.ui.widgets.errors import error_message
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    caption,
    dates_ok,
    error_label,
    fill_enum_combo,
    named,
    set_error,
    uk_date,
    watch_dates,
)
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen

NEXT_REVIEW_WEEKS = 6
"""The next review date offered: about half a term on."""


class TermlyReviewDialog(QDialog):
    """``saved`` counts the reviews saved, ``skipped`` the actions passed over."""

    def __init__(
        self, services: Services, actions: list[ActionRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.queue = actions
        self.position = 0
        self.saved = 0
        self.skipped = 0
        self.setObjectName("termlyReviewDialog")
        self.setAccessibleName("Termly review")
        self.setWindowTitle("Termly review")
        self.progress = named(QLabel(), "termlyReviewProgress", "Which action of how many")
        self.heading = named(QLabel(), "termlyReviewAction", "The action being reviewed")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.facts = named(QLabel(), "termlyReviewFacts", "Where the action stands")
        self.facts.setWordWrap(True)
        self.rag_combo = named(QComboBox(), "termlyReviewRag", "RAG at review")
        fill_enum_combo(self.rag_combo, Rag)
        self.note_edit = named(
            QPlainTextEdit(),
            "termlyReviewNote",
            "Progress note",
            "What was assessed, what happened, what is planned next (no pupil names)",
        )
        self.note_edit.setTabChangesFocus(True)
        self.next_date = OptionalDateEdit("termlyReviewNextDate", "Next review date")
        form = QFormLayout()
        form.addRow("&RAG:", self.rag_combo)
        form.addRow("Progress no&te:", self.note_edit)
        form.addRow(caption("Ne&xt review:", self.next_date), self.next_date)
        self.error = error_label("termlyReviewError")
        buttons = QDialogButtonBox()
        self.save_button = named(
            QPushButton("Save and &next"),
            "termlyReviewSaveNext",
            "Save this review and go to the next action (Ctrl+Enter)",
        )
        self.skip_button = named(
            QPushButton("S&kip"), "termlyReviewSkip", "Leave this action unreviewed for now"
        )
        self.finish_button = named(
            QPushButton("&Finish"), "termlyReviewFinish", "Stop here; saved reviews are kept"
        )
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        watch_dates((self.next_date,), self.error, self.save_button)
        buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.finish_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_and_next)
        self.skip_button.clicked.connect(self.skip)
        self.finish_button.clicked.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save_and_next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 420)
        self._show_current()

    def current(self) -> ActionRecord | None:
        return self.queue[self.position] if self.position < len(self.queue) else None

    def _show_current(self) -> None:
        action = self.current()
        if action is None:
            self.accept()
            return
        self.progress.setText(f"Action {self.position + 1} of {len(self.queue)}")
        self.heading.setText(action.title)
        last = uk_date(action.last_review_date) or "never"
        self.facts.setText(
            f"{action.school_name} · {action.number}. {action.principle_title} · "
            f"{action.status.label}, {due_text(action.due_date)} · last reviewed {last}"
        )
        # Not yet rated (no RAG among the choices): the reviewer chooses, nothing is assumed.
        self.rag_combo.setCurrentIndex(self.rag_combo.findData(action.rag))
        # A letter typed for this action starts a new search, not one run on from the last.
        self.rag_combo.view().keyboardSearch("")
        self.note_edit.clear()
        self.next_date.set_value(self.services.context.today() + timedelta(weeks=NEXT_REVIEW_WEEKS))
        set_error(self.error, "")
        self.rag_combo.setFocus()

    def save_and_next(self) -> None:
        action = self.current()
        if action is None or not dates_ok([self.next_date], self.error, self.save_button):
            return
        try:
            self.services.reviews.add(
                action.id,
                rag=self.rag_combo.currentData(),
                note=self.note_edit.toPlainText(),
                next_review_date=self.next_date.value(),
            )
        except InclusionError as error:
            set_error(self.error, error_message(error))
            return
        self.saved += 1
        self.position += 1
        self._show_current()

    def skip(self) -> None:
        self.skipped += 1
        self.position += 1
        self._show_current()

    def summary(self) -> str:
        return f"{plural(self.saved, 'review')} saved, {plural(self.skipped, 'action')} skipped"
