"""Several processes writing to one server database at once: every reported save is there,
the audit hash chain stays one valid chain (the appends are serialised), and nothing fails
except a reported conflict."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cst_inclusion_desktop.services import Services

pytestmark = pytest.mark.postgresql_only
WRITER = Path(__file__).with_name("concurrent_writer.py")
ROOT = Path(__file__).resolve().parent.parent


def test_parallel_writers_lose_nothing_and_keep_one_chain(
    services: Services, make_action: Callable[..., str], database_url: str
) -> None:
    shared = make_action(title="Everyone edits this")
    first = next(item for item in services.check.run().items if item.name == "audit_chain")
    events_before = int(first.detail.split()[0].replace(",", ""))
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    modes = ["add"] * 4 + [f"update:{shared}"] * 3
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), database_url, mode, "8"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for mode in modes
    ]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    for writer, (_out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert "Traceback" not in err, err
    lines = [line for out, _err in outputs for line in out.splitlines()]
    assert len(lines) == 8 * len(modes)  # every writer reported every save, one way or other
    refused = [line for line in lines if line.startswith("refused:")]
    for line in refused:  # the only acceptable refusal: someone else saved first
        assert "changed" in line or "conflict" in line, line
    added = [line for out, _ in outputs[:4] for line in out.splitlines() if "refused" not in line]
    for action_id in added:  # every reported save is there
        assert services.actions.get(action_id).title.startswith("Parallel")
    assert len(added) == 32  # adding different actions never conflicts
    assert services.actions.get(shared).title.startswith("Edit ")
    chain = next(item for item in services.check.run().items if item.name == "audit_chain")
    assert chain.ok, chain.detail
    assert int(chain.detail.split()[0].replace(",", "")) >= events_before + 32
