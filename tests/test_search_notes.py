"""Search also finds words in review notes and evidence titles (FTS5 trigram indexes of
migration 0012, and the LIKE fallback where there is no index), typed in the app's search box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import text

from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.store import text_search
from cst_inclusion_desktop.ui.start.prefs import Prefs
from cst_inclusion_desktop.ui.window.action_table_model import COL_TITLE
from cst_inclusion_desktop.ui.window.main_window import MainWindow


@pytest.fixture
def record(services: Services, make_action: Callable[..., str], tmp_path: Path) -> dict[str, str]:
    ids = {
        "noted": make_action(title="Speech screening"),
        "evidenced": make_action(title="Staff training"),
        "plain": make_action(title="Parents' forum", description="Termly coffee morning"),
        "archived evidence": make_action(title="Lunch club"),
    }
    services.reviews.add(ids["noted"], "amber", "Waiting for the Wellcomm kit")
    services.evidence.add(action_id=ids["evidenced"], title="Zones of Regulation slides")
    gone = services.evidence.add(action_id=ids["archived evidence"], title="Zones rota")
    services.evidence.archive(gone.id)
    return ids


def titles(services: Services, words: str) -> set[str]:
    found = services.actions.list(ActionFilter(search=words), 0, None)
    assert services.actions.count(ActionFilter(search=words)) == len(found)
    return {action.title for action in found}


@pytest.mark.parametrize("indexed", [True, False], ids=["fts-index", "like-fallback"])
def test_words_in_notes_and_evidence_titles_find_their_action(
    services: Services,
    record: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    indexed: bool,
    backend: str,
) -> None:
    """The same rows on both backends: SQLite's FTS indexes (or LIKE), and on the server ILIKE
    over the same places, served by trigram indexes on review notes and evidence titles."""
    if not indexed:
        monkeypatch.setattr(text_search, "available", lambda session: False)
    elif backend == "postgresql":
        with services.context.read() as session:
            found = session.execute(
                text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%'")
            ).scalars()
            assert {"ix_review_note_trgm", "ix_evidence_title_trgm"} <= set(found)
    else:
        with services.context.read() as session:
            assert text_search.available(session)
    assert titles(services, "wellcomm") == {"Speech screening"}
    assert titles(services, "regulation") == {"Staff training"}
    assert titles(services, "zones") == {"Staff training"}  # archived evidence is left out
    assert titles(services, "coffee") == {"Parents' forum"}
    assert titles(services, "speech kit") == {"Speech screening"}  # one in the title, one in a note
    assert titles(services, "nothing-like-this") == set()


def test_the_index_follows_new_reviews_and_archiving(
    services: Services, record: dict[str, str]
) -> None:
    assert titles(services, "makaton") == set()
    services.reviews.add(record["plain"], "green", "Makaton signs at the forum")
    assert titles(services, "makaton") == {"Parents' forum"}
    item = services.evidence.list(record["evidenced"])[0]
    services.evidence.archive(item.id)
    assert titles(services, "regulation") == set()
    services.evidence.archive(item.id, archived=False)
    assert titles(services, "regulation") == {"Staff training"}


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_typing_a_note_word_in_the_search_box(
    qtbot: Any, services: Services, record: dict[str, str]
) -> None:
    window = MainWindow(services, Prefs())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    search = window.findChild(QLineEdit, "searchEdit")
    search.setFocus()
    qtbot.keyClicks(search, "wellcomm")
    model = window.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, COL_TITLE).data() == "Speech screening"


def test_a_note_word_with_non_ascii_letters_is_found_in_either_case(
    services: Services, record: dict[str, str]
) -> None:
    services.reviews.add(record["plain"], "green", "Cylch Ŵyn gyda Zoë")
    for words in ("ŵyn", "ŴYN", "zoë", "ZOË gyda"):
        assert titles(services, words) == {"Parents' forum"}, words


@pytest.mark.sqlite_only  # SQLite's FTS tables and triggers themselves
def test_note_indexes_can_be_built_again(services: Services, record: dict[str, str]) -> None:
    """What a later batch migration of review or evidence must do (text_search docstring)."""
    with services.context.database.engine.begin() as connection:
        for name in text_search.NOTE_TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
        connection.exec_driver_sql("DROP TABLE review_search")
        connection.exec_driver_sql("DROP TABLE evidence_search")
    with services.context.database.engine.begin() as connection:
        text_search.create_note_indexes(connection)
        text_search.create_note_indexes(connection)  # harmless when they are there
    assert titles(services, "wellcomm") == {"Speech screening"}
    assert titles(services, "zones") == {"Staff training"}
    services.reviews.add(record["plain"], "green", "Makaton signs")
    assert titles(services, "makaton") == {"Parents' forum"}
