"""A realistic, reproducible demo trust, built fast with bulk inserts in one transaction.

The same seed and the same "today" give the same trust (names, URNs, ids, dates). Each action
has a simulated history (demo_timeline.py): six terms of reviews, status changes and evidence.
Its status changes are written to the audit log as compact back-dated events (``{"status": …}``
before and after, stamped on the day of the change, in date order), so a report "as it stood"
at the end of a past term reads the same history a real trust's record would give it. Rows
themselves are bulk inserted and audited as one event per table, so 100,000 actions stay quick.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.enums import AreaOfNeed, EvidenceKind, Operation, Phase, Rag
from cst_inclusion_desktop.domain.errors import CancelledError, ValidationError
from cst_inclusion_desktop.services.context import AppContext, CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.records import demo_words as words
from cst_inclusion_desktop.services.records import lookups
from cst_inclusion_desktop.services.records.demo_criteria import CriteriaTagger
from cst_inclusion_desktop.services.records.demo_timeline import (
    DemoCalendar,
    Timeline,
    demo_calendar,
    principle_weights,
    school_climates,
    simulate,
)
from cst_inclusion_desktop.services.safety.audit import AuditTrail
from cst_inclusion_desktop.store.bulk import large_cache
from cst_inclusion_desktop.store.models import (
    Action,
    ActionCriterion,
    Base,
    Blob,
    Evidence,
    EvidenceCriterion,
    InspectionCriterion,
    Review,
    School,
    utc_now,
)

BATCH = 5000
EVIDENCE_PER_ACTION = 2.5
REVIEWS_PER_ACTION = 2.0
EVIDENCE_GAP_DAYS = 75

StatusEvent = tuple[date, str, str, str]
"""(day, action id, status before, status after) of one simulated status change."""


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
    calendar = demo_calendar(context.today())
    now = utc_now()
    actor = context.actor
    stamp = {
        "created_at": now,
        "updated_at": now,
        "created_by": actor,
        "updated_by": actor,
        "revision": 1,
    }
    total_steps = actions * 6 + schools
    done = 0

    def tick(amount: int, message: str) -> None:
        nonlocal done
        done += amount
        if cancelled is not None and cancelled():
            raise CancelledError("demo generation cancelled; nothing was added")
        if progress is not None:
            progress(done, total_steps, message)

    with context.write() as (session, trail), large_cache(session):
        principle_ids = {p.number: p.id for p in lookups.principles(session)}
        used_urns = set(
            session.execute(School.__table__.select().with_only_columns(School.urn)).scalars()
        )
        school_rows = _school_rows(rng, schools, used_urns, stamp)
        _insert(session, School, school_rows)
        tick(schools, "schools")
        blobs = _blob_rows(rng)
        known = {
            row[0]
            for row in session.execute(Blob.__table__.select().with_only_columns(Blob.sha256))
        }
        new_blobs = [row for row in blobs if row["sha256"] not in known]
        if new_blobs:
            _insert(session, Blob, new_blobs)
        counts = {"schools": schools, "actions": 0, "evidence": 0, "reviews": 0}
        numbers = sorted(principle_ids)
        climates = school_climates(rng, schools)
        weights = principle_weights(rng, numbers)
        status_events: list[StatusEvent] = []
        action_batch: list[dict[str, Any]] = []
        evidence_batch: list[dict[str, Any]] = []
        review_batch: list[dict[str, Any]] = []
        tagger = CriteriaTagger(
            seed, _criterion_ids(session), [row["id"] for row in school_rows], numbers
        )
        links: list[dict[str, str]] = []
        evidence_links: list[dict[str, str]] = []
        for index in range(actions):
            school = school_rows[index % schools]
            number = rng.choice(numbers)
            timeline = simulate(rng, calendar, climates[index % schools], weights[number])
            action = _action_row(rng, school, number, principle_ids[number], timeline, stamp)
            action_batch.append(action)
            review_batch += _review_rows(rng, action, timeline, stamp)
            evidence_rows = _evidence_rows(rng, action, timeline, calendar, blobs, stamp)
            evidence_batch += evidence_rows
            tagged = tagger.rows(action, tagger.action_links(action, number), evidence_rows)
            links += tagged[0]
            evidence_links += tagged[1]
            status_events += [
                (change.day, action["id"], change.before.token, change.after.token)
                for change in timeline.changes
            ]
            if len(action_batch) >= BATCH or index == actions - 1:
                _insert(session, Action, action_batch)
                _insert(session, Review, review_batch)
                _insert(session, Evidence, evidence_batch)
                _insert_links(session, links, evidence_links)
                links, evidence_links = [], []
                counts["actions"] += len(action_batch)
                counts["reviews"] += len(review_batch)
                counts["evidence"] += len(evidence_batch)
                tick(len(action_batch) * 5, f"{counts['actions']:,} of {actions:,} actions")
                action_batch, review_batch, evidence_batch = [], [], []
        _audit_status_history(trail, status_events)
        tick(actions, "history")
        trail.add("demo", words.seeded_uuid(rng), Operation.IMPORT, None, {"seed": seed, **counts})
        return counts


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """A Core insert: one executemany per batch (the ORM form splits a batch wherever the set of
    None values changes, which made the demo three times slower)."""
    session.execute(insert(cast(Table, model.__table__)), rows)


def _criterion_ids(session: Session) -> list[str]:
    """The current criteria's ids in list order (the default list is IC1 to IC9)."""
    query = (
        select(InspectionCriterion.id)
        .where(InspectionCriterion.retired.is_(False))
        .order_by(InspectionCriterion.sort_order, InspectionCriterion.code)
    )
    return list(session.execute(query).scalars())


