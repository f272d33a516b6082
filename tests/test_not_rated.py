"""An action has no RAG ("Not yet rated") until its first review or a hand-set RAG, and every
count, filter, export and pack keeps it apart from amber."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from PySide6.QtCore import Qt

from cst_inclusion_desktop.config import Settings, load_settings
from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.reporting.figures import to_figures
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.store.migrate import current_revision, head_revision, migration_config
from cst_inclusion_desktop.ui.records.action_editor import ActionEditor
from cst_inclusion_desktop.ui.window.action_table_model import COL_RAG, ActionTableModel
from cst_inclusion_desktop.ui.window.filter_bar import FilterBar
from tests.pack_tools import Keys, open_pack, pair, school_db

PREVIOUS = "0009"  # the revision before "not yet rated" (0007)


def test_a_new_action_is_not_yet_rated_until_its_first_review(
    services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action()
    assert services.actions.get(action_id).rag is None
    services.reviews.add(action_id, "red", "Behind plan")
    assert services.actions.get(action_id).rag is Rag.RED


def test_a_rag_set_by_hand_is_a_rating_and_not_yet_rated_hands_it_back(
    services: Services, make_action: Callable[..., str]
) -> None:
    action_id = make_action()
    services.actions.update(action_id, {"rag": "amber"})
    record = services.actions.get(action_id)
    assert (record.rag, record.rag_overridden) == (Rag.AMBER, True)
    services.actions.update(action_id, {"rag": "Not yet rated"})
    record = services.actions.get(action_id)
    assert (record.rag, record.rag_overridden) == (None, False)


def test_counts_and_filters_keep_not_yet_rated_apart(
    services: Services, make_action: Callable[..., str]
) -> None:
    make_action(title="Unrated")
    make_action(title="Amber by hand", rag="amber")
    reviewed = make_action(title="Reviewed")
    services.reviews.add(reviewed, "amber", "Steady")
    [cell] = services.actions.matrix()
    assert (cell.amber, cell.not_rated) == (2, 1)
    only_unrated = services.actions.list(ActionFilter(not_rated=True))
    assert [a.title for a in only_unrated] == ["Unrated"]
    assert services.actions.count(ActionFilter(rags=(Rag.AMBER,))) == 2
    assert services.actions.count(ActionFilter(rags=(Rag.AMBER,), not_rated=True)) == 3
    headline = to_figures(
        services.report.board_paper(
            BoardPaperRequest(period_from=date(2026, 1, 1), period_to=services.context.today())
        )
    )["headline"]
    assert (headline["amber"], headline["not_rated"]) == (2, 1)


def test_the_command_line_filters_and_shows_not_yet_rated(
    make_action: Callable[..., str], cli: Callable[..., Any]
) -> None:
    make_action(title="Unrated")
    make_action(title="Rated", rag="green")
    result = cli("actions", "list", "--rag", "not_rated")
    assert result.code == 0, result.err
    assert "Unrated" in result.out and "Rated " not in result.out
    assert "not_rated" in result.out


def test_csv_says_not_yet_rated_and_import_takes_it_or_blank(
    services: Services, make_action: Callable[..., str], tmp_path: Path
) -> None:
    make_action(title="Unrated")
    out = tmp_path / "actions.csv"
    services.exporter.export_actions(out)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["RAG"] == "Not yet rated"
    source = tmp_path / "in.csv"
    source.write_text(
        "School URN,Principle,Title,RAG\n"
        "100001,1,Typed not rated,Not yet rated\n"
        "100001,1,Left blank,\n"
        "100001,1,Given red,Red\n",
        encoding="utf-8",
    )
    services.importer.import_actions(source)
    rags = {a.title: a.rag for a in services.actions.list()}
    assert rags["Typed not rated"] is None and rags["Left blank"] is None
    assert rags["Given red"] is Rag.RED


def test_a_pack_carries_null_and_merges_as_not_yet_rated(
    services: Services, make_action: Callable[..., str], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    action_id = make_action(title="Unrated")
    lead = tmp_path / "trust-lead.db"
    assert cli("init", "--trust-name", "Oak Learning Trust", db=lead).code == 0
    pair(services, lead)  # the school knows the trust's key, as after a framework import
    keys = Keys(school_db(services), lead)
    out = tmp_path / "oak.pack"
    services.packs.export_pack("100001", out)
    [row] = [a for a in open_pack(out, keys).data["actions"] if a["id"] == action_id]
    assert row["rag"] is None
    result = cli("pack", "import", str(out), "--trust-key", keys.school_fingerprint(), db=lead)
    assert result.code == 0, result.err
    merged = Services(open_context(load_settings(overrides={"database": str(lead)})))
    try:
        assert merged.actions.get(action_id).rag is None
    finally:
        merged.close()


@pytest.mark.sqlite_only  # downgrades the file, then reads and writes it with sqlite3
def test_an_older_database_migrates_unreviewed_default_ambers_to_not_rated(
    settings: Settings, db_path: Path, services: Services, make_action: Callable[..., str]
) -> None:
    unreviewed = make_action(title="Never reviewed")
    hand_set = make_action(title="Set by hand")
    services.actions.update(hand_set, {"rag": "green"})
    reviewed = make_action(title="Reviewed")
    services.reviews.add(reviewed, "red", "Behind")
    engine = services.context.database.engine
    with engine.begin() as connection:  # back to the schema the previous version made
        config = migration_config()
        config.attributes["connection"] = connection
        command.downgrade(config, PREVIOUS)
    services.close()
    old = sqlite3.connect(db_path)
    assert old.execute("SELECT rag FROM action WHERE id = ?", (unreviewed,)).fetchone() == (
        "amber",
    )  # the old default
    with pytest.raises(sqlite3.IntegrityError):
        old.execute("UPDATE action SET rag = NULL")
    old.close()
    reopened = Services(open_context(settings))
    try:
        assert current_revision(reopened.context.database) == head_revision() == "0014"
        rags = {a.title: a.rag for a in reopened.actions.list()}
        assert rags == {"Never reviewed": None, "Set by hand": Rag.GREEN, "Reviewed": Rag.RED}
        assert reopened.check.run().ok
    finally:
        reopened.close()


def test_the_table_editor_and_filter_bar_say_not_yet_rated(
    qtbot: Any, services: Services, make_action: Callable[..., str]
) -> None:
    make_action(title="Unrated")
    model = ActionTableModel(lambda: services)
    model.refresh()
    assert model.index(0, COL_RAG).data(Qt.ItemDataRole.DisplayRole) == "Not yet rated"
    editor = ActionEditor(services)
    qtbot.addWidget(editor)
    assert editor.rag_combo.currentText() == "Not yet rated"
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.rag_combo.setFocus()
    index = bar.rag_combo.findText("Not yet rated")
    assert index >= 0
    bar.rag_combo.setCurrentIndex(index)
    assert bar.apply_to(ActionFilter()).not_rated
