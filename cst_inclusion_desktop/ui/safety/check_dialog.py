"""Tools ▸ Check database…: the same checks as `cst-inclusion check`, run in the background,
and the anchors of the reports and packs this app made, each proved against the audit log.

A window extension: its menu entry is declared in ``ui/window/extensions.py`` and opens it.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.records import CheckReport
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.anchors import AnchorResult, KeptAnchor
from cst_inclusion_desktop.ui.widgets.form_widgets import named
from cst_inclusion_desktop.ui.widgets.screen_fit import fit_to_screen
from cst_inclusion_desktop.ui.widgets.workers import Task

CHECK_NAMES = {
    "integrity": "File integrity",
    "schema": "Tables and indexes",
    "audit_chain": "Audit chain",
    "rows_audited": "Rows against the audit log",
    "evidence_hashes": "Evidence files",
    "coverage_tallies": "Coverage tallies",
    "report_anchors": "Report anchors",
}
PLACES = {"database": "Database", "file": "File beside the backups"}
Pairs = list[tuple[KeptAnchor, AnchorResult]]


class CheckHost(Protocol):
    @property
    def services(self) -> Services: ...

    def menu(self, name: str) -> QMenu: ...


def open_check_dialog(window: CheckHost) -> None:
    """Tools ▸ Check database (declared in ``ui/window/extensions.py``)."""
    CheckDialog(window.services, _widget(window)).exec()


def _widget(window: object) -> QWidget | None:
    return window if isinstance(window, QWidget) else None


def _table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    table = named(QTableWidget(0, len(headers)), name, headers[0] + " list")
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(True)
    return table


class CheckDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.task: Task | None = None
        self.setObjectName("checkDialog")
        self.setWindowTitle("Check database")
        fit_to_screen(self, 820, 460)
        self.status = named(QLabel(), "checkStatus", "Check result")
        self.status.setWordWrap(True)
        self.checks = _table("checkResults", ("Check", "Result", "Detail"))
        self.checks.setToolTip("Each check `cst-inclusion check` runs, with what it found")
        self.anchors = _table(
            "anchorList", ("Report", "Made", "Event", "Hash", "Kept in", "Result")
        )
        self.anchors.setToolTip(
            "Each report and pack this app made printed the audit chain's head; a history "
            "rewritten since then fails here"
        )
        self.tabs = named(QTabWidget(), "checkTabs", "Check sections")
        self.tabs.addTab(self.checks, "&Checks")
        self.tabs.addTab(self.anchors, "Report &anchors")
        self.run_button = named(QPushButton("&Run check again"), "runCheckButton", "Run check")
        self.run_button.setToolTip("Run every check again (the same as `cst-inclusion check`)")
        self.run_button.clicked.connect(self.start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.start()

    def start(self) -> None:
        if self.task is not None:
            return
        self.run_button.setEnabled(False)
        self.status.setText("Checking… (a large trust takes several seconds)")
        check = self.services.check
        self.task = Task(lambda _progress, _cancelled: check.run_with_anchors())
        self.task.signals.succeeded.connect(self.show_result)
        self.task.signals.failed.connect(self.show_failure)
        self.task.signals.finished.connect(self._ended)
        self.task.start()

    def _ended(self) -> None:
        self.task = None
        self.run_button.setEnabled(True)

    def show_failure(self, error: Exception) -> None:
        self.status.setText(f"The check could not run: {error}")

    def show_result(self, result: tuple[CheckReport, Pairs]) -> None:
        report, pairs = result
        failed = [item for item in report.items if not item.ok]
        self.status.setText(
            "Every check passed."
            if not failed
            else f"{plural(len(failed), 'check')} FAILED: see the details below."
        )
        self.checks.setRowCount(len(report.items))
        for row, item in enumerate(report.items):
            _fill(
                self.checks,
                row,
                (CHECK_NAMES.get(item.name, item.name), _result(item.ok), item.detail),
            )
        self.anchors.setRowCount(len(pairs))
        for row, (kept, proof) in enumerate(pairs):
            cells = (
                kept.kind,
                f"{kept.anchor.at:%Y-%m-%d %H:%M} UTC",
                f"{kept.anchor.seq:,}",
                kept.anchor.hash[:16] + "…",
                ", ".join(PLACES.get(place, place) for place in kept.places),
                _anchor_result(kept, proof),
            )
            _fill(self.anchors, row, cells, {3: kept.anchor.hash})
        if not pairs:
            self.tabs.setTabText(1, "Report &anchors (none yet)")
        else:
            self.tabs.setTabText(1, f"Report &anchors ({len(pairs):,})")
        self.checks.resizeRowsToContents()
        self.anchors.resizeRowsToContents()

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()
        super().reject()


def _anchor_result(kept: KeptAnchor, proof: AnchorResult) -> str:
    if kept.superseded:
        return kept.superseded[0].upper() + kept.superseded[1:]
    return "Proved" if proof.ok else f"FAILED: {proof.detail}"


def _result(ok: bool) -> str:
    return "Passed" if ok else "FAILED"


def _fill(
    table: QTableWidget, row: int, values: tuple[Any, ...], tips: dict[int, str] | None = None
) -> None:
    for column, value in enumerate(values):
        item = QTableWidgetItem(str(value))
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        item.setToolTip((tips or {}).get(column, str(value)))
        table.setItem(row, column, item)
