"""The three pages of the first-run welcome: the choice, "Create a trust" and the demo.

Each page checks its own fields and raises ValidationError naming the first problem, so the
dialog can show it beside the form before any file is created.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.validation import clean_name, clean_urn
from cst_inclusion_desktop.ui.widgets.form_widgets import error_label, named

DATABASE_FILTER = "Inclusion databases (*.db);;All files (*)"
FIRST_SCHOOL_ROWS = 3


def _heading(text: str, object_name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def _text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class ChoicePage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("welcomeChoicePage")
        self.create_button = named(
            QPushButton("&Create a trust"),
            "createTrustButton",
            "Create a trust",
            "Start your trust's own record: its name, its first schools and where to keep it",
        )
        self.demo_button = named(
            QPushButton("&Explore with demo data"),
            "exploreDemoButton",
            "Explore with demo data",
            "Try the app on a made-up trust with schools, actions, evidence and reviews",
        )
        self.quit_button = named(QPushButton("&Quit"), "welcomeQuitButton", "Quit", "Close the app")
        for button in (self.create_button, self.demo_button):
            button.setMinimumHeight(button.sizeHint().height() * 2)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(f"Welcome to {APP_NAME}", "welcomeHeading"))
        layout.addWidget(
            _text(
                "Record your trust's inclusion actions, evidence and reviews against the five "
                "principles, and see every school at a glance. There is no database yet: "
                "create one for your trust, or explore a demo trust first."
            )
        )
        layout.addSpacing(12)
        layout.addWidget(self.create_button)
        layout.addWidget(self.demo_button)
        layout.addStretch(1)
        quit_row = QHBoxLayout()
        quit_row.addStretch(1)
        quit_row.addWidget(self.quit_button)
        layout.addLayout(quit_row)


class _LocationRow(QWidget):
    """A database file path with a Browse… button (the file must not exist yet)."""

    def __init__(self, default: Path, object_name: str) -> None:
        super().__init__()
        self.edit = named(
            QLineEdit(str(default)),
            f"{object_name}Edit",
            "Database location",
            "The new database file: keep it somewhere that is backed up",
        )
        self.browse = named(
            QPushButton("&Browse…"),
            f"{object_name}BrowseButton",
            "Choose database location",
            "Choose where to save the new database file",
        )
        self.browse.clicked.connect(self._choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)
        self.setFocusProxy(self.edit)

    def _choose(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "New database", self.edit.text(), DATABASE_FILTER
        )
        if name:
            self.edit.setText(name)

    def validated(self) -> Path:
        text = self.edit.text().strip()
        if not text:
            raise ValidationError("database location", "", "a file name for the new database")
        path = Path(text).expanduser()
        if path.exists():
            raise ValidationError(
                "database location",
                str(path),
                "a new file (this one already exists: open it with File ▸ Open database)",
            )
        return path


def _back_button(object_name: str) -> QPushButton:
    return named(QPushButton("← &Back"), object_name, "Back", "Back to the welcome choices")


class CreatePage(QWidget):
    def __init__(self, default_path: Path) -> None:
        super().__init__()
        self.setObjectName("welcomeCreatePage")
        self.name_edit = named(
            QLineEdit(), "trustNameEdit", "Trust name", "Your trust's name, as reports show it"
        )
        self.schools_table = named(
            QTableWidget(FIRST_SCHOOL_ROWS, 2),
            "firstSchoolsTable",
            "First schools",
            "Optional: each school's name and six-digit URN (you can add more later)",
        )
        self.schools_table.setHorizontalHeaderLabels(["School name", "URN"])
        self.schools_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.schools_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.add_row_button = named(
            QPushButton("&Add school row"),
            "addSchoolRowButton",
            "Add school row",
            "Add another row for a school",
        )
        self.add_row_button.clicked.connect(
            lambda: self.schools_table.insertRow(self.schools_table.rowCount())
        )
        self.location = _LocationRow(default_path, "trustDatabaseLocation")
        self.error = error_label("createTrustError")
        self.back_button = _back_button("createTrustBackButton")
        self.create_button = named(
            QPushButton("Create &trust"),
            "createTrustConfirmButton",
            "Create trust",
            "Create the database with this trust and these schools",
        )
        self.create_button.setDefault(True)
        form = QFormLayout()
        name_label = QLabel("Trust &name:")
        name_label.setBuddy(self.name_edit)
        form.addRow(name_label, self.name_edit)
        schools_label = QLabel("First &schools (optional):")
        schools_label.setBuddy(self.schools_table)
        location_label = QLabel("Database &location:")
        location_label.setBuddy(self.location.edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Create a trust", "createTrustHeading"))
        layout.addLayout(form)
        layout.addWidget(schools_label)
        layout.addWidget(self.schools_table, 1)
        layout.addWidget(self.add_row_button)
        layout.addWidget(location_label)
        layout.addWidget(self.location)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def set_school(self, row: int, name: str, urn: str) -> None:
        """Fill a row (tests and automation use this rather than typing into cells)."""
        while self.schools_table.rowCount() <= row:
            self.schools_table.insertRow(self.schools_table.rowCount())
        self.schools_table.setItem(row, 0, QTableWidgetItem(name))
        self.schools_table.setItem(row, 1, QTableWidgetItem(urn))

    def validated(self) -> tuple[str, list[tuple[str, str]], Path]:
        name = clean_name(self.name_edit.text(), "trust name")
        schools: list[tuple[str, str]] = []
        seen: dict[str, int] = {}
        for row in range(self.schools_table.rowCount()):
            cells = [self.schools_table.item(row, column) for column in (0, 1)]
            school_name, urn = (cell.text().strip() if cell else "" for cell in cells)
            if not school_name and not urn:
                continue
            where = f"school row {row + 1}"
            school_name = clean_name(school_name, f"{where}, name")
            urn = clean_urn(urn, f"{where}, URN")
            if urn in seen:
                raise ValidationError(
                    f"{where}, URN", urn, f"a URN not already given in row {seen[urn]}"
                )
            seen[urn] = row + 1
            schools.append((school_name, urn))
        return name, schools, self.location.validated()


class DemoPage(QWidget):
    def __init__(self, default_path: Path) -> None:
        super().__init__()
        self.setObjectName("welcomeDemoPage")
        self.schools_spin = named(
            QSpinBox(), "demoSchoolsSpin", "Demo schools", "How many made-up schools to create"
        )
        self.schools_spin.setRange(1, 200)
        self.schools_spin.setValue(12)
        self.actions_spin = named(
            QSpinBox(), "demoActionsSpin", "Demo actions", "How many made-up actions to create"
        )
        self.actions_spin.setRange(0, 200_000)
        self.actions_spin.setSingleStep(500)
        self.actions_spin.setValue(2000)
        self.actions_spin.setGroupSeparatorShown(True)
        self.location = _LocationRow(default_path, "demoDatabaseLocation")
        self.error = error_label("demoError")
        self.back_button = _back_button("demoBackButton")
        self.start_button = named(
            QPushButton("Create &demo trust"),
            "startDemoButton",
            "Create demo trust",
            "Make the demo database (you can cancel while it is made)",
        )
        self.start_button.setDefault(True)
        form = QFormLayout()
        for text, field in (
            ("&Schools:", self.schools_spin),
            ("&Actions:", self.actions_spin),
            ("Database &location:", self.location),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Explore with demo data", "demoHeading"))
        layout.addWidget(
            _text(
                "A made-up trust (“Demo Learning Trust”) with schools, actions, evidence and "
                "reviews, kept in its own file so it never mixes with your real records."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def validated_path(self) -> Path:
        return self.location.validated()
