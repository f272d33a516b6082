"""The demo trust's inspection criteria: each action carries one to three criteria that suit its
principle, its evidence carries the action's main one, and every school has a couple of thin
criteria (few actions) and sometimes a gap (no evidence at all), as real records do.

A random stream of its own (from the demo's seed), so tagging leaves the rest of the demo trust
exactly as it was without it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

AFFINITY: dict[int, dict[int, float]] = {
    # principle number → {position of the criterion in the default list (IC1 = 0): weight}
    1: {1: 3.0, 2: 2.0, 5: 1.0, 0: 1.0},
    2: {0: 3.0, 6: 1.5, 2: 1.0},
    3: {3: 3.0, 2: 2.0, 6: 2.0, 4: 1.0},
    4: {5: 3.0, 3: 2.0, 8: 1.0},
    5: {7: 3.0, 4: 2.0, 8: 1.5, 2: 1.0},
}
BASE_WEIGHT = 0.3
"""Every criterion can turn up under every principle, only less often."""
THIN_PER_SCHOOL = 2
THIN_FACTOR = 0.08
GAP_SHARE = 0.5
"""About half the schools hold no evidence at all for one of their thin criteria."""
COUNT_WEIGHTS = (0.6, 0.35, 0.05)
"""One, two or three criteria per action."""
SEED_OFFSET = 7919


class CriteriaTagger:
    """Makes the link rows for each demo action and its evidence."""

    def __init__(
        self,
        seed: int,
        criterion_ids: Sequence[str],
        school_ids: Sequence[str],
        principle_numbers: Sequence[int],
    ) -> None:
        self.rng = random.Random(seed * SEED_OFFSET + 1)
        self.ids = list(criterion_ids)
        self._cumulative: dict[tuple[str, int], list[float]] = {}
        self.gaps: dict[str, set[str]] = {}
        if not self.ids:
            return
        for school_id in school_ids:
            thin = set(self.rng.sample(range(len(self.ids)), min(THIN_PER_SCHOOL, len(self.ids))))
            if self.rng.random() < GAP_SHARE:
                self.gaps[school_id] = {self.ids[min(thin)]}
            for number in principle_numbers:
                affinity = AFFINITY.get(number, {}) if len(self.ids) == 9 else {}
                weights = [
                    (BASE_WEIGHT + affinity.get(position, 0.0))
                    * (THIN_FACTOR if position in thin else 1.0)
                    for position in range(len(self.ids))
                ]
                self._cumulative[(school_id, number)] = list(accumulate(weights))

    def action_links(self, action: dict[str, Any], number: int) -> list[str]:
        """The criterion ids of one action (most suited first)."""
        if not self.ids:
            return []
        wanted = self.rng.choices((1, 2, 3), COUNT_WEIGHTS)[0]
        cumulative = self._cumulative[(action["school_id"], number)]
        drawn = self.rng.choices(self.ids, cum_weights=cumulative, k=wanted * 2)
        return list(dict.fromkeys(drawn))[:wanted]

    def rows(
        self, action: dict[str, Any], criteria: list[str], evidence: list[dict[str, Any]]
    ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """The action's link rows and its evidence's: each item carries the action's main
        criterion, one in ten all of them, never one the school has a gap in."""
        action_rows = [{"action_id": action["id"], "criterion_id": one} for one in criteria]
        if not criteria:
            return action_rows, []
        gaps = self.gaps.get(action["school_id"], set())
        evidence_rows = []
        for item in evidence:
            carried = criteria if self.rng.random() < 0.1 else criteria[:1]
            evidence_rows += [
                {"evidence_id": item["id"], "criterion_id": one}
                for one in carried
                if one not in gaps
            ]
        return action_rows, evidence_rows
