"""Signing in to the server from the GUI, and what the window shows of who is signed in: a real
PostgreSQL login through the dialog with real key events, libpq's own password sources used
when present, a SENCO's window showing only their school, a viewer's window read-only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.start import sign_in
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.start.sign_in import SignInDialog, default_login, open_signed_in
from cst_inclusion_desktop.ui.window.main_window import MainWindow
from tests.postgres_server import PASSWORD, PostgresServer

pytestmark = [
    pytest.mark.postgresql_only,
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
]


@pytest.fixture
def people(services: Services, database_url: str, postgres_server: PostgresServer) -> str:
    """A SENCO of 100001 and a viewer on the test's database; its URL with no password."""
    owner = postgres_server.owner_url(database_url).replace("+psycopg", "")
    with psycopg.connect(owner, autocommit=True) as connection:
        connection.execute("SELECT cst_add_user('senco1', 'senco', NULL)")
        connection.execute("SELECT cst_grant_school('senco1', '100001')")
        connection.execute("SELECT cst_add_user('viewer1', 'viewer', NULL)")
    for login in ("senco1", "viewer1"):
        postgres_server.admin(f"ALTER ROLE {login} PASSWORD '{PASSWORD}'")
    head, database = database_url.rsplit("/", 1)
    host = head.rsplit("@", 1)[1]
    return f"postgresql+psycopg://{host}/{database}"  # no login, no password


@pytest.fixture
def no_password_sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PGPASSWORD", "PGSERVICE", "PGUSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def _fill_sign_in(login: str, passwords: list[str]) -> list[str]:
    """Answer the sign-in dialog with the keyboard, one password per attempt; returns the
    error lines the dialog showed between attempts."""
    errors: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog):
            QTimer.singleShot(20, answer)
            return
        shown = dialog.findChild(QLabel, "signInError").text()
        if shown:
            errors.append(shown)
        login_edit = dialog.findChild(QLineEdit, "signInLogin")
        login_edit.setFocus()
        login_edit.selectAll()
        QTest.keyClicks(login_edit, login)
        password = dialog.findChild(QLineEdit, "signInPassword")
        password.setFocus()
        password.selectAll()
        QTest.keyClicks(password, passwords.pop(0))
        QTest.keyClick(password, Qt.Key.Key_Return)
        if passwords:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    return errors


def test_the_dialog_signs_in_with_a_real_login_and_never_keeps_the_password(
    qtbot,  # type: ignore[no-untyped-def]
    people: str,
    no_password_sources: None,
    isolated_home: Path,
) -> None:
    settings = load_settings(overrides={"database": people})
    errors = _fill_sign_in("senco1", ["not-it", PASSWORD])
    services = open_signed_in(settings)
    assert services is not None
    try:
        assert errors == ["The server refused this login and password: check them and try again."]
        identity = services.identity.who()
        assert identity is not None
        assert identity.summary == "Signed in as senco1 (SENCO) · schools 100001"
        assert PASSWORD not in services.context.settings.database
        assert [school.urn for school in services.schools.list()] == ["100001"]
    finally:
        services.close()
    for file in isolated_home.rglob("*"):
        if file.is_file():
            assert PASSWORD.encode() not in file.read_bytes(), file


def test_cancelling_the_sign_in_opens_nothing(
    qtbot,  # type: ignore[no-untyped-def]
    people: str,
    no_password_sources: None,
) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog):
            QTimer.singleShot(20, cancel)
            return
        QTest.keyClick(dialog.findChild(QLineEdit, "signInPassword"), Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    assert open_signed_in(load_settings(overrides={"database": people})) is None


def test_libpq_password_sources_are_used_without_asking(
    people: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(SignInDialog, "exec", lambda self: pytest.fail("asked for a password"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    host_port, database = people.split("://", 1)[1].split("/", 1)
    host, port = host_port.split(":")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{host}:{port}:{database}:senco1:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    url = people.replace("://", "://senco1@", 1)
    services = open_signed_in(load_settings(overrides={"database": url}))
    assert services is not None
    services.close()
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    services = open_signed_in(load_settings(overrides={"database": url}))
    assert services is not None
    services.close()


def test_the_login_defaults_to_the_url_user_else_the_computer_account(
    people: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sign_in.getpass, "getuser", lambda: "jsmith")
    assert default_login(load_settings(overrides={"database": people})) == "jsmith"
    named = people.replace("://", "://senco1@", 1)
    assert default_login(load_settings(overrides={"database": named})) == "senco1"


def _window_as(qtbot, login: str, people: str) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    url = people.replace("://", f"://{login}:{PASSWORD}@", 1)
    services = open_signed_in(load_settings(overrides={"database": url}))
    assert services is not None
    window = MainWindow(services, Prefs())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    label = window.findChild(QLabel, "statusSignedIn")
    qtbot.waitUntil(lambda: label.text() != "")
    yield window
    window.live.stop()  # type: ignore[attr-defined]
    services.close()


def test_a_senco_window_names_them_and_lists_only_their_school(qtbot, people: str) -> None:  # type: ignore[no-untyped-def]
    for window in _window_as(qtbot, "senco1", people):
        label = window.findChild(QLabel, "statusSignedIn")
        assert label.text() == "Signed in as senco1 (SENCO) · schools 100001"
        shown = [window.school_list.item(row).text() for row in range(window.school_list.count())]
        assert shown[1:] == ["Oakfield Primary School\nURN 100001"]  # after "All schools"
        assert not window.banner.isVisible()


def test_a_viewer_window_is_read_only_with_the_banner(qtbot, people: str) -> None:  # type: ignore[no-untyped-def]
    for window in _window_as(qtbot, "viewer1", people):
        label = window.findChild(QLabel, "statusSignedIn")
        assert label.text() == "Signed in as viewer1 (viewer) · all schools"
        qtbot.waitUntil(window.banner.isVisible)
        assert "read-only" in window.banner.text()
        assert not any(action.isEnabled() for action in window.commands.editing())
