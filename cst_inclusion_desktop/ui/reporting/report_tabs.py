"""The report dialog's three tabs: what the paper covers, its cover sheet, and its summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.board_paper import BoardPaper, BoardPaperRequest
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.records import SchoolRecord
from cst_inclusion_desktop.domain.terms import PeriodPreset
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.reporting.report_fields import CoverForm, QuestionsEditor, buddy
from cst_inclusion_desktop.ui.widgets.date_field import DateField
from cst_inclusion_desktop.ui.widgets.form_widgets import fill_enum_combo, named


class ScopeTab(QWidget):
    """The period, the compared period, the schools and the principles the paper covers."""

    changed = Signal()

    def __init__(self, services: Services, school: SchoolRecord | None) -> None:
        super().__init__()
        self.services = services
        self.setObjectName("reportScopeTab")
        self.preset = named(
            QComboBox(), "reportPeriodPreset", "Period", "The term or year the paper reports on"
        )
        fill_enum_combo(self.preset, PeriodPreset)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.period_from = DateField("reportFrom", "From")
        self.period_to = DateField("reportTo", "To")
        for field in (self.period_from, self.period_to):
            field.edited.connect(self._dates_edited)
        self.compare_since = DateField("reportCompareSince", "Previous meeting", required=False)
        self.compare_since.edited.connect(self.changed)
        self.compare_since.edit.setPlaceholderText("dd/mm/yyyy — blank: compare with last term")
        dates = QHBoxLayout()
        dates.addWidget(self.period_from)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.period_to)
        self.schools = _check_list("reportSchools", "Schools")
        for record in services.schools.list():
            ticked = school is None or record.urn == school.urn
            _add_item(self.schools, f"{record.name} ({record.urn})", record.urn, ticked)
        self.principles = _check_list("reportPrinciples", "Principles")
        for principle in services.trust.principles():
            _add_item(
                self.principles, f"{principle.number}. {principle.title}", principle.number, True
            )
        for widget in (self.schools, self.principles):
            widget.itemChanged.connect(self.changed)
        self.full = named(
            QCheckBox("List every row (no \u201c8 of 85\u201d shortening)"),
            "reportFull",
            "List everything",
            "Off: long lists show the first rows and say how many there are in all. "
            "On: every row, which for a large trust makes a long annex.",
        )
        self.full.toggled.connect(self.changed)
        self.periods_note = named(QLabel(""), "reportPeriodsNote", "Periods the paper compares")
        self.periods_note.setWordWrap(True)
        self.changed.connect(self._explain_periods)
        form = QFormLayout(self)
        form.addRow(buddy("&Period:", self.preset), self.preset)
        form.addRow(buddy("&Dates:", self.period_from.edit), dates)
        form.addRow(buddy("Compared wi&th:", self.compare_since.edit), self.compare_since)
        form.addRow("", self.periods_note)
        form.addRow(buddy("&Schools:", self.schools), _with_all_none(self.schools))
        form.addRow(buddy("P&rinciples:", self.principles), _with_all_none(self.principles))
        form.addRow("", self.full)
        self._apply_preset()

    def current_preset(self) -> PeriodPreset:
        # Qt hands str-based enums back as plain strings; parse restores the member.
        return PeriodPreset.parse(self.preset.currentData())

    def _apply_preset(self) -> None:
        preset = self.current_preset()
        if preset is not PeriodPreset.CUSTOM:
            context = self.services.context
            period = context.settings.terms.preset(preset, context.today())
            self.period_from.set_value(period.start)
            self.period_to.set_value(period.end)
        self.changed.emit()

    def _dates_edited(self) -> None:
        """Typing a date by hand makes the period custom."""
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(PeriodPreset.CUSTOM))
        self.preset.blockSignals(False)
        self.changed.emit()

    def _explain_periods(self) -> None:
        """Say which periods the paper will report and compare, as the service resolves them."""
        try:
            parts = self.request_parts()
            periods = self.services.report.periods(BoardPaperRequest(**parts))
        except ValidationError as error:
            self.periods_note.setText(str(error))
            return
        self.periods_note.setText(
            f"Reports {periods.period.text}; compares with {periods.compared.text}."
        )

    def request_parts(self) -> dict[str, Any]:
        """The scope's part of the BoardPaperRequest (raises ValidationError if none ticked)."""
        urns = _checked(self.schools)
        numbers = _checked(self.principles)
        if not urns:
            raise ValidationError("schools", "none", "at least one school ticked")
        if not numbers:
            raise ValidationError("principles", "none", "at least one principle ticked")
        every_school = len(urns) == self.schools.count()
        every_principle = len(numbers) == self.principles.count()
        return {
            "period_from": self.period_from.value(),
            "period_to": self.period_to.value(),
            "compare_since": self.compare_since.value(),
            "school_urns": () if every_school else tuple(str(urn) for urn in urns),
            "principle_numbers": () if every_principle else tuple(map(int, numbers)),
            "full": self.full.isChecked(),
        }


