"""The filter bar's inspection criterion choice: "All criteria", or the actions that carry one
criterion. Its own small widget, so the filter bar only places it and reads ``codes()``."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from cst_inclusion_desktop.domain.criteria import Criterion
from cst_inclusion_desktop.ui.widgets.form_widgets import named, select_data

ALL_CRITERIA = "All criteria"


class CriterionFilter(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(
            self,
            "criterionFilter",
            "Inspection criterion filter",
            "Show actions tagged with one inspection criterion",
        )
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self._pending = ""
        """A code asked for before the list holds it (a saved view shown at start-up)."""
        self.currentIndexChanged.connect(self._forget_pending)  # a choice by hand wins
        self.set_criteria([])

    def set_criteria(self, criteria: Iterable[Criterion]) -> None:
        """Refill the choices (retired ones too: old records carry them), keeping the current
        choice when it still exists; no signal, as the list itself changed, not the choice."""
        current = self._pending or self.code()
        self.blockSignals(True)
        self.clear()
        self.addItem(ALL_CRITERIA, "")
        for criterion in criteria:
            self.addItem(criterion.label, criterion.code)
            self.setItemData(
                self.count() - 1, criterion.summary or criterion.title, Qt.ItemDataRole.ToolTipRole
            )
        select_data(self, current)
        if self.code() == current:
            self._pending = ""
        self.blockSignals(False)

    def code(self) -> str:
        return str(self.currentData() or "")

    def codes(self) -> tuple[str, ...]:
        """What ``ActionFilter.criterion_codes`` takes: the chosen code, or none."""
        code = self.code()
        return (code,) if code else ()

    def set_code(self, code: str) -> None:
        """Choose a criterion ("" for all), as the coverage view does when a cell is clicked;
        one not (yet) in the list is chosen once ``set_criteria`` brings it."""
        self._pending = code if code and self.findData(code) < 0 else ""
        select_data(self, code)

    def _forget_pending(self, _index: int) -> None:
        self._pending = ""
