"""The report dialog's own widgets: the cover-sheet form and the editable list of questions for
the board (its dates are the shared ``ui.widgets.date_field.DateField``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.board_paper import CoverFields, Purpose
from cst_inclusion_desktop.ui.widgets.date_field import DateField
from cst_inclusion_desktop.ui.widgets.form_widgets import fill_enum_combo, named, select_data


class CoverForm(QWidget):
    """The cover sheet's fields: meeting, item, purpose, recommendation, author and lead trustee."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reportCoverForm")
        self.meeting = DateField("reportMeetingDate", "Meeting date", required=False)
        self.item = named(QLineEdit(), "reportItem", "Item title", "The agenda item's title")
        self.purpose = named(QComboBox(), "reportPurpose", "Purpose", "Why the paper is there")
        fill_enum_combo(self.purpose, Purpose)
        self.recommendation = named(
            QLineEdit(),
            "reportRecommendation",
            "Recommendation",
            "The recommendation or decision the board is asked for",
        )
        self.author = named(QLineEdit(), "reportAuthor", "Author", "Who wrote the paper")
        self.author_role = named(
            QLineEdit(), "reportAuthorRole", "Author's role", "The author's job title"
        )
        self.lead_trustee = named(
            QLineEdit(), "reportLeadTrustee", "Lead trustee", "The trustee who leads on SEND"
        )
        self.author_role.setPlaceholderText("e.g. Trust SEND lead")
        self.lead_trustee.setPlaceholderText("e.g. Dr Amira Shah, SEND link trustee")
        form = QFormLayout(self)
        form.addRow(buddy("&Meeting date:", self.meeting.edit), self.meeting)
        form.addRow(buddy("&Item:", self.item), self.item)
        form.addRow(buddy("Pu&rpose:", self.purpose), self.purpose)
        form.addRow(buddy("Recommen&dation:", self.recommendation), self.recommendation)
        form.addRow(buddy("Au&thor:", self.author), self.author)
        form.addRow(buddy("Author's rol&e:", self.author_role), self.author_role)
        form.addRow(buddy("&Lead trustee:", self.lead_trustee), self.lead_trustee)

    def set_fields(self, fields: CoverFields) -> None:
        self.meeting.set_value(fields.meeting_date)
        self.item.setText(fields.item)
        select_data(self.purpose, fields.purpose)
        self.recommendation.setText(fields.recommendation)
        self.author.setText(fields.author)
        self.author_role.setText(fields.author_role)
        self.lead_trustee.setText(fields.lead_trustee)

    def fields(self) -> CoverFields:
        """What the form says (raises ValidationError for a meeting date that is not a date)."""
        return replace(
            CoverFields(),
            meeting_date=self.meeting.value(),
            item=self.item.text().strip() or CoverFields().item,
            purpose=Purpose.parse(self.purpose.currentData()),
            recommendation=self.recommendation.text().strip(),
            author=self.author.text().strip(),
            author_role=self.author_role.text().strip(),
            lead_trustee=self.lead_trustee.text().strip(),
        )


class QuestionsEditor(QWidget):
    """Questions for the board: written from the data, then edited, added to or removed."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reportQuestionsEditor")
        self.edited_by_person = False
        self.from_data: tuple[str, ...] = ()
        self.list = named(
            QListWidget(),
            "reportQuestions",
            "Questions for the board",
            "Double-click or press F2 to edit a question",
        )
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.itemChanged.connect(self._changed)
        self.add_button = named(
            QPushButton("Add ques&tion"),
            "reportQuestionAdd",
            "Add a question",
            "Add a question of your own and type it",
        )
        self.remove_button = named(
            QPushButton("Re&move"),
            "reportQuestionRemove",
            "Remove the selected question",
            "Leave the selected question out of the paper",
        )
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.reset_button = named(
            QPushButton("&Write them again"),
            "reportQuestionsReset",
            "Write the questions again from the data",
            "Drop your edits and put back the questions the data suggests",
        )
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.list)

    def reset(self) -> None:
        self.edited_by_person = False
        self.set_questions(self.from_data)

    def set_questions(self, questions: Sequence[str]) -> None:
        """Fill the list from the data, unless the person has already edited it."""
        self.from_data = tuple(questions)
        if self.edited_by_person:
            return
        self.list.blockSignals(True)
        self.list.clear()
        for question in questions:
            self._append(question)
        self.list.blockSignals(False)

    def questions(self) -> tuple[str, ...]:
        texts = (self.list.item(row).text().strip() for row in range(self.list.count()))
        return tuple(text for text in texts if text)

    def add(self) -> None:
        item = self._append("")
        self.edited_by_person = True
        self.list.setCurrentItem(item)
        self.list.editItem(item)

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.edited_by_person = True

    def _append(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.list)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _changed(self) -> None:
        self.edited_by_person = True


def buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose Alt+letter moves focus to ``widget`` (rows holding layouts need this)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label
