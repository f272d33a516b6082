"""Property: any random edit of a valid pack's JSON, resealed, is refused with exit 2 or
imported validly — never exit 1, never a partial write, and `check` stays ok after.

Examples: ``CST_HOSTILE_EXAMPLES`` (default 25; set 500 for a thorough run).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from conftest import file_state
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pack_tools import Cli, OpenPack, Trust, leftovers, trust

from cst_inclusion_desktop.config import load_settings

pytestmark = (
    pytest.mark.sqlite_only
)  # pack signing keys live beside a SQLite file (no server home yet)

__all__ = ["trust"]  # the fixture, imported so pytest finds it here

EXAMPLES = int(os.environ.get("CST_HOSTILE_EXAMPLES", "25"))
TOP_KEYS = ["school", "actions", "evidence", "reviews", "audit"]
SPECIAL = [
    "2999-01-01T00:00:00+00:00",
    "2026-10-01T09:00:00",
    "2026-10-01",
    "1989-12-31",
    "../../etc/passwd",
    "/root/.bashrc",
    "100002",
    "999999",
    "red",
    "completed",
    "other",
    "\u202egpj.exe",
    "\x1b[2J",
    "nul\x00",
    "x" * 5000,
    "0" * 64,
    "00000000-0000-4000-8000-000000000000",
]
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.sampled_from(SPECIAL),
    st.text(max_size=30),
)
value = st.one_of(
    scalar, st.lists(scalar, max_size=3), st.dictionaries(st.text(max_size=5), scalar, max_size=3)
)


def _target(data: Any, pack: OpenPack) -> dict[str, Any] | None:
    top = data.draw(st.sampled_from(TOP_KEYS), label="top")
    holder = pack.data[top]
    if isinstance(holder, list):
        if not holder:
            return None
        holder = holder[data.draw(st.integers(0, len(holder) - 1), label="index")]
    if top == "audit" and data.draw(st.booleans(), label="inside"):
        nested = holder.get(data.draw(st.sampled_from(["before", "after"]), label="side"))
        holder = nested if isinstance(nested, dict) else holder
    return holder


def _edit(data: Any, pack: OpenPack) -> None:
    row = _target(data, pack)
    if row is None:
        return
    kind = data.draw(st.sampled_from(["set", "set", "set", "delete", "add", "copy"]), label="kind")
    field = data.draw(st.sampled_from(sorted(row)), label="field") if row else "id"
    if kind == "set":
        row[field] = data.draw(value, label="value")
    elif kind == "delete":
        row.pop(field, None)
    elif kind == "add":
        row[data.draw(st.text(min_size=1, max_size=8), label="new field")] = data.draw(value)
    else:  # another row's value for the same field: ids, dates and URNs that are each valid
        other = _target(data, pack)
        if other and field in other:
            row[field] = other[field]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_edits_are_refused_or_imported_validly(trust: Trust, cli: Cli, data: Any) -> None:
    pack = trust.edited(
        lambda opened: [_edit(data, opened) for _ in range(data.draw(st.integers(1, 3)))]
    )
    before = file_state(trust.db)
    result = cli("pack", "import", str(pack), db=trust.db)
    assert result.code in (0, 2), result.err
    if result.code == 2:
        assert result.err.count("\n") == 1, result.err
        assert file_state(trust.db) == before
        assert leftovers(trust.db) == []
    else:
        check = cli("check", db=trust.db)
        assert check.code == 0, check.out
        backups = load_settings(overrides={"database": str(trust.db)}).backup_path
        for backup in backups.glob("*pre-import*"):
            backup.unlink()  # a real import's restore point; the next example starts clean
