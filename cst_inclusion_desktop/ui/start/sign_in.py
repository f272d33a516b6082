"""Signing in to a server database, and showing who is signed in.

The GUI first opens the server as the command line does, so libpq's own password sources
(PGPASSWORD, the pgpass file, a service file) are used when present. Only when the server asks
for a password that none of them gave does the sign-in dialog ask: the login defaults to the
URL's user, else the computer account's name; the password lives in memory for the session and
is never stored or logged. ui/window/signed_in_status.py shows who is signed in.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cst_inclusion_desktop import APP_NAME
from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.identity import server_place, url_login, with_login
from cst_inclusion_desktop.ui.start import database_switch
from cst_inclusion_desktop.ui.widgets.errors import error_message
from cst_inclusion_desktop.ui.widgets.form_widgets import error_label, named, set_error

# libpq's words when no source gave a password, or the one given was wrong.
_PASSWORD_WORDS = ("no password supplied", "password authentication failed")

Opener = Callable[[Settings, str | None], Services]


def needs_password(error: InclusionError | str) -> bool:
    """The server wants a password that no source gave, or refused the one given."""
    return any(words in str(error) for words in _PASSWORD_WORDS)


def default_login(settings: Settings) -> str:
    user = url_login(settings)
    if user:
        return user
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _open(settings: Settings, password: str | None) -> Services:
    return database_switch.open_services(settings, daily_backup=False, password=password)


class SignInDialog(QDialog):
    """Login and password for one server; Sign in tries them, and a refusal is shown here."""

    def __init__(
        self,
        settings: Settings,
        reason: str = "",
        parent: QWidget | None = None,
        opener: Opener = _open,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.opener = opener
        self.services: Services | None = None
        self.setObjectName("signInDialog")
        self.setAccessibleName("Sign in to the server")
        self.setWindowTitle(f"Sign in — {APP_NAME}")
        host, database = server_place(settings)
        where = QLabel(f"Server <b>{host}</b>, database <b>{database}</b>")
        where.setObjectName("signInServer")
        self.login_edit = named(
            QLineEdit(default_login(settings)),
            "signInLogin",
            "Login",
            "Your own database login (IT gave it to you); not a shared account",
        )
        self.password_edit = named(
            QLineEdit(), "signInPassword", "Password", "Your password; it is never saved"
        )
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label("signInError")
        set_error(self.error, "" if not reason or needs_password(reason) else _first_line(reason))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Sign in")
        named(ok, "signInButton", "Sign in", "Connect to the server with this login")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        named(cancel, "signInCancel", "Cancel", "Do not sign in (Esc)")
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(where)
        caption_login = QLabel("&Login:")
        caption_login.setBuddy(self.login_edit)
        caption_password = QLabel("&Password:")
        caption_password.setBuddy(self.password_edit)
        form.addRow(caption_login, self.login_edit)
        form.addRow(caption_password, self.password_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password_edit if self.login_edit.text() else self.login_edit).setFocus()

    def sign_in(self) -> None:
        login = self.login_edit.text().strip()
        if not login:
            set_error(self.error, "Enter your login.")
            return
        settings = with_login(self.settings, login)
        try:
            self.services = self.opener(settings, self.password_edit.text())
        except InclusionError as error:
            wrong = needs_password(error)
            set_error(
                self.error,
                "The server refused this login and password: check them and try again."
                if wrong
                else _first_line(error_message(error)),
            )
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        self.settings = settings
        self.accept()


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def open_signed_in(
    settings: Settings, parent: QWidget | None = None, opener: Opener = _open
) -> Services | None:
    """Open the server the settings name, asking for a password only if the server needs one
    that libpq's own sources did not give. None: the person cancelled. Other failures raise."""
    try:
        return opener(settings, None)
    except InclusionError as error:
        if not needs_password(error):
            raise
        dialog = SignInDialog(settings, str(error), parent, opener)
        if not dialog.exec():
            return None
        return dialog.services
