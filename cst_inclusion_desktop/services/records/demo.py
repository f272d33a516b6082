"""A realistic, reproducible demo trust, built fast with bulk inserts in one transaction.

The same seed gives the same trust (names, URNs, ids, dates). The audit log records the bulk
creation as one event per table rather than one per row, so a 100,000-action demo stays quick.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert

from cst_inclusion_desktop.domain.enums import (
    AreaOfNeed,
    EvidenceKind,
    Operation,
    Rag,
    Status,
)
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.services.context import AppContext, CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.records import demo_words as words
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.store.models import Action, Blob, Evidence, Review, School, utc_now

BATCH = 5000
EVIDENCE_PER_ACTION = 2.5
REVIEWS_PER_ACTION = 2.0


def generate_demo(
    context: AppContext,
    schools: int,
    actions: int,
    seed: int = 1,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> dict[str, int]:
    """Add a demo trust's schools, actions, evidence and reviews; return the counts made."""
    if schools < 1 or schools > 900:
        raise ValidationError("schools", schools, "a number of schools from 1 to 900")
    if actions < 0 or actions > 2_000_000:
        raise ValidationError("actions", actions, "a number of actions from 0 to 2,000,000")
    rng = random.Random(seed)
    today = context.today()
    now = utc_now()
    actor = context.actor
    stamp = {
        "created_at": now,
        "updated_at": now,
        "created_by": actor,
        "updated_by": actor,
        "revision": 1,
    }
    total_steps = actions * 5 + schools
    done = 0

    def tick(amount: int, message: str) -> None:
        nonlocal done
        done += amount
        if cancelled is not None and cancelled():
            raise CancelledError("demo generation cancelled; nothing was added")
        if progress is not None:
            progress(done, total_steps, message)

    with context.write() as (session, trail):
        principle_ids = {p.number: p.id for p in lookups.principles(session)}
        used_urns = set(
            session.execute(School.__table__.select().with_only_columns(School.urn)).scalars()
        )
        school_rows = _school_rows(rng, schools, used_urns, stamp)
        session.execute(insert(School), school_rows)
        tick(schools, "schools")
        blobs = _blob_rows(rng)
        known = {
            row[0]
            for row in session.execute(Blob.__table__.select().with_only_columns(Blob.sha256))
        }
        new_blobs = [row for row in blobs if row["sha256"] not in known]
        if new_blobs:
            session.execute(insert(Blob), new_blobs)
        counts = {"schools": schools, "actions": 0, "evidence": 0, "reviews": 0}
        action_batch: list[dict[str, Any]] = []
        evidence_batch: list[dict[str, Any]] = []
        review_batch: list[dict[str, Any]] = []
        numbers = sorted(principle_ids)
        for index in range(actions):
            school = school_rows[index % schools]
            number = rng.choice(numbers)
            action = _action_row(rng, school, number, principle_ids[number], today, stamp)
            action_batch.append(action)
            for review in _review_rows(rng, action, today, stamp):
                review_batch.append(review)
            for item in _evidence_rows(rng, action, blobs, today, stamp):
                evidence_batch.append(item)
            if len(action_batch) >= BATCH or index == actions - 1:
                session.execute(insert(Action), action_batch)
                session.execute(insert(Review), review_batch)
                session.execute(insert(Evidence), evidence_batch)
                counts["actions"] += len(action_batch)
                counts["reviews"] += len(review_batch)
                counts["evidence"] += len(evidence_batch)
                tick(len(action_batch) * 5, f"{counts['actions']:,} of {actions:,} actions")
                action_batch, review_batch, evidence_batch = [], [], []
        trail.add("demo", words.seeded_uuid(rng), Operation.IMPORT, None, {"seed": seed, **counts})
        return counts


def _school_rows(
    rng: random.Random, count: int, used_urns: set[str], stamp: dict[str, Any]
) -> list[dict[str, Any]]:
    rows = []
    names: set[str] = set()
    for _ in range(count):
        urn = str(rng.randint(100000, 149999))
        while urn in used_urns:
            urn = str(rng.randint(100000, 149999))
        used_urns.add(urn)
        style, phase = rng.choice(words.STYLES)
        name = style.format(place=rng.choice(words.PLACES), saint=rng.choice(words.SAINTS))
        while name in names:
            name = (
                style.format(place=rng.choice(words.PLACES), saint=rng.choice(words.SAINTS))
                + f" ({urn})"
            )
        names.add(name)
        rows.append(
            {
                "id": words.seeded_uuid(rng),
                "urn": urn,
                "name": name,
                "phase": phase.token,
                "senco": words.person_name(rng),
                "archived": False,
                **stamp,
            }
        )
    return rows