def _insert_links(
    session: Session, links: list[dict[str, str]], evidence_links: list[dict[str, str]]
) -> None:
    if links:
        _insert(session, ActionCriterion, links)
    if evidence_links:
        _insert(session, EvidenceCriterion, evidence_links)


def _audit_status_history(trail: AuditTrail, events: list[StatusEvent]) -> None:
    """Each simulated status change as a back-dated event, oldest first (seq follows time)."""
    events.sort()
    for day, action_id, before, after in events:
        trail.add(
            "action",
            action_id,
            Operation.UPDATE,
            {"status": before},
            {"status": after},
            at=_noon(day),
        )


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


def _school_name(rng: random.Random, taken: set[str]) -> tuple[str, Phase]:
    """A name no other demo school has, as real trusts' names read (no number tacked on)."""
    for _attempt in range(200):
        style, phase = rng.choice(words.STYLES)
        name = style.format(place=rng.choice(words.PLACES), saint=rng.choice(words.SAINTS))
        if name not in taken:
            return name, phase
    return f"{name} {len(taken) + 1}", phase  # only for trusts larger than the word lists


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
        name, phase = _school_name(rng, names)
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
    timeline: Timeline,
    stamp: dict[str, Any],
) -> dict[str, Any]:
    title = f"{rng.choice(words.VERBS)} {rng.choice(words.OBJECTS.get(number, words.OBJECTS[5]))}"
    area = rng.choice([None, *AreaOfNeed])
    latest = timeline.reviews[-1] if timeline.reviews else None
    last_touched = max(
        [timeline.created]
        + [change.day for change in timeline.changes]
        + ([latest.day] if latest else [])
    )
    return {
        **stamp,
        "id": words.seeded_uuid(rng),
        "school_id": school["id"],
        "principle_id": principle_id,
        "title": title,
        "description": f"{title} so that pupils with SEND at {school['name']} are better served.",
        "owner": f"{words.person_name(rng)} ({rng.choice(words.ROLES)})",
        "status": timeline.status.token,
        "rag": latest.rag.token if latest else None,  # never reviewed: not yet rated
        "rag_overridden": False,
        "start_date": timeline.start,
        "due_date": timeline.due,
        "completed_date": timeline.completed,
        "area_of_need": area.token if area else None,
        "archived": False,
        "evidence_count": 0,
        "last_review_date": latest.day if latest else None,
        "created_at": _noon(timeline.created),
        "updated_at": _noon(last_touched),
    }


REVIEW_NOTES = {
    Rag.RED: [
        "Slower than planned: staff absence.",
        "Little impact yet; support from the trust lead agreed.",
        "Stalled while the SENCO post was vacant.",
    ],
    Rag.AMBER: [
        "Some progress; next step agreed.",
        "Training delivered; follow-up due.",
        "Early signs of impact; needs embedding.",
    ],
    Rag.GREEN: [
        "On track; next step agreed.",
        "Impact seen in pupil voice.",
        "Embedded across the school.",
    ],
}


def _review_rows(
    rng: random.Random, action: dict[str, Any], timeline: Timeline, stamp: dict[str, Any]
) -> list[dict[str, Any]]:
    return [
        {
            **stamp,
            "id": words.seeded_uuid(rng),
            "action_id": action["id"],
            "date": moment.day,
            "rag": moment.rag.token,
            "note": rng.choice(REVIEW_NOTES[moment.rag]),
            "next_review_date": moment.day + timedelta(days=42),
            "reviewer": words.person_name(rng),
            "created_at": _noon(moment.day),
            "updated_at": _noon(moment.day),
        }
        for moment in timeline.reviews
    ]


def _evidence_rows(
    rng: random.Random,
    action: dict[str, Any],
    timeline: Timeline,
    calendar: DemoCalendar,
    blobs: list[dict[str, Any]],
    stamp: dict[str, Any],
) -> list[dict[str, Any]]:
    """Evidence gathered every few weeks while the work went on; work not started has none."""
    if timeline.start > calendar.today:
        return []
    last_day = min(timeline.active_until, calendar.today)
    rows: list[dict[str, Any]] = []
    day = timeline.start + timedelta(days=rng.randint(0, EVIDENCE_GAP_DAYS))
    while day <= last_day:
        index = len(rows)
        blob = rng.choice(blobs) if rng.random() < 0.7 else None
        kind = rng.choice(list(EvidenceKind))
        rows.append(
            {
                **stamp,
                "id": words.seeded_uuid(rng),
                "school_id": action["school_id"],
                "principle_id": action["principle_id"],
                "action_id": action["id"],
                "kind": kind.token,
                "title": f"{kind.label} {index + 1}",
                "note": "",
                "date": day,
                "blob_sha256": blob["sha256"] if blob else None,
                "file_name": f"evidence-{index + 1}.txt" if blob else None,
                "file_size": blob["size"] if blob else None,
                "archived": False,
                "created_at": _noon(day),
                "updated_at": _noon(day),
            }
        )
        day += timedelta(days=rng.randint(EVIDENCE_GAP_DAYS // 3, EVIDENCE_GAP_DAYS))
    action["evidence_count"] = len(rows)
    return rows
