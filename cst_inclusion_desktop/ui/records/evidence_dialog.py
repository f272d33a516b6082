"""Record evidence: against an action, or against a school and principle with no action."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from cst_inclusion_desktop.domain.enums import EvidenceKind
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import ActionRecord, EvidenceRecord
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.widgets.criteria_list import CriteriaTickList
from cst_inclusion_desktop.ui.widgets.date_field import DateField
from cst_inclusion_desktop.ui.widgets.errors import error_message
from cst_inclusion_desktop.ui.widgets.file_dialogs import open_file_name
from cst_inclusion_desktop.ui.widgets.form_widgets import (
    caption,
    dates_ok,
    error_label,
    fill_enum_combo,
    fill_principle_combo,
    fill_school_combo,
    lay_out_form_dialog,
    named,
    save_cancel_buttons,
    select_data,
    set_error,
    warn_against_names,
    watch_dates,
)
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen


class EvidenceDialog(QDialog):
    """With ``action`` the evidence belongs to it; without, the user picks school and principle.

    After acceptance ``saved`` holds the EvidenceRecord.
    """

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        action: ActionRecord | None = None,
        school_urn: str | None = None,
        principle: int | None = None,
        file: Path | None = None,
        evidence: EvidenceRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.action = action
        self.evidence = evidence  # given: correct this item rather than add one
        self.saved: EvidenceRecord | None = None
        self.setObjectName("evidenceDialog")
        self.setAccessibleName("Correct evidence" if evidence else "Add evidence")
        target = f" to “{action.title}”" if action else ""
        self.setWindowTitle(
            f"Correct evidence “{evidence.title}”" if evidence else f"Add evidence{target}"
        )
        form = QFormLayout()
        self.school_combo = named(QComboBox(), "evidenceSchoolCombo", "School")
        self.principle_combo = named(QComboBox(), "evidencePrincipleCombo", "Principle")
        if action is None and evidence is None:
            fill_school_combo(self.school_combo, services.schools.list())
            fill_principle_combo(self.principle_combo, services.trust.principles())
            select_data(self.school_combo, school_urn)
            select_data(self.principle_combo, principle)
            form.addRow("Sc&hool:", self.school_combo)
            form.addRow("&Principle:", self.principle_combo)
        self.kind_combo = named(QComboBox(), "evidenceKindCombo", "Kind", "What sort of evidence")
        fill_enum_combo(self.kind_combo, EvidenceKind)
        self.title_edit = named(
            QLineEdit(), "evidenceTitleEdit", "Title", "Leave empty to use the file's name"
        )
        self.note_edit = named(
            QPlainTextEdit(), "evidenceNoteEdit", "Note", "What this shows (no pupil names)"
        )
        self.note_edit.setTabChangesFocus(True)
        warn_against_names(self.title_edit, "Empty: the file's name.")
        warn_against_names(self.note_edit, "What this shows.")
        self.date_edit = DateField(
            "evidenceDate", "Date", edit_name="evidenceDateEdit", field="date"
        )
        self.date_edit.set_value(services.context.today())
        self.file_edit = named(
            QLineEdit(str(file) if file else ""),
            "evidenceFileEdit",
            "File",
            "Optional file, stored inside the database",
        )
        browse = named(QPushButton("&Browse…"), "evidenceBrowseButton", "Browse for a file")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        form.addRow("&Kind:", self.kind_combo)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Note:", self.note_edit)
        form.addRow(caption("&Date:", self.date_edit), self.date_edit)
        form.addRow(caption("&File:", self.file_edit), file_row)
        # Evidence for an action starts with the action's (current) criteria ticked.
        self.criteria_list = CriteriaTickList("evidenceCriteriaList")
        current = services.criteria.list()
        current_codes = {criterion.code for criterion in current}
        ticked = [code for code in (action.criteria if action else ()) if code in current_codes]
        self.criteria_list.set_criteria(current, ticked)
        form.addRow("&Inspection criteria:", self.criteria_list)
        if evidence is not None:
            self._fill(evidence, browse)
        self.error = error_label("evidenceError")
        buttons = save_cancel_buttons("evidenceSaveButton", "evidenceCancelButton")
        lay_out_form_dialog(self, form, self.error, buttons, self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        watch_dates((self.date_edit,), self.error, self.save_button)
        fit_to_screen(self, 560, 540)

    def _fill(self, evidence: EvidenceRecord, browse: QPushButton) -> None:
        select_data(self.kind_combo, evidence.kind)
        self.title_edit.setText(evidence.title)
        self.note_edit.setPlainText(evidence.note)
        self.date_edit.set_value(evidence.date)
        self.file_edit.setText(evidence.file_name or "")
        self.file_edit.setReadOnly(True)  # a different file is new evidence, not a correction
        self.file_edit.setToolTip("The stored file is kept; add new evidence for another file")
        browse.setEnabled(False)
        self.criteria_list.set_criteria(self.services.criteria.list(), evidence.criteria)

    def _browse(self) -> None:
        name = open_file_name(self, "Choose an evidence file")
        if name is not None:
            self.file_edit.setText(str(name))

    def save(self) -> bool:
        if not dates_ok((self.date_edit,), self.error, self.save_button):
            return False
        file_text = self.file_edit.text().strip()
        try:
            if self.evidence is not None:
                self.saved = self.services.undo.update_evidence(
                    self.evidence.id,
                    title=self.title_edit.text(),
                    kind=self.kind_combo.currentData(),
                    note=self.note_edit.toPlainText(),
                    evidence_date=self.date_edit.value(),
                    criteria=self.criteria_list.codes(),
                )
                self.accept()
                return True
            self.saved = self.services.undo.add_evidence(
                action_id=self.action.id if self.action else None,
                school=None if self.action else self.school_combo.currentData(),
                principle=None if self.action else self.principle_combo.currentData(),
                file=Path(file_text) if file_text else None,
                title=self.title_edit.text(),
                kind=self.kind_combo.currentData(),
                note=self.note_edit.toPlainText(),
                evidence_date=self.date_edit.value(),
                criteria=self.criteria_list.codes(),
            )
        except InclusionError as error:
            set_error(self.error, error_message(error))
            return False
        self.accept()
        return True
