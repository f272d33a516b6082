"""Search gives the same rows on SQLite (FTS5 trigram index, LIKE for short words) and on
PostgreSQL (ILIKE, pg_trgm indexes), case-insensitively, non-ASCII letters included."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cst_inclusion_desktop.domain.filters import ActionFilter
from cst_inclusion_desktop.services import Services

TITLES = {
    "zoe": "Zoë's reading plan",
    "orsted": "ØRSTED family meeting",
    "lower": "ørsted follow-up",
    "welsh": "Cynllun Ŵyn",
    "plain": "Sensory room",
    "german": "Straße crossing drill",
}
SEARCHES = {
    "zoë": {"zoe"},
    "ZOË": {"zoe"},
    "ørsted": {"orsted", "lower"},
    "ØRSTED": {"orsted", "lower"},
    "øR": {"orsted", "lower"},  # two letters: the LIKE fallback on SQLite
    "ŵyn": {"welsh"},
    "Ŵ": {"welsh"},
    "sensory ROOM": {"plain"},
    "straße": {"german"},
    "nothing like it": set(),
}


@pytest.mark.parametrize(("words", "expected"), SEARCHES.items(), ids=list(SEARCHES))
def test_search_is_case_insensitive_for_every_letter(
    services: Services,
    make_action: Callable[..., str],
    words: str,
    expected: set[str],
) -> None:
    ids = {make_action(title=title): key for key, title in TITLES.items()}
    for include_archived in (False, True):
        search = ActionFilter(search=words, include_archived=include_archived)
        found = {ids[row.id] for row in services.actions.list(search)}
        assert found == expected, (words, include_archived)
        assert services.actions.count(search) == len(expected)
