"""Add an assess–plan–do–review entry. The service moves the action's RAG to the review's
RAG unless someone has set the action's RAG by hand."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import ActionRecord, ReviewRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.errors import error_message
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    UK_DATE_FORMAT,
    OptionalDateEdit,
    error_label,
    fill_enum_combo,
    from_qdate,
    lay_out_form_dialog,
    named,
    save_cancel_buttons,
    select_data,
    set_error,
    warn_against_names,
)


class ReviewDialog(QDialog):
    """After acceptance ``saved`` holds the ReviewRecord."""

    def __init__(self, services: Services, action: ActionRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.action = action
        self.saved: ReviewRecord | None = None
        self.setObjectName("reviewDialog")
        self.setAccessibleName("Add review")
        self.setWindowTitle(f"Review “{action.title}”")
        self.date_edit = named(QDateEdit(), "reviewDateEdit", "Review date")
        self.date_edit.setDisplayFormat(UK_DATE_FORMAT)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDate(QDate.currentDate())
        self.rag_combo = named(QComboBox(), "reviewRagCombo", "RAG at review")
        fill_enum_combo(self.rag_combo, Rag)
        select_data(self.rag_combo, action.rag)
        self.note_edit = named(
            QPlainTextEdit(),
            "reviewNoteEdit",
            "Progress note",
            "What was assessed, what happened, what is planned next (no pupil names)",
        )
        self.note_edit.setTabChangesFocus(True)
        warn_against_names(self.note_edit, "What was assessed, what happened, what is next.")
        self.next_date = OptionalDateEdit("nextReviewDate", "Next review date")
        hint = QLabel(
            "The action's RAG follows this review."
            if not action.rag_overridden
            else "The action's RAG was set by hand, so this review will not change it."
        )
        hint.setObjectName("reviewRagHint")
        hint.setAccessibleName("How this review affects the action's RAG")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Date:", self.date_edit)
        form.addRow("&RAG:", self.rag_combo)
        form.addRow("", hint)
        form.addRow("&Progress note:", self.note_edit)
        form.addRow("&Next review:", self.next_date)
        self.error = error_label("reviewError")
        buttons = save_cancel_buttons("reviewSaveButton", "reviewCancelButton")
        lay_out_form_dialog(self, form, self.error, buttons, self.save)
        self.resize(520, 380)

    def save(self) -> bool:
        try:
            self.saved = self.services.reviews.add(
                self.action.id,
                rag=self.rag_combo.currentData(),
                note=self.note_edit.toPlainText(),
                review_date=from_qdate(self.date_edit.date()),
                next_review_date=self.next_date.value(),
            )
        except InclusionError as error:
            set_error(self.error, error_message(error))
            return False
        self.accept()
        return True