def _blob_rows(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for index in range(40):
        text = (
            f"Evidence note {index + 1}\n"
            f"Observed by {words.person_name(rng)} ({rng.choice(words.ROLES)}).\n"
            "Summary of what was seen and the next steps agreed.\n"
        ).encode()
        rows.append({"sha256": hashlib.sha256(text).hexdigest(), "size": len(text), "data": text})
    return rows


def _action_row(
    rng: random.Random,
    school: dict[str, Any],
    number: int,
    principle_id: str,
    today: date,
    stamp: dict[str, Any],
) -> dict[str, Any]:
    start = today - timedelta(days=rng.randint(0, 400))
    due = start + timedelta(days=rng.randint(30, 300))
    status = rng.choices(list(Status), weights=[25, 40, 25, 6, 4])[0]
    rag = rng.choices(list(Rag), weights=[15, 40, 45])[0]
    title = f"{rng.choice(words.VERBS)} {rng.choice(words.OBJECTS.get(number, words.OBJECTS[5]))}"
    area = rng.choice([None, *AreaOfNeed])
    return {
        "id": words.seeded_uuid(rng),
        "school_id": school["id"],
        "principle_id": principle_id,
        "title": title,
        "description": f"{title} so that pupils with SEND at {school['name']} are better served.",
        "owner": f"{words.person_name(rng)} ({rng.choice(words.ROLES)})",
        "status": status.token,
        "rag": rag.token,
        "rag_overridden": False,
        "start_date": start,
        "due_date": due,
        "completed_date": min(due, today) if status is Status.COMPLETED else None,
        "area_of_need": area.token if area else None,
        "archived": False,
        "evidence_count": 0,
        "last_review_date": None,
        **stamp,
    }


def _review_rows(
    rng: random.Random, action: dict[str, Any], today: date, stamp: dict[str, Any]
) -> list[dict[str, Any]]:
    count = rng.choices([0, 1, 2, 3, 4], weights=[10, 20, 35, 25, 10])[0]
    rows = []
    when = action["start_date"]
    for _ in range(count):
        when = min(today, when + timedelta(days=rng.randint(20, 70)))
        rows.append(
            {
                "id": words.seeded_uuid(rng),
                "action_id": action["id"],
                "date": when,
                "rag": action["rag"],
                "note": rng.choice(
                    [
                        "On track; next step agreed.",
                        "Slower than planned: staff absence.",
                        "Impact seen in pupil voice.",
                        "Training delivered; follow-up due.",
                    ]
                ),
                "next_review_date": when + timedelta(days=42),
                "reviewer": words.person_name(rng),
                **stamp,
            }
        )
    if rows:
        action["last_review_date"] = rows[-1]["date"]
    return rows


def _evidence_rows(
    rng: random.Random,
    action: dict[str, Any],
    blobs: list[dict[str, Any]],
    today: date,
    stamp: dict[str, Any],
) -> list[dict[str, Any]]:
    count = rng.choices([0, 1, 2, 3, 4, 5], weights=[10, 15, 25, 25, 15, 10])[0]
    rows = []
    for index in range(count):
        blob = rng.choice(blobs) if rng.random() < 0.7 else None
        kind = rng.choice(list(EvidenceKind))
        rows.append(
            {
                "id": words.seeded_uuid(rng),
                "school_id": action["school_id"],
                "principle_id": action["principle_id"],
                "action_id": action["id"],
                "kind": kind.token,
                "title": f"{kind.label} {index + 1}",
                "note": "",
                "date": min(today, action["start_date"] + timedelta(days=rng.randint(0, 120))),
                "blob_sha256": blob["sha256"] if blob else None,
                "file_name": f"evidence-{index + 1}.txt" if blob else None,
                "file_size": blob["size"] if blob else None,
                "archived": False,
                **stamp,
            }
        )
    action["evidence_count"] = count
    return rows
