"""Live: when someone else saves, the open window shows it within about two seconds, keeping its
selection and scroll position and any unsaved edit; a lost server link is explained and retried.

The server hears through LISTEN/NOTIFY on a connection of its own; SQLite reads the file's
``data_version`` every two seconds (store/changes.py)."""

# ruff: noqa: F811 (the colleague fixtures are imported, then named as parameters)
from __future__ import annotations

import select
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox

from cst_inclusion_desktop.domain.records import RecordChange
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.store.changes import ANY_CHANGE
from cst_inclusion_desktop.ui.records.action_editor import ActionEditor
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.main_window import MainWindow
from tests.colleagues import colleague, colleague_name  # noqa: F401 (fixtures)

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
WITHIN_MS = 5000  # "about two seconds", with room for a loaded test machine


@pytest.fixture(autouse=True)
def no_real_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def window(qtbot, services: Services) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(services, Prefs())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: main.live._feed is not None or main.live.is_lost)  # type: ignore[attr-defined]
    yield main
    main.live.stop()  # type: ignore[attr-defined]


def test_the_feed_hears_a_change_made_on_another_connection(
    backend: str, services: Services, colleague: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action(title="Reading buddies")
    feed = services.live.open_feed()
    try:
        assert feed.changes() == []
        colleague.actions.update(action_id, {"owner": "Ms Patel"})
        socket = feed.fileno()
        if backend == "postgresql":
            assert socket is not None
            readable, _, _ = select.select([socket], [], [], WITHIN_MS / 1000)
            assert readable, "the server did not notify within the time allowed"
            assert RecordChange("action", action_id) in feed.changes()
        else:
            assert socket is None
            assert feed.changes() == [ANY_CHANGE]
        assert feed.changes() == []  # heard once
    finally:
        feed.close()


def test_the_window_shows_her_change_keeping_selection_scroll_and_my_typing(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    services: Services,
    colleague: Services,
    make_action: Callable[..., str],
) -> None:
    first = date(2030, 1, 1)
    ids = [
        make_action(title=f"Action {n:02}", due_date=first + timedelta(days=n))
        for n in range(1, 41)
    ]
    window.resize(1100, 650)
    window.refresh_all()
    bar = window.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    target = ids[30]
    window.table.selectRow(window.model.row_of(target))
    bar.setValue(bar.maximum() // 2)
    scroll = bar.value()
    assert scroll > 0
    editor = ActionEditor(services, window, action_id=ids[5])
    qtbot.addWidget(editor)
    editor.show()
    title = editor.findChild(QLineEdit, "titleEdit")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " (draft)")

    colleague.actions.update(target, {"owner": "Ms Patel"})
    qtbot.waitUntil(lambda: window.selected_action().owner == "Ms Patel", timeout=WITHIN_MS)
    assert window.selected_action().id == target
    assert window.detail.action is not None and window.detail.action.owner == "Ms Patel"
    assert bar.value() == scroll
    assert title.text() == "Action 06 (draft)" and editor.isVisible()
    editor.reject()


def test_the_overview_follows_a_change_made_elsewhere(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    colleague: Services,
    make_action: Callable[..., str],
) -> None:
    action_id = make_action(title="Reading buddies")
    window.show_tab(1)  # the overview reads its figures when its tab is shown
    window.refresh_all()
    red = window.overview.findChild(QLabel, "overviewRedCount")
    qtbot.waitUntil(lambda: red.text() != "")
    assert red.text() == "Red open actions: <b>0</b>"
    colleague.actions.update(action_id, {"rag": "red"})
    qtbot.waitUntil(lambda: red.text() == "Red open actions: <b>1</b>", timeout=WITHIN_MS)


@pytest.mark.postgresql_only
def test_a_lost_server_link_is_explained_retried_and_recovered(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    colleague: Services,
    make_action: Callable[..., str],
    database_url: str,
    request: pytest.FixtureRequest,
) -> None:
    from tests.postgres_server import PostgresServer

    action_id = make_action(title="Reading buddies")
    window.refresh_all()
    window.table.selectRow(0)
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = database_url.rsplit("/", 1)[1]
    server.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND usename = 'lead'",
        name,
    )
    banner = window.connection_banner  # type: ignore[attr-defined]
    qtbot.waitUntil(banner.isVisible, timeout=WITHIN_MS)
    assert banner.text() == "Connection to the server lost — retrying…"
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3 * WITHIN_MS)  # back by itself
    colleague.actions.update(action_id, {"owner": "Ms Patel"})
    qtbot.waitUntil(lambda: window.selected_action().owner == "Ms Patel", timeout=WITHIN_MS)
