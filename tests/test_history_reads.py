"""The reports' reads of history (store/history.py) work in the database on both backends.

The statuses come out of the audit JSON in the database (SQLite's ``json_extract``,
PostgreSQL's ``->>``) and days come back as ISO text, with the same answers as the portable
path that parses the JSON here, and on PostgreSQL whatever the server's DateStyle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest
from cst_inclusion_desktop.domain.enums import Status
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.store import history


@pytest.fixture
def changed(services: Services, make_action: Callable[..., str]) -> list[str]:
    """Actions with status changes, other edits and reviews on several days."""
    today = services.context.today()
    ids = [make_action(title=f"Action {number}", due_date=today) for number in range(4)]
    services.actions.update(ids[0], {"status": Status.IN_PROGRESS.token})
    services.actions.update(ids[0], {"owner": "Someone else"})  # not a status change
    services.actions.update(ids[0], {"status": Status.COMPLETED.token})
    services.actions.update(ids[1], {"status": Status.ON_HOLD.token})
    for number, action_id in enumerate(ids[:3]):
        services.reviews.add(action_id, "red", "Behind.", today - timedelta(days=40 + number))
        services.reviews.add(action_id, "green", "Caught up.", today - timedelta(days=3))
    return ids


def _reads(services: Services, day: date) -> tuple[object, object, object]:
    with services.context.read() as session:
        return (
            history.status_changes_after(session, day),
            history.status_befores_after(session, day),
            history.review_histories(session),
        )


def test_in_database_reads_equal_the_portable_path(
    services: Services, changed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    day = services.context.today() - timedelta(days=1)
    in_database = _reads(services, day)
    changes, befores, reviews = in_database
    assert len(changes[changed[0]]) == 3  # type: ignore[index]  # created, started, completed
    assert [text[10:] for text in befores[changed[0]]] == [  # type: ignore[index]
        "planned",
        "planned",
        "in_progress",
    ]
    assert sorted(reviews[changed[2]].split(",")) == [  # type: ignore[index]
        f"{services.context.today() - timedelta(days=42)}red",
        f"{services.context.today() - timedelta(days=3)}green",
    ]
    monkeypatch.setattr(history, "_IN_DATABASE", ())
    portable = _reads(services, day)
    assert portable[:2] == in_database[:2]


@pytest.mark.postgresql_only
def test_the_server_parses_no_audit_json_for_the_board_paper(
    services: Services, changed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """~280,000 json.loads made the reference trust's board paper 2.5 s slower on the server."""

    def refuse(text: str | None) -> str | None:
        raise AssertionError("audit JSON parsed in Python")

    monkeypatch.setattr(history, "_status", refuse)
    paper = services.report.board_paper(BoardPaperRequest(generated_by="Test"))
    assert paper.headline is not None


@pytest.mark.postgresql_only
def test_days_are_iso_whatever_the_server_datestyle(
    services: Services,
    changed: list[str],
    tamper: Callable[[str], None],
    database_url: str,
) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    tamper(f"ALTER DATABASE \"{name}\" SET DateStyle = 'SQL, DMY'")
    services.context.database.dispose()  # new connections would take the database's setting
    with services.context.read() as session:
        style = session.connection().exec_driver_sql("SHOW DateStyle").scalar_one()
    assert style == "ISO, DMY"  # the app's connections keep ISO dates (store/database.py)
    day = services.context.today() - timedelta(days=1)
    _changes, befores, reviews = _reads(services, day)
    for text in [*befores[changed[0]], *reviews[changed[0]].split(",")]:  # type: ignore[index]
        date.fromisoformat(text[:10])
