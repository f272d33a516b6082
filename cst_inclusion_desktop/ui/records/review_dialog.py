"""Add an assess–plan–do–review entry. The service moves the action's RAG to the review's
RAG unless someone has set the action's RAG by hand."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import ActionRecord, ReviewRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.date_field import DateField, OptionalDateEdit
from cst_inclusion_desktop.ui.widgets.errors import error_message
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    caption,
    dates_ok,
    error_label,
    fill_enum_combo,
    lay_out_form_dialog,
    named,
    save_cancel_buttons,
    select_data,
    set_error,
    warn_against_names,
    watch_dates,
)
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen


class ReviewDialog(QDialog):
    """After acceptance ``saved`` holds the ReviewRecord."""

    def __init__(
        self,
        services: Services,
        action: ActionRecord,
        parent: QWidget | None = None,
        *,
        review: ReviewRecord | None = None,
    ):
        super().__init__(parent)
        self.services = services
        self.action = action
        self.review = review  # given: correct this review rather than add one
        self.saved: ReviewRecord | None = None
        self.setObjectName("reviewDialog")
        self.setAccessibleName("Correct review" if review else "Add review")
        verb = "Correct the review of" if review else "Review"
        self.setWindowTitle(f"{verb} “{action.title}”")
        self.date_edit = DateField(
            "reviewDate", "Review date", edit_name="reviewDateEdit", field="date"
        )
        self.date_edit.set_value(services.context.today())
        self.rag_combo = named(QComboBox(), "reviewRagCombo", "RAG at review")
        fill_enum_combo(self.rag_combo, Rag)
        self.rag_combo.setPlaceholderText("Choose red, amber or green")
        self.rag_combo.setCurrentIndex(-1)  # a first review is a choice, never a default
        select_data(self.rag_combo, action.rag)
        self.note_edit = named(
            QPlainTextEdit(),
            "reviewNoteEdit",
            "Progress note",
            "What was assessed, what happened, what is planned next (no pupil names)",
        )
        self.note_edit.setTabChangesFocus(True)
        warn_against_names(self.note_edit, "What was assessed, what happened, what is next.")
        self.next_date = OptionalDateEdit(
            "nextReviewDate", "Next review date", field="next_review_date"
        )
        hint = QLabel(
            "The action's RAG follows this review."
            if not action.rag_overridden
            else "The action's RAG was set by hand, so this review will not change it."
        )
        hint.setObjectName("reviewRagHint")
        hint.setAccessibleName("How this review affects the action's RAG")
        hint.setWordWrap(True)
        if review is not None:
            self._fill(review)
        form = QFormLayout()
        form.addRow(caption("&Date:", self.date_edit), self.date_edit)
        form.addRow("&RAG:", self.rag_combo)
        form.addRow("", hint)
        form.addRow("&Progress note:", self.note_edit)
        form.addRow(caption("&Next review:", self.next_date), self.next_date)
        self.error = error_label("reviewError")
        buttons = save_cancel_buttons("reviewSaveButton", "reviewCancelButton")
        lay_out_form_dialog(self, form, self.error, buttons, self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        watch_dates((self.date_edit, self.next_date), self.error, self.save_button)
        fit_to_screen(self, 520, 380)

    def _fill(self, review: ReviewRecord) -> None:
        self.date_edit.set_value(review.date)
        select_data(self.rag_combo, review.rag)
        self.note_edit.setPlainText(review.note)
        self.next_date.set_value(review.next_review_date)

    def save(self) -> bool:
        if not dates_ok((self.date_edit, self.next_date), self.error, self.save_button):
            return False
        if self.rag_combo.currentData() is None:
            set_error(self.error, "RAG: choose red, amber or green for this review.")
            self.rag_combo.setFocus()
            return False
        try:
            if self.review is not None:
                self.saved = self.services.undo.update_review(
                    self.review.id,
                    self.action.title,
                    rag=self.rag_combo.currentData(),
                    note=self.note_edit.toPlainText(),
                    review_date=self.date_edit.value(),
                    next_review_date=self.next_date.value(),
                    clear_next_review=True,
                )
            else:
                self.saved = self.services.undo.add_review(
                    self.action,
                    rag=self.rag_combo.currentData(),
                    note=self.note_edit.toPlainText(),
                    review_date=self.date_edit.value(),
                    next_review_date=self.next_date.value(),
                )
        except InclusionError as error:
            set_error(self.error, error_message(error))
            return False
        self.accept()
        return True
