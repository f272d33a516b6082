"""Inspection coverage on hand-built records: what counts in the last 12 months, the gaps, the
one-query-per-kind read, and the annex's coverage table."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.coverage import Coverage, CoverageCell, cell_text
from cst_inclusion_desktop.domain.criteria import Criterion
from cst_inclusion_desktop.domain.definitions import (
    counts_for_coverage,
    coverage_start,
    evidence_in_coverage,
)
from cst_inclusion_desktop.domain.enums import Status
from cst_inclusion_desktop.domain.report_model import SchoolRef
from cst_inclusion_desktop.reports.blocks import Table, Text
from cst_inclusion_desktop.reports.coverage_table import coverage_blocks
from cst_inclusion_desktop.services import Services

TODAY = date(2026, 12, 1)


def test_the_12_month_rule() -> None:
    assert coverage_start(TODAY) == date(2025, 12, 2)
    assert coverage_start(date(2028, 2, 29)) == date(2027, 3, 1)
    assert counts_for_coverage(Status.PLANNED, None, TODAY)
    assert counts_for_coverage(Status.ON_HOLD, None, TODAY)
    assert counts_for_coverage(Status.COMPLETED, date(2025, 12, 2), TODAY)
    assert not counts_for_coverage(Status.COMPLETED, date(2025, 12, 1), TODAY)
    assert not counts_for_coverage(Status.COMPLETED, None, TODAY)
    assert not counts_for_coverage(Status.CANCELLED, date(2026, 11, 1), TODAY)
    assert evidence_in_coverage(date(2025, 12, 2), TODAY)
    assert not evidence_in_coverage(date(2025, 12, 1), TODAY)
    assert not evidence_in_coverage(date(2026, 12, 2), TODAY)


@pytest.fixture
def tagged(services: Services) -> Services:
    """Oakfield: two open IC2 actions (one also IC3), one IC2 completed in the window, one
    completed too long ago, one cancelled, one archived; evidence for IC2 (recent and old) and
    IC3 (old only). Ysgol Bryn Ŵyn: one open IC1 action, no evidence at all."""
    services.context.today_override = TODAY
    add = services.actions.add
    add(ActionDraft("100001", 1, "Screening", status="in_progress", criteria=("IC2",)))
    both = add(ActionDraft("100001", 2, "Cycle", criteria=("IC2", "IC3")))
    add(
        ActionDraft(
            "100001",
            1,
            "Done lately",
            status="completed",
            start_date="2026-01-05",
            completed_date="2026-06-30",
            criteria=("IC2",),
        )
    )
    add(
        ActionDraft(
            "100001",
            1,
            "Done long ago",
            status="completed",
            start_date="2024-09-01",
            completed_date="2025-07-01",
            criteria=("IC2",),
        )
    )
    add(ActionDraft("100001", 1, "Dropped", status="cancelled", criteria=("IC2",)))
    hidden = add(ActionDraft("100001", 1, "Archived", criteria=("IC2",)))
    services.actions.archive(hidden.id)
    add(ActionDraft("100002", 1, "Expectations", criteria=("IC1",)))
    evidence = services.evidence.add
    evidence(action_id=both.id, title="Recent", evidence_date="2026-10-01", criteria=("IC2",))
    evidence(
        school="100001", principle=1, title="Old", evidence_date="2024-01-10", criteria=("IC2",)
    )
    evidence(
        school="100001", principle=2, title="Old 3", evidence_date="2024-02-01", criteria=("IC3",)
    )
    evidence(school="100001", principle=1, title="Untagged", evidence_date="2026-11-01")
    return services


def _school_id(services: Services, urn: str) -> str:
    return next(school.id for school in services.schools.list() if school.urn == urn)


def test_coverage_counts_open_completed_and_evidence_in_the_window(tagged: Services) -> None:
    coverage = tagged.coverage.coverage()
    oak, ysgol = _school_id(tagged, "100001"), _school_id(tagged, "100002")
    assert coverage.day == TODAY and coverage.start == date(2025, 12, 2)
    assert [criterion.code for criterion in coverage.criteria] == [f"IC{n}" for n in range(1, 10)]
    assert [school.urn for school in coverage.schools] == ["100001", "100002"]
    assert coverage.cell("IC2", oak) == CoverageCell("IC2", oak, 2, 1, 1, 2)
    # IC3: one open action; its only evidence is older than 12 months: counted 0, no gap.
    ic3 = coverage.cell("IC3", oak)
    assert (ic3.open_actions, ic3.evidence, ic3.evidence_ever, ic3.gap) == (1, 0, 1, False)
    # Ysgol: an action but no evidence at all: a gap; untouched criteria are gaps too.
    assert coverage.cell("IC1", ysgol) == CoverageCell("IC1", ysgol, 1, 0, 0, 0)
    assert coverage.cell("IC1", ysgol).gap
    assert coverage.gap_count("IC2") == 1 and coverage.gap_count("IC1") == 2
    assert cell_text(coverage.cell("IC1", ysgol)) == "1 open · 0 done\n⚠ Gap: no ev."
    assert cell_text(coverage.cell("IC2", oak)) == "2 open · 1 done\n1 ev."


def test_a_retired_criterion_leaves_the_coverage(tagged: Services) -> None:
    tagged.criteria.retire("IC3")
    coverage = tagged.coverage.coverage()
    assert "IC3" not in [criterion.code for criterion in coverage.criteria]
    assert all(code != "IC3" for code, _ in coverage.cells)


def test_coverage_reads_one_grouped_query_per_kind_and_keeps_it_while_unchanged(
    tagged: Services,
) -> None:
    """However many schools and criteria: a fixed number of statements, never one per cell."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = tagged.context.database.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        tagged.coverage.coverage()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    grouped = [s for s in statements if "GROUP BY" in s]
    assert len(grouped) == 2
    assert len(statements) <= 6
    statements.clear()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        again = tagged.coverage.coverage()  # nothing changed: the kept coverage
        assert not [s for s in statements if "GROUP BY" in s]
        tagged.evidence.add(school="100002", principle=1, title="New", criteria=("IC1",))
        statements.clear()
        changed = tagged.coverage.coverage()
        assert len([s for s in statements if "GROUP BY" in s]) == 2
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    ysgol = _school_id(tagged, "100002")
    assert again.cell("IC1", ysgol).gap and not changed.cell("IC1", ysgol).gap


