"""File ▸ School pack keys…, and the question asked when a school's first pack arrives.

The dialog shows this database's signing key (the fingerprint a trust lead checks with the
school) and the trust key packs are encrypted to; in the trust's database it also lists the
schools' registered keys and re-registers one (key rotation, a reinstalled PC), audited.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.exchange.keys.registry import UnconfirmedKeyError
from cst_inclusion_desktop.services.exchange.keys.service import KeyInfo
from cst_inclusion_desktop.ui.widgets.errors import show_error
from cst_inclusion_desktop.ui.widgets.form_widgets import named

COLUMNS = ["URN", "School", "Fingerprint", "Registered", "By", "Last pack"]


def confirm_school_key(parent: QWidget | None, error: UnconfirmedKeyError) -> bool:
    """Trust on first use: the lead checks the fingerprint with the school before any import."""
    box = QMessageBox(parent)
    box.setObjectName("packKeyConfirm")
    box.setAccessibleName("Confirm the school's key")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(APP_NAME)
    box.setText(
        f"This is the first pack from {error.school_name} ({error.urn}).\n\n"
        f"It is signed by the key with fingerprint\n\n    {error.fingerprint}"
    )
    box.setInformativeText(
        "Before you go on, ask the school's SENCO to read out the fingerprint their app "
        "shows (File ▸ School pack keys…). Register this key only if it is the same: "
        f"every later pack from {error.school_name} must be signed by it."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText("&Register this key")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class KeysDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("packKeysDialog")
        self.setAccessibleName("School pack keys")
        self.setWindowTitle("School pack keys")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Packs this database writes are signed with its own key and encrypted so that only "
            "the trust can open them. The trust lead checks the signing key's fingerprint with "
            "you once, when your first pack arrives."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.signing_fingerprint = self._field("signingFingerprint", "Signing key fingerprint")
        self.signing_key = self._field("signingPublicKey", "Signing public key")
        self.trust_fingerprint = self._field("trustFingerprint", "Trust key fingerprint")
        self.trust_source = self._field("trustKeySource", "Trust key from")
        form.addRow("Signing key &fingerprint:", self.signing_fingerprint)
        form.addRow("Signing &public key:", self.signing_key)
        form.addRow("&Trust key fingerprint:", self.trust_fingerprint)
        form.addRow("Trust key from:", self.trust_source)
        layout.addLayout(form)
        self.table_label = QLabel("Schools' registered keys (packs must be signed by these):")
        self.table = named(
            QTableWidget(0, len(COLUMNS)),
            "registeredKeys",
            "Registered school keys",
            "The key each school's packs must be signed with",
        )
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.register_button = named(
            QPushButton("Re-&register a school's key…"),
            "reRegisterKey",
            "Re-register a school's key",
            "A school has a new key (a new PC, a reinstall): register the fingerprint you have "
            "checked with them; packs signed by the old key are refused from then on",
        )
        self.register_button.clicked.connect(self.register_key)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table)
        layout.addWidget(self.register_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("packKeysButtons")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def _field(self, name: str, accessible: str) -> QLineEdit:
        field = named(QLineEdit(), name, accessible, "Select and copy to send or compare")
        field.setReadOnly(True)
        return field

    def refresh(self) -> None:
        try:
            overview = self.services.keys.overview()
            registered = self.services.keys.registered() if overview.trust_private_here else []
        except InclusionError as error:
            show_error(self, error)
            return
        self._show(overview.signing, self.signing_fingerprint, self.signing_key, "none yet")
        self._show(overview.trust, self.trust_fingerprint, self.trust_source, "not known yet")
        if overview.signing is None:
            self.signing_key.setText("made on this database's first pack export")
        if overview.trust is None:
            self.trust_source.setText(
                "import the trust's framework file, or ask IT to set trust_public_key"
            )
        at_trust = overview.trust_private_here
        for widget in (self.table_label, self.table, self.register_button):
            widget.setVisible(at_trust)
        self.table.setRowCount(len(registered))
        for row, key in enumerate(registered):
            last = (
                "waiting for the next pack"
                if key.waiting_for_pack
                else f"{key.last_sequence} ({_when(key.last_created_at)})"
            )
            values = [
                key.urn,
                key.school_name,
                key.fingerprint,
                _when(key.registered_at),
                key.registered_by,
                last,
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    @staticmethod
    def _show(info: KeyInfo | None, first: QLineEdit, second: QLineEdit, empty: str) -> None:
        if info is None:
            first.setText(empty)
            second.setText("")
            return
        first.setText(info.fingerprint)
        second.setText(info.public_key if second.objectName() == "signingPublicKey" else info.where)

    def register_key(self) -> None:
        selected = self.table.currentRow()
        urn_item = self.table.item(selected, 0) if selected >= 0 else None
        urn, ok = QInputDialog.getText(
            self,
            "Re-register a school's key",
            "School URN:",
            text=urn_item.text() if urn_item else "",
        )
        if not ok or not urn.strip():
            return
        fingerprint, ok = QInputDialog.getText(
            self,
            "Re-register a school's key",
            "New key fingerprint, as the school's app shows it (File ▸ School pack keys…):",
        )
        if not ok or not fingerprint.strip():
            return
        try:
            name, old, new = self.services.keys.register(urn.strip(), fingerprint)
        except InclusionError as error:
            show_error(self, error)
            return
        was = f"It was {old}." if old else "It had none before."
        QMessageBox.information(
            self,
            APP_NAME,
            f"Registered key {new} for {name or 'the school'} ({urn.strip()}). {was} Packs "
            "signed by any other key are refused from now on.",
        )
        self.refresh()


def _when(moment: datetime | None) -> str:
    return moment.strftime("%d/%m/%Y %H:%M") if moment is not None else "none"
