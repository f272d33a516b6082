"""The victim of the crash-safety test: writes through the services until it is killed.

Run as ``python tests/crash_writer.py DB SEED FOLDER``. After every committed write it prints
one line (``add <id>``, ``update <id> <rev>``, ``review <id>``, ``evidence <id>``,
``import <count>``) and flushes, so the test knows exactly which writes reported success.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.records.demo import generate_demo
from cst_inclusion_desktop.services.safety.opening import open_context

OPERATIONS = ["add", "add", "update", "update", "review", "evidence", "import"]


def main(database: str, seed: int, folder: Path) -> None:
    services = Services(open_context(load_settings(overrides={"database": database})))
    rng = random.Random(seed)
    existing = [action.id for action in services.actions.list(limit=200)]
    print("ready", flush=True)
    while True:
        operation = rng.choice(OPERATIONS)
        if operation in ("update", "review", "evidence") and not existing:
            operation = "add"
        if operation == "add":
            draft = ActionDraft(
                school=rng.choice(["100001", "100002"]),
                principle=rng.randint(1, 5),
                title=f"Crash test {seed}-{rng.randrange(10**9)} Ŵ",
                description="d" * rng.randint(0, 5000),
            )
            action_id = services.actions.add(draft).id
            existing.append(action_id)
            print(f"add {action_id}", flush=True)
        elif operation == "update":
            action_id = rng.choice(existing)
            revision = time.time_ns()
            services.actions.update(action_id, {"description": f"rev {revision}"})
            print(f"update {action_id} {revision}", flush=True)
        elif operation == "review":
            rag = rng.choice(["red", "amber", "green"])
            review = services.reviews.add(rng.choice(existing), rag, "x" * rng.randint(0, 3000))
            print(f"review {review.id}", flush=True)
        elif operation == "evidence":
            path = folder / f"evidence-{seed}.bin"
            path.write_bytes(rng.randbytes(rng.randint(0, 100_000)))
            evidence = services.evidence.add(action_id=rng.choice(existing), file=path)
            print(f"evidence {evidence.id}", flush=True)
        else:
            counts = generate_demo(
                services.context, 1, rng.randint(20, 400), seed=rng.getrandbits(60)
            )
            print(f"import {counts['actions']}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