def _hand_built() -> Coverage:
    criteria = (
        Criterion("IC1", "High expectations", "…", False, 1),
        Criterion("IC2", "Early identification", "…", False, 2),
    )
    schools = (
        SchoolRef("a", "100001", "Oakfield Primary School", "Primary", ""),
        SchoolRef("b", "100002", "Ysgol Bryn Ŵyn", "Secondary", ""),
    )
    cells = {
        ("IC1", "a"): CoverageCell("IC1", "a", 3, 2, 5, 9),
        ("IC2", "a"): CoverageCell("IC2", "a", 1, 0, 0, 0),
        ("IC1", "b"): CoverageCell("IC1", "b", 0, 1, 0, 4),
    }
    return Coverage(TODAY, TODAY - timedelta(days=364), criteria, schools, cells)


def test_the_annex_table_marks_gaps_in_words() -> None:
    blocks = coverage_blocks(_hand_built())
    tables = [block for block in blocks if isinstance(block, Table)]
    assert len(tables) == 1
    table = tables[0]
    assert table.header == ("School", "IC1", "IC2")
    rows = [[cell.text for cell in row] for row in table.rows]
    assert rows[0] == ["Oakfield Primary School (100001)", "3 · 2\n5 ev.", "1 · 0\n⚠ Gap"]
    assert rows[1] == ["Ysgol Bryn Ŵyn (100002)", "0 · 1\n0 ev.", "0 · 0\n⚠ Gap"]
    assert rows[2] == ["Schools with a gap", "0", "2"]
    assert table.rows[0][2].bold and not table.rows[0][1].bold
    texts = " ".join(block.text for block in blocks if isinstance(block, Text))
    assert "IC1 High expectations; IC2 Early identification." in texts
    assert "2 gaps across 2 schools" in texts
    assert "2 Dec 2025 to 1 Dec 2026" in texts


def test_the_annex_carries_the_coverage_of_its_schools(tagged: Services, tmp_path: Path) -> None:
    from cst_inclusion_desktop.domain.board_paper import BoardPaperRequest
    from cst_inclusion_desktop.reports.outputs import write_annex
    from tests.pdf_checks import page_texts, section_text

    annex = tagged.report.annex(BoardPaperRequest(school_urns=("100002",), verify_evidence=False))
    assert annex.coverage is not None
    assert [school.urn for school in annex.coverage.schools] == ["100002"]
    out = tmp_path / "annex.pdf"
    write_annex(annex, out)
    texts = page_texts(out)
    coverage = section_text(out, texts, "Inspection coverage")
    assert "Ysgol Bryn Ŵyn (100002) 1 · 0 ⚠ Gap" in coverage
    assert "Schools with a gap 1 1 1 1 1 1 1 1 1" in coverage
