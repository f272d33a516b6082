"""A pack's audit events, checked field by field before they join this database's chain.

The events are kept as the ``original`` of ``import`` events here, so a forged one cannot
rewrite history; but its ``entity`` and ``entity_id`` become columns of the chain, so a
non-string id (``true``, stored by SQLite as 1) would break ``check`` for ever. Every field is
therefore of a known type, and each event must be about a row the pack itself carries.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.domain.text import clean_unicode
from cst_inclusion_desktop.domain.validation import clean_name
from cst_inclusion_desktop.services.exchange.packs.checks import (
    PackPlace,
    aware_time,
    check_sha256,
    check_uuid,
    expect_keys,
    expect_mapping,
)

EVENT_KEYS = (
    "seq",
    "id",
    "at",
    "actor",
    "entity",
    "entity_id",
    "operation",
    "before",
    "after",
    "hash",
)
OPERATIONS = {operation.token for operation in Operation}
SNAPSHOT_FIELD_LIMIT = 100
SNAPSHOT_TEXT_LIMIT = 20_000


def check_audit_events(
    events: list[Any], entities: dict[str, str], file: str, latest: datetime
) -> list[dict[str, Any]]:
    """The events rebuilt from checked fields; ``entities`` maps the pack's row ids to kinds."""
    checked: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, values in enumerate(events):
        place = PackPlace(file, f"audit[{index}]")
        expect_mapping(values, place)
        event_id = check_uuid(values.get("id"), place, "id")
        place = PackPlace(file, f"audit event {event_id}")
        expect_keys(values, EVENT_KEYS, place)
        if event_id in seen:
            raise place.refuse("id", event_id, "each audit event once in a pack")
        seen.add(event_id)
        checked.append(_event(values, place, entities, latest))
    return checked


def _event(
    values: dict[str, Any], place: PackPlace, entities: dict[str, str], latest: datetime
) -> dict[str, Any]:
    seq = values["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise place.refuse("seq", seq, "a whole number from 1")
    entity_id = check_uuid(values["entity_id"], place, "entity_id")
    entity = values["entity"]
    if entities.get(entity_id) != entity:
        raise place.refuse(
            "entity",
            f"{entity} {entity_id}",
            "the school, an action, evidence or a review carried in this pack",
        )
    operation = values["operation"]
    if not isinstance(operation, str) or operation not in OPERATIONS:
        raise place.refuse("operation", operation, f"one of {', '.join(sorted(OPERATIONS))}")
    return {
        "seq": seq,
        "id": check_uuid(values["id"], place, "id"),
        "at": aware_time(values["at"], place, "at", latest),
        "actor": place.run("actor", lambda: clean_name(values["actor"], "actor", required=False)),
        "entity": entity,
        "entity_id": entity_id,
        "operation": operation,
        "before": _snapshot(values["before"], place, "before"),
        "after": _snapshot(values["after"], place, "after"),
        "hash": check_sha256(values["hash"], place, "hash"),
    }


def _snapshot(value: Any, place: PackPlace, field: str) -> dict[str, Any] | None:
    """A row's values as the audit log keeps them: flat, scalar, clean text."""
    if value is None:
        return None
    expect_mapping(value, place, field)
    if len(value) > SNAPSHOT_FIELD_LIMIT:
        raise place.refuse(field, f"{len(value)} fields", f"at most {SNAPSHOT_FIELD_LIMIT} fields")
    for key, item in value.items():
        _snapshot_value(f"{field}.{key}", key, item, place)
    return dict(value)


def _snapshot_value(name: str, key: str, item: Any, place: PackPlace) -> None:
    place.run(name, lambda: clean_unicode(key, name, multi_line=False))
    if isinstance(item, str):
        if len(item) > SNAPSHOT_TEXT_LIMIT:
            raise place.refuse(name, item, f"at most {SNAPSHOT_TEXT_LIMIT:,} characters")
        place.run(name, lambda: clean_unicode(item, name))
    elif item is not None and not isinstance(item, bool | int | float):
        raise place.refuse(name, item, "text, a number, true, false or null")
