"""The demo trust's inspection criteria: one to three per action, every criterion in use, some
thin and some gaps, and the same seed giving the same tags."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import select

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.demo import generate_demo
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.store.models import (
    ActionCriterion,
    EvidenceCriterion,
    InspectionCriterion,
)

TODAY = date(2026, 12, 1)


def _demo(path: Path, seed: int) -> tuple[set[tuple[str, str]], set[tuple[str, str]], Services]:
    services = Services(open_context(load_settings(overrides={"database": str(path)}), create=True))
    services.context.today_override = TODAY
    services.trust.create("Demo")
    generate_demo(services.context, 6, 600, seed)
    with services.context.read() as session:
        # Criterion ids are made by each database's migration: compare codes.
        code = {row.id: row.code for row in session.execute(select(InspectionCriterion)).scalars()}
        actions = {
            (action_id, code[criterion_id])
            for action_id, criterion_id in session.execute(
                select(ActionCriterion.action_id, ActionCriterion.criterion_id)
            )
        }
        evidence = {
            (evidence_id, code[criterion_id])
            for evidence_id, criterion_id in session.execute(
                select(EvidenceCriterion.evidence_id, EvidenceCriterion.criterion_id)
            )
        }
    return actions, evidence, services


def test_the_demo_tags_a_realistic_spread_the_same_way_each_time(tmp_path: Path) -> None:
    first_actions, first_evidence, services = _demo(tmp_path / "one.db", 3)
    try:
        per_action = Counter(action_id for action_id, _ in first_actions)
        assert len(per_action) == 600  # every action carries a criterion
        assert set(per_action.values()) <= {1, 2, 3} and 1 in per_action.values()
        assert first_evidence
        coverage = services.coverage.coverage()
        assert len(coverage.criteria) == 9
        used = {code for (code, _school), cell in coverage.cells.items() if cell.actions}
        assert len(used) == 9  # every criterion turns up somewhere
        assert 0 < len(coverage.gaps()) < 6 * 9 // 3  # a few gaps, not most cells
        for school in coverage.schools:  # each school has a criterion far thinner than its most
            counts = [coverage.cell(c.code, school.id).actions for c in coverage.criteria]
            assert min(counts) * 4 < max(counts), (school.name, counts)
    finally:
        services.close()
    again_actions, again_evidence, other = _demo(tmp_path / "two.db", 3)
    other.close()
    assert again_actions == first_actions and again_evidence == first_evidence
