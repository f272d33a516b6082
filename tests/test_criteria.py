"""The inspection criteria list: shipped, stored, versioned, audited; edited, added, retired,
imported and exported through the service and the command line; a hostile file refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.services import Services
from tests.conftest import CliResult

TITLES = {
    "IC1": "High expectations for all pupils",
    "IC2": "Early and accurate identification of needs",
    "IC3": "A continuous cycle of planning, action and review",
    "IC9": "An accurate, accessible SEN information report",
}


def test_a_new_database_holds_the_default_list_and_its_toolkit(services: Services) -> None:
    criteria = services.criteria.list()
    assert [c.code for c in criteria] == [f"IC{n}" for n in range(1, 10)]
    for code, title in TITLES.items():
        assert {c.code: c.title for c in criteria}[code] == title
    assert "6.44" in criteria[2].summary and all(c.summary for c in criteria)
    toolkit = services.criteria.toolkit()
    assert toolkit.name == "School inspection toolkit (renewed framework)"
    assert toolkit.published == date(2025, 11, 10)
    assert toolkit.version == 1
