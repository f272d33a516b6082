"""An action's or evidence item's inspection criteria in a pack: the optional ``criteria`` field,
the codes joined by "; " (flat text, like the audit keeps them).

A row with no criteria has no field, so a pack of untagged rows, and the exchange hashes of rows
exchanged before criteria existed, are exactly as they were. A code the importing database does
not have refuses the pack: the school and the trust must share one list (`criteria export` at
the trust, `criteria import` at the school), as they share the framework. A retired code is
accepted, since the row may have carried it before it was retired. The merge writes the links
and audits each row's state with its criteria (``state``), as the records services do.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.criteria import (
    CRITERIA_LIMIT,
    clean_code,
    join_codes,
    split_entries,
)
from cst_inclusion_desktop.services.exchange.packs.checks import PackPlace
from cst_inclusion_desktop.services.records import criteria_links
from cst_inclusion_desktop.services.safety.audit import snapshot

FIELD = "criteria"
TAGGED = ("action", "evidence")


def with_criteria(values: dict[str, Any], codes: tuple[str, ...]) -> dict[str, Any]:
    """A portable row with its criteria (no field at all when it has none)."""
    return values | {FIELD: join_codes(codes)} if codes else values


def row_keys(keys: tuple[str, ...], values: dict[str, Any]) -> tuple[str, ...]:
    """The fields a pack row must have: its kind's, and ``criteria`` when the row carries it."""
    return (*keys, FIELD) if FIELD in values else keys


def check_criteria(
    values: dict[str, Any], place: PackPlace, known: tuple[str, ...]
) -> dict[str, str]:
    """The row's criteria field, checked against ``known`` (this database's codes, in order);
    {} when the row has none."""
    if FIELD not in values:
        return {}
    text = values[FIELD]
    if not isinstance(text, str):
        raise place.refuse(FIELD, text, "criterion codes separated by ';', such as 'IC2; IC3'")
    entries = split_entries(text)
    if not entries or len(entries) > CRITERIA_LIMIT:
        raise place.refuse(FIELD, text, f"1 to {CRITERIA_LIMIT} criterion codes")
    codes: list[str] = []
    for entry in entries:
        code = _code(entry, place)
        if code not in known:
            raise place.refuse(
                FIELD,
                entry,
                f"a criterion code in this database's list ({', '.join(known)}): the "
                "school and the trust must share the inspection criteria list (`criteria export` "
                "at the trust, `criteria import` at the school)",
            )
        if code not in codes:
            codes.append(code)
    return {FIELD: join_codes(codes)}


def _code(entry: str, place: PackPlace) -> str:
    return place.run(FIELD, lambda: clean_code(entry, FIELD))


def codes_of(values: dict[str, Any]) -> tuple[str, ...]:
    """The codes of a checked portable row."""
    return tuple(split_entries(str(values.get(FIELD, ""))))


def tagged_codes(session: Session, ids: list[str]) -> dict[str, tuple[str, ...]]:
    """The inspection criteria of these actions and evidence items (UUIDs never collide)."""
    return criteria_links.action_codes(session, ids) | criteria_links.evidence_codes(session, ids)


def state(session: Session, entity: str, row: Any) -> dict[str, Any]:
    """A row's audited state: an action's and evidence item's include their criteria."""
    if entity == "action":
        return criteria_links.action_state(session, row)
    if entity == "evidence":
        return criteria_links.evidence_state(session, row)
    return snapshot(row)


def set_criteria(session: Session, entity: str, row_id: str, codes: tuple[str, ...]) -> None:
    if entity == "action":
        criteria_links.set_action_codes(session, row_id, codes)
    elif entity == "evidence":
        criteria_links.set_evidence_codes(session, row_id, codes)