class CoverTab(QWidget):
    """The cover sheet's fields and the trust lead's own commentary."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reportCoverTab")
        self.form = CoverForm()
        self.commentary = named(
            QPlainTextEdit(),
            "reportCommentary",
            "Commentary",
            "Your own words for the executive summary (optional)",
        )
        self.commentary.setPlaceholderText(
            "Optional: what you want the board to take from this paper, in your own words."
        )
        self.commentary.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(
            buddy("Your &commentary (printed in the executive summary):", self.commentary)
        )
        layout.addWidget(self.commentary, 1)


class SummaryTab(QWidget):
    """The key messages the app will write (a preview) and the questions for the board."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reportSummaryTab")
        self.loaded = False
        self.stale = True
        self.messages = named(
            QTextBrowser(), "reportKeyMessages", "Key messages (preview)", "What the paper will say"
        )
        self.messages.setMinimumHeight(120)
        self.refresh_button = named(
            QPushButton("&Refresh preview"),
            "reportRefreshPreview",
            "Refresh the preview",
            "Work out the key messages and questions again from the choices made",
        )
        self.questions = QuestionsEditor()
        top = QHBoxLayout()
        top.addWidget(buddy("&Key messages the paper will give:", self.messages), 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.messages, 2)
        layout.addWidget(
            buddy("&Questions for the board (written from the data; edit freely):", self.questions)
        )
        layout.addWidget(self.questions, 3)

    def show_working(self) -> None:
        self.messages.setPlainText("Working out the key messages…")

    def show_problem(self, text: str) -> None:
        self.messages.setPlainText(f"No preview: {text}")

    def mark_stale(self) -> None:
        self.stale = True
        if self.loaded:
            self.messages.setPlainText(
                "The choices have changed: press Refresh preview to see what the paper will say."
            )

    def show_paper(self, paper: BoardPaper) -> None:
        self.stale = False
        self.loaded = True
        self.messages.setPlainText("\n".join(f"• {message}" for message in paper.key_messages))
        self.questions.set_questions(paper.questions)


def report_tabs(scope: ScopeTab, cover: CoverTab, summary: SummaryTab) -> QTabWidget:
    tabs = QTabWidget()
    tabs.setObjectName("reportTabs")
    tabs.setAccessibleName("Board paper sections")
    for page, text in (
        (scope, "1. &What it covers"),
        (cover, "2. C&over sheet"),
        (summary, "3. S&ummary and questions"),
    ):
        tabs.addTab(_scrolled(page), text)
    return tabs


def _scrolled(page: QWidget) -> QScrollArea:
    """A page that scrolls rather than pushing the dialog's buttons off a small screen (at 150%
    on 1366×768 the dialog needed about 590 of 480 logical pixels)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


def _check_list(name: str, label: str) -> QListWidget:
    widget = named(QListWidget(), name, label, f"Tick the {label.lower()} the paper covers")
    widget.setMinimumHeight(110)
    return widget


def _add_item(widget: QListWidget, text: str, data: object, checked: bool) -> None:
    item = QListWidgetItem(text, widget)
    item.setData(Qt.ItemDataRole.UserRole, data)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def _with_all_none(widget: QListWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    row = QHBoxLayout()
    for text, state in (("All", Qt.CheckState.Checked), ("None", Qt.CheckState.Unchecked)):
        spoken = f"{'Tick' if text == 'All' else 'Untick'} all {widget.accessibleName().lower()}"
        button = named(QPushButton(text), f"{widget.objectName()}{text}", spoken, spoken)
        button.clicked.connect(lambda _=False, s=state: _set_all(widget, s))
        row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    return box


def _checked(widget: QListWidget) -> list[Any]:
    return [
        widget.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


def _set_all(widget: QListWidget, state: Qt.CheckState) -> None:
    for row in range(widget.count()):
        widget.item(row).setCheckState(state)
