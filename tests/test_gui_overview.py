"""The trust overview: its service figures, its table models and the dashboard widget."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush

from cst_inclusion_desktop.domain.definitions import Mark
from cst_inclusion_desktop.domain.enums import Rag
from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.ui.reporting.dashboard import TrustOverview
from cst_inclusion_desktop.ui.reporting.overview_models import (
    ACTION_ID_ROLE,
    KEY_ROLE,
    RAG_ROLE,
    DueSoonModel,
    MatrixModel,
    cell_text,
)
from cst_inclusion_desktop.ui.window.action_table_model import RAG_COLOURS

TODAY = date.today()
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def known(services: Services, make_action: Callable[..., str]) -> dict[str, str]:
    """Oakfield: principle 1 has a red and a not yet rated action; Ysgol: principle 2 one green.

    One red action is overdue; one unrated action is due in 10 days; one green in 40 days;
    a completed action due in 5 days must not count as due soon.
    """
    return {
        "overdue_red": make_action(
            principle=1, rag="red", status="in_progress", due_date=TODAY - timedelta(days=3)
        ),
        "soon_unrated": make_action(  # no RAG given: not yet rated (an amber typed in is a rating)
            principle=1, status="planned", due_date=TODAY + timedelta(days=10)
        ),
        "later_green": make_action(
            school="100002", principle=2, rag="green", due_date=TODAY + timedelta(days=40)
        ),
        "done": make_action(
            school="100002",
            principle=2,
            rag="green",
            status="completed",
            completed_date=TODAY,
            due_date=TODAY + timedelta(days=5),
        ),
    }


def school_ids(services: Services) -> dict[str, str]:
    return {school.urn: school.id for school in services.schools.list()}


def test_overview_figures(services: Services, known: dict[str, str]) -> None:
    data = services.overview.overview()
    ids = school_ids(services)
    assert data.trust_name == "Oak Learning Trust"
    assert [p.number for p in data.principles] == [1, 2, 3, 4, 5]
    assert data.overdue_count == 1
    assert data.red_count == 1
    assert [record.id for record in data.due_soon] == [known["soon_unrated"]]
    assert data.due_soon_total == 1
    oak = data.cell(ids["100001"], 1)
    # The action given no RAG was never reviewed: not yet rated (domain/definitions.py).
    assert (oak.red, oak.amber, oak.green, oak.not_rated, oak.mark) == (1, 0, 0, 1, Mark.RED)
    # Open actions only: the completed green action is not in the cell.
    ysgol = data.cell(ids["100002"], 2)
    assert (ysgol.green, ysgol.total, ysgol.mark) == (1, 1, Mark.GREEN)
    assert data.cell(ids["100002"], 3).total == 0


def test_due_within_counts_beyond_the_limit(services: Services, make_action) -> None:
    for days in (1, 2, 3):
        make_action(due_date=TODAY + timedelta(days=days))
    rows, total = services.overview.due_within(30, limit=2)
    assert total == 3
    assert [row.due_date for row in rows] == [TODAY + timedelta(days=1), TODAY + timedelta(days=2)]


def test_matrix_model_text_colour_and_totals(qtmodeltester, services: Services, known) -> None:
    model = MatrixModel()
    model.set_overview(services.overview.overview())
    qtmodeltester.check(model)
    schools = services.schools.list()  # the rows, in name order
    assert model.rowCount() == len(schools) + 1 and model.columnCount() == 6
    oak_row = [s.urn for s in schools].index("100001")
    index = model.index(oak_row, 0)
    assert index.data() == "Red (R)\nR 1 · A 0 · G 0 · N 1"
    assert index.data(RAG_ROLE) == Rag.RED.token
    background = index.data(Qt.ItemDataRole.BackgroundRole)
    foreground = index.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(background, QBrush) and isinstance(foreground, QBrush)
    assert background.color().name() == RAG_COLOURS[Rag.RED][0]
    assert foreground.color().name() == RAG_COLOURS[Rag.RED][1]
    assert "1 red, 0 amber, 0 green, 1 not yet rated" in index.data(Qt.ItemDataRole.ToolTipRole)
    empty = model.index(oak_row, 2)
    assert empty.data() == "No open actions"
    assert empty.data(Qt.ItemDataRole.BackgroundRole) is None  # the palette's own colour
    totals_row, totals_column = len(schools), 5
    assert model.index(totals_row, 0).data() == "Red (R)\nR 1 · A 0 · G 0 · N 1"
    # Open actions only: the completed green action is left out (as in the board paper).
    assert model.index(totals_row, 1).data() == "Green (G)\nR 0 · A 0 · G 1"
    # The worst RAG among open actions: one red marks the whole trust red (finding 7).
    assert model.index(totals_row, totals_column).data() == "Red (R)\nR 1 · A 0 · G 1 · N 1"
    assert model.index(totals_row, totals_column).data(KEY_ROLE) == ("", 0)
    assert model.headerData(totals_row, Qt.Orientation.Vertical) == "All schools"
    assert model.headerData(5, Qt.Orientation.Horizontal) == "All principles"


def test_due_soon_model(qtmodeltester, services: Services, known) -> None:
    model = DueSoonModel()
    model.set_rows(services.overview.overview().due_soon)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, 5).data() == "Not yet rated"
    assert model.index(0, 0).data() == (TODAY + timedelta(days=10)).strftime("%d/%m/%Y")
    assert model.index(0, 0).data(ACTION_ID_ROLE) == known["soon_unrated"]


def test_cell_text_is_readable_without_colour() -> None:
    from cst_inclusion_desktop.domain.records import MatrixCell

    assert cell_text(MatrixCell("s", 1, red=3, amber=5, green=2)) == "Red (R)\nR 3 · A 5 · G 2"
    assert cell_text(MatrixCell("s", 1, red=13, green=40)) == "Red (R)\nR 13 · A 0 · G 40"
    assert cell_text(MatrixCell("s", 1, amber=2, green=1)) == "Amber (A)\nR 0 · A 2 · G 1"
    assert cell_text(MatrixCell("s", 1, green=2)) == "Green (G)\nR 0 · A 0 · G 2"
    assert cell_text(MatrixCell("s", 1, not_rated=2)) == "Not yet rated (N)\nR 0 · A 0 · G 0 · N 2"
    assert cell_text(MatrixCell("s", 1)) == "No open actions"


@pytest.fixture
def overview(qtbot, services: Services, known) -> TrustOverview:
    widget = TrustOverview(lambda: services)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.refresh()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_widget_shows_counts(overview: TrustOverview) -> None:
    assert "Overdue open actions: <b>1</b>" in overview.overdue_label.text()
    assert "Red open actions: <b>1</b>" in overview.red_label.text()
    assert overview.due_model.rowCount() == 1
    assert "Oak Learning Trust" in overview.heading.text()
    assert not overview.message.isVisibleTo(overview)


def test_clicking_a_cell_emits_its_school_and_principle(
    qtbot, overview: TrustOverview, services: Services
) -> None:
    ids = school_ids(services)
    matrix = overview.findChild(type(overview.matrix), "overviewMatrix")
    assert matrix is overview.matrix
    row = [s.id for s in overview.data.schools].index(ids["100002"])
    index = matrix.model().index(row, 1)
    with qtbot.waitSignal(overview.cellActivated) as blocker:
        qtbot.mouseClick(
            matrix.viewport(), Qt.MouseButton.LeftButton, pos=matrix.visualRect(index).center()
        )
    assert blocker.args == [ids["100002"], 2]


def test_keyboard_activation_and_totals(qtbot, overview: TrustOverview, services: Services) -> None:
    ids = school_ids(services)
    matrix = overview.matrix
    model = matrix.model()
    matrix.setFocus()
    oak_row = [s.id for s in overview.data.schools].index(ids["100001"])
    matrix.setCurrentIndex(model.index(oak_row, 5))  # the "All principles" column
    with qtbot.waitSignal(overview.cellActivated) as blocker:
        qtbot.keyClick(matrix, Qt.Key.Key_Return)
    assert blocker.args == [ids["100001"], 0]
    matrix.setCurrentIndex(model.index(model.rowCount() - 1, 2))  # "All schools", principle 3
    with qtbot.waitSignal(overview.cellActivated) as blocker:
        qtbot.keyClick(matrix, Qt.Key.Key_Space)
    assert blocker.args == ["", 3]


def test_header_clicks_choose_a_whole_row_or_column(
    qtbot, overview: TrustOverview, services: Services
) -> None:
    header = overview.matrix.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(3) + 5, header.height() // 2)
    with qtbot.waitSignal(overview.cellActivated) as blocker:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == ["", 4]
    rows = overview.matrix.verticalHeader()
    pos = QPoint(5, rows.sectionViewportPosition(0) + 5)
    with qtbot.waitSignal(overview.cellActivated) as blocker:
        qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [overview.data.schools[0].id, 0]


def test_due_soon_enter_opens_the_action(qtbot, overview: TrustOverview, known) -> None:
    table = overview.due_table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 3))
    with qtbot.waitSignal(overview.actionActivated) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Enter)
    assert blocker.args == [known["soon_unrated"]]


def test_refresh_follows_the_database(qtbot, overview: TrustOverview, make_action) -> None:
    make_action(principle=3, rag="red", due_date=TODAY - timedelta(days=1))
    overview.refresh()
    assert "Overdue open actions: <b>2</b>" in overview.overdue_label.text()
    assert "Red open actions: <b>2</b>" in overview.red_label.text()


def test_a_failing_read_is_shown_not_raised(qtbot) -> None:
    def broken() -> Services:
        raise DatabaseError("the database file is locked by another program")

    widget = TrustOverview(broken)
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.message.isVisibleTo(widget)
    assert "locked by another program" in widget.message.text()
    assert widget.matrix_model.rowCount(QModelIndex()) == 0


def test_a_cell_with_13_reds_among_many_greens_is_marked_red(
    qtmodeltester, services: Services, make_action: Callable[..., str]
) -> None:
    """Finding 7: the overview coloured a cell by its most common RAG, hiding 13 reds."""
    for number in range(13):
        make_action(title=f"Red {number}", rag="red")
    for number in range(40):
        make_action(title=f"Green {number}", rag="green")
    model = MatrixModel()
    model.set_overview(services.overview.overview())
    qtmodeltester.check(model)
    oak_row = [s.urn for s in services.schools.list()].index("100001")
    cell = model.index(oak_row, 0)
    assert cell.data() == "Red (R)\nR 13 · A 0 · G 40"
    assert cell.data(RAG_ROLE) == Mark.RED.token
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name() == RAG_COLOURS[Rag.RED][0]
    totals = model.index(model.rowCount() - 1, model.columnCount() - 1)
    assert totals.data(RAG_ROLE) == Mark.RED.token
