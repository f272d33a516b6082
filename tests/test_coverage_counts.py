"""The coverage tallies (migration 0013) stay equal to counting from the links, whatever writes:
the services, and plain SQL (deletes, moves, retagging) that no service code sees."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from cst_inclusion_desktop import store
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.definitions import coverage_start
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.reporting.coverage import joined_counts, live_schools
from cst_inclusion_desktop.store.coverage_counts import Tallies, read_tallies

TODAY = date(2026, 12, 1)
DAYS = (TODAY, date(2026, 11, 30), date(2026, 6, 15), date(2027, 1, 1), date(2028, 2, 29))
"""The window's ends land on the first and last day of a month, mid-month and on 29 February."""


def _nonzero(counts: Tallies) -> Tallies:
    return {key: values for key, values in counts.items() if any(values)}


def _assert_tallies_match(services: Services) -> None:
    with services.context.read() as session:
        school_ids = [school.id for school in live_schools(session)]
        for day in DAYS:
            start = coverage_start(day)
            tallied = _nonzero(read_tallies(session, start, day))
            assert tallied == _nonzero(joined_counts(session, start, day, school_ids, None)), day


def _sql(services: Services, statement: str, **values: str) -> None:
    with services.context.database.engine.begin() as connection:
        connection.execute(text(statement), values)


def test_the_tallies_follow_every_write(services: Services) -> None:
    services.context.today_override = TODAY
    add = services.actions.add
    open_one = add(ActionDraft("100001", 1, "Screening", status="in_progress", criteria=("IC2",)))
    both = add(ActionDraft("100001", 2, "Cycle", criteria=("IC2", "IC3")))
    done = add(
        ActionDraft(
            "100001",
            1,
            "Done",
            status="completed",
            start_date="2025-11-01",
            completed_date="2025-12-02",
            criteria=("IC2",),
        )
    )
    add(ActionDraft("100002", 1, "Expectations", criteria=("IC1",)))
    evidence = services.evidence.add
    recent = evidence(
        action_id=both.id, title="Recent", evidence_date="2026-12-01", criteria=("IC2", "IC4")
    )
    old = evidence(
        school="100001", principle=1, title="Old", evidence_date="2025-12-01", criteria=("IC2",)
    )
    evidence(
        school="100002", principle=1, title="Later", evidence_date="2027-01-01", criteria=("IC1",)
    )
    _assert_tallies_match(services)
    with services.context.read() as session:
        assert session.execute(text("SELECT count(*) FROM coverage_count")).scalar_one() > 0

    services.actions.update(done.id, {"completed_date": "2026-11-30"})
    services.actions.update(open_one.id, {"status": "completed", "completed_date": "2026-12-01"})
    services.actions.update(both.id, {"criteria": ("IC5",)})
    services.actions.update(both.id, {"school": "100002"})
    services.actions.archive(done.id)
    _assert_tallies_match(services)
    services.actions.archive(done.id, archived=False)
    services.evidence.set_criteria(old.id, ("IC3", "IC6"))
    services.evidence.archive(recent.id)
    _assert_tallies_match(services)

    _sql(services, "UPDATE evidence SET date = '2026-06-01' WHERE id = :id", id=old.id)
    _sql(
        services,
        "UPDATE evidence_criterion SET criterion_id = (SELECT id FROM inspection_criterion "
        "WHERE code = 'IC9') WHERE evidence_id = :id AND criterion_id = (SELECT id FROM "
        "inspection_criterion WHERE code = 'IC3')",
        id=old.id,
    )
    _sql(services, "DELETE FROM action WHERE id = :id", id=open_one.id)
    _sql(services, "DELETE FROM evidence WHERE id = :id", id=old.id)
    _assert_tallies_match(services)


def test_the_migration_fills_the_tallies_as_the_triggers_keep_them(
    services: Services, backend: str, request: pytest.FixtureRequest
) -> None:
    """On the server the owner refills the table (no app login may write it), with the
    PostgreSQL spelling of the same statements."""
    services.context.today_override = TODAY
    services.actions.add(ActionDraft("100001", 1, "Open", criteria=("IC2", "IC3")))
    services.actions.add(
        ActionDraft(
            "100002",
            1,
            "Done",
            status="completed",
            start_date="2026-01-05",
            completed_date="2026-06-30",
            criteria=("IC2",),
        )
    )
    services.evidence.add(
        school="100001", principle=1, title="Note", evidence_date="2026-10-01", criteria=("IC2",)
    )
    path = Path(store.__file__).parent / "migrations" / "versions" / "0013_coverage_counts.py"
    spec = importlib.util.spec_from_file_location("coverage_counts_migration", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    read = "SELECT kind, period, criterion_id, school_id, n FROM coverage_count ORDER BY 1, 2, 3, 4"
    engine = services.context.database.engine
    fill = migration.FILL
    if backend == "postgresql":
        server = request.getfixturevalue("postgres_server")
        engine = create_engine(server.owner_url(services.context.settings.database))
        fill = migration.POSTGRES_FILL
    try:
        with engine.begin() as connection:
            kept = connection.execute(text(read)).all()
            connection.execute(text("DELETE FROM coverage_count"))
            for statement in fill:
                connection.exec_driver_sql(statement)
            filled = connection.execute(text(read)).all()
    finally:
        if engine is not services.context.database.engine:
            engine.dispose()
    assert kept and filled == kept


def _tallies_item(services: Services) -> tuple[bool, str]:
    item = next(i for i in services.check.run().items if i.name == "coverage_tallies")
    return item.ok, item.detail


def test_check_compares_the_tallies_with_the_links(
    services: Services, tamper: Callable[..., object], backend: str
) -> None:
    """An edited tally, and a link written while its trigger was gone, are both named by
    criterion, school and kind; a sound record (and the demo) passes. Edited behind the app's
    back: with the file (SQLite), or as the owner (the server: no app login may write a tally)."""
    services.context.today_override = TODAY
    action = services.actions.add(
        ActionDraft("100001", 1, "Screening", status="in_progress", criteria=("IC2",))
    )
    services.evidence.add(
        action_id=action.id, title="Data", evidence_date="2026-10-05", criteria=("IC2",)
    )
    assert _tallies_item(services) == (True, "the coverage tallies match the links")
    tamper("UPDATE coverage_count SET n = n + 8 WHERE kind = 'open'")
    ok, detail = _tallies_item(services)
    assert not ok
    assert detail.startswith("1 coverage tally differs from the links: IC2 at URN 100001, open ")
    assert "actions: 9 stored, the links give 1" in detail
    tamper("UPDATE coverage_count SET n = n - 8 WHERE kind = 'open'")
    on_table = " ON evidence_criterion" if backend == "postgresql" else ""
    tamper(f"DROP TRIGGER coverage_evidence_link_insert{on_table}")
    tamper(
        "INSERT INTO evidence_criterion (evidence_id, criterion_id) SELECT e.id, c.id "
        "FROM evidence e, inspection_criterion c WHERE c.code = 'IC6'",
    )
    ok, detail = _tallies_item(services)
    assert not ok and detail.startswith("3 coverage tallies differ from the links: ")
    assert "IC6 at URN 100001, evidence dated in 2026-10: 0 stored, the links give 1" in detail


def test_the_demo_trust_passes_the_tally_check(services: Services) -> None:
    from cst_inclusion_desktop.services.records.demo import generate_demo

    generate_demo(services.context, schools=3, actions=60, seed=4)
    assert _tallies_item(services) == (True, "the coverage tallies match the links")
