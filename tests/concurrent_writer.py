"""One writer process of the concurrency test: ``python concurrent_writer.py URL MODE N``.

MODE "add" adds N actions and prints each saved id; MODE "update:ID" changes that action's
title N times and prints "saved" per save. A refused save prints its one-line reason, prefixed
"refused:", and the writer goes on (a conflict is reported, never a crash).
"""

from __future__ import annotations

import sys

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context


def main(url: str, mode: str, count: int) -> int:
    services = Services(open_context(load_settings(overrides={"database": url})))
    try:
        for number in range(count):
            try:
                if mode == "add":
                    draft = ActionDraft(school="100001", principle=1, title=f"Parallel {number}")
                    print(services.actions.add(draft).id, flush=True)
                else:
                    action_id = mode.split(":", 1)[1]
                    services.actions.update(action_id, {"title": f"Edit {number}"})
                    print("saved", flush=True)
            except InclusionError as error:
                print(f"refused: {error}", flush=True)
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
