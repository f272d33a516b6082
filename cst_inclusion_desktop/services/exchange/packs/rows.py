"""Every row of a school pack, checked by the rules the CLI and the GUI use, before any write.

A pack is a file from outside: its seal only proves it is whole, not that a school wrote it (the
seal is an unkeyed SHA-256 anyone can recompute). So each row is rebuilt here from its fields —
UUID ids, the one school of the manifest, known enum tokens, clean text, dates in range, aware
timestamps no later than now — and the rebuilt row, not the pack's, is what gets merged.
The first problem refuses the whole pack with one line naming the file, the row and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cst_inclusion_desktop.domain.action_rules import ActionDraft, validate_action
from cst_inclusion_desktop.domain.enums import EvidenceKind, Phase, Rag
from cst_inclusion_desktop.domain.errors import ValidationErrors
from cst_inclusion_desktop.domain.text import safe_file_name
from cst_inclusion_desktop.domain.validation import (
    clean_long_text,
    clean_name,
    clean_title,
    clean_urn,
    parse_date,
)
from cst_inclusion_desktop.services.exchange.packs.audit_events import check_audit_events
from cst_inclusion_desktop.services.exchange.packs.checks import (
    PackPlace,
    aware_time,
    check_flag,
    check_uuid,
    expect_keys,
    expect_list,
    expect_mapping,
)
from cst_inclusion_desktop.services.exchange.packs.criteria_field import (
    TAGGED,
    check_criteria,
    row_keys,
)
from cst_inclusion_desktop.services.exchange.packs.merge import DATA_KEYS

CLOCK_SKEW = timedelta(minutes=5)
TRACKED = ("created_at", "created_by", "updated_at", "updated_by", "revision")
SCHOOL_KEYS = ("id", "urn", "name", "phase", "senco", "archived", *TRACKED)
ACTION_KEYS = (
    "id",
    "school_urn",
    "principle_number",
    "title",
    "description",
    "owner",
    "status",
    "rag",
    "rag_overridden",
    "start_date",
    "due_date",
    "completed_date",
    "area_of_need",
    "archived",
    *TRACKED,
)
EVIDENCE_KEYS = (
    "id",
    "school_urn",
    "principle_number",
    "action_id",
    "kind",
    "title",
    "note",
    "date",
    "blob_sha256",
    "file_name",
    "file_size",
    "archived",
    *TRACKED,
)
REVIEW_KEYS = ("id", "action_id", "date", "rag", "note", "next_review_date", "reviewer", *TRACKED)
DATA_TOP_KEYS = ("school", *(DATA_KEYS[e] for e in ("action", "evidence", "review")), "audit")


@dataclass(frozen=True, slots=True)
class PackRules:
    """What rows are checked against: this database's principles, its inspection criteria
    codes (in the list's order) and the import's clock."""

    file: str
    principle_numbers: list[int]
    now: datetime
    today: date
    criterion_codes: tuple[str, ...] = ()


def check_pack_data(
    data: Any, manifest: dict[str, Any], blobs: dict[str, bytes], rules: PackRules
) -> dict[str, Any]:
    """The pack's data rebuilt from checked fields, or ValidationError for its first problem."""
    top = PackPlace(rules.file, "data.json")
    expect_mapping(data, top)
    expect_keys(data, DATA_TOP_KEYS, top)
    school = _school(data["school"], manifest, rules)
    rows = _Rows(rules, school["urn"], blobs)
    actions = [
        rows.action(v, i) for i, v in enumerate(expect_list(data["actions"], top, "actions"))
    ]
    rows.action_principles = {a["id"]: a["principle_number"] for a in actions}
    evidence = [
        rows.evidence(v, i) for i, v in enumerate(expect_list(data["evidence"], top, "evidence"))
    ]
    reviews = [
        rows.review(v, i) for i, v in enumerate(expect_list(data["reviews"], top, "reviews"))
    ]
    entities = {school["id"]: "school"} | rows.entities
    audit = check_audit_events(
        expect_list(data["audit"], top, "audit"), entities, rules.file, rules.now + CLOCK_SKEW
    )
    return {
        "school": school,
        "actions": actions,
        "evidence": evidence,
        "reviews": reviews,
        "audit": audit,
    }


def _school(values: Any, manifest: dict[str, Any], rules: PackRules) -> dict[str, Any]:
    place = PackPlace(rules.file, "school")
    expect_mapping(values, place)
    expect_keys(values, SCHOOL_KEYS, place)
    claimed = expect_mapping(
        manifest.get("school"), PackPlace(rules.file, "manifest.json"), "school"
    )
    school_id = check_uuid(values["id"], place, "id")
    urn = place.run("urn", lambda: clean_urn(values["urn"]))
    if claimed.get("id") != school_id or claimed.get("urn") != urn:
        raise place.refuse(
            "school",
            f"{urn} ({school_id})",
            f"the school named in the pack's manifest ({claimed.get('urn')}, "
            f"{claimed.get('id')}): a pack carries one school's rows only",
        )
    return {
        "id": school_id,
        "urn": urn,
        "name": place.run("name", lambda: clean_name(values["name"], "name")),
        "phase": place.run("phase", lambda: Phase.parse(values["phase"]).token),
        "senco": place.run("senco", lambda: clean_name(values["senco"], "senco", required=False)),
        "archived": check_flag(values["archived"], place, "archived"),
    } | _tracked(values, place, rules)


class _Rows:
    """Checks actions, evidence and reviews in turn, remembering the ids seen so far."""

    def __init__(self, rules: PackRules, urn: str, blobs: dict[str, bytes]) -> None:
        self.rules = rules
        self.urn = urn
        self.blobs = blobs
        self.entities: dict[str, str] = {}
        self.action_principles: dict[str, int] = {}

    def _start(self, entity: str, values: Any, index: int, keys: tuple[str, ...]) -> PackPlace:
        place = PackPlace(self.rules.file, f"{DATA_KEYS[entity]}[{index}]")
        expect_mapping(values, place)
        row_id = check_uuid(values.get("id"), place, "id")
        place = PackPlace(self.rules.file, f"{entity} {row_id}")
        expect_keys(values, row_keys(keys, values) if entity in TAGGED else keys, place)
        if row_id in self.entities:
            raise place.refuse("id", row_id, "each row once in a pack (this id is repeated)")
        self.entities[row_id] = entity
        return place

    def _own_school(self, values: dict[str, Any], place: PackPlace) -> None:
        if values["school_urn"] != self.urn:
            raise place.refuse(
                "school_urn",
                values["school_urn"],
                f"the URN of the pack's school ({self.urn}): a pack carries one school's rows only",
            )

    def _principle(self, values: dict[str, Any], place: PackPlace) -> int:
        number = values["principle_number"]
        available = self.rules.principle_numbers
        if isinstance(number, bool) or number not in available:
            raise place.refuse(
                "principle_number",
                number,
                f"a principle number in this database's framework "
                f"({', '.join(map(str, sorted(available)))})",
            )
        return int(number)

    def action(self, values: Any, index: int) -> dict[str, Any]:
        place = self._start("action", values, index, ACTION_KEYS)
        self._own_school(values, place)
        draft = ActionDraft(
            school=self.urn,
            principle=self._principle(values, place),
            title=values["title"],
            description=values["description"],
            owner=values["owner"],
            status=values["status"],
            rag=values["rag"],
            start_date=_date_text(values["start_date"]),
            due_date=_date_text(values["due_date"]),
            completed_date=_date_text(values["completed_date"]),
            area_of_need=values["area_of_need"],
        )
        try:
            valid = validate_action(draft, self.rules.principle_numbers, self.rules.today)
        except ValidationErrors as errors:
            first = errors.problems[0]
            raise place.refuse(first.field, first.value, first.expected) from errors
        row = {
            "id": values["id"],
            "school_urn": self.urn,
            "principle_number": valid.principle_number,
            "title": valid.title,
            "description": valid.description,
            "owner": valid.owner,
            "status": valid.status.token,
            "rag": valid.rag.token if valid.rag else None,  # null: not yet rated
            "rag_overridden": check_flag(values["rag_overridden"], place, "rag_overridden"),
            "start_date": _iso(valid.start_date),
            "due_date": _iso(valid.due_date),
            "completed_date": _iso(valid.completed_date),
            "area_of_need": valid.area_of_need.token if valid.area_of_need else None,
            "archived": check_flag(values["archived"], place, "archived"),
        } | _tracked(values, place, self.rules)
        return row | self._criteria(values, place)

    def _criteria(self, values: dict[str, Any], place: PackPlace) -> dict[str, str]:
        return check_criteria(values, place, self.rules.criterion_codes)

    def evidence(self, values: Any, index: int) -> dict[str, Any]:
        place = self._start("evidence", values, index, EVIDENCE_KEYS)
        self._own_school(values, place)
        number = self._principle(values, place)
        action_id = values["action_id"]
        if action_id is not None:
            check_uuid(action_id, place, "action_id")
            if self.action_principles.get(action_id) != number:
                raise place.refuse(
                    "action_id",
                    action_id,
                    "an action in this pack with the same principle as the evidence",
                )
        return (
            {
                "id": values["id"],
                "school_urn": self.urn,
                "principle_number": number,
                "action_id": action_id,
                "kind": place.run("kind", lambda: EvidenceKind.parse(values["kind"]).token),
                "title": place.run("title", lambda: clean_title(values["title"])),
                "note": place.run("note", lambda: clean_long_text(values["note"], "note")),
                "date": _iso(
                    place.run("date", lambda: parse_date(values["date"], "date", required=True))
                ),
                "archived": check_flag(values["archived"], place, "archived"),
            }
            | _file_fields(values, place, self.blobs)
            | self._criteria(values, place)
            | _tracked(values, place, self.rules)
        )

    def review(self, values: Any, index: int) -> dict[str, Any]:
        place = self._start("review", values, index, REVIEW_KEYS)
        action_id = values["action_id"]
        if not isinstance(action_id, str) or action_id not in self.action_principles:
            raise place.refuse("action_id", action_id, "the id of an action in this pack")
        when = place.run("date", lambda: parse_date(values["date"], "date", required=True))
        next_date = place.run(
            "next_review_date", lambda: parse_date(values["next_review_date"], "next_review_date")
        )
        if when is not None and next_date is not None and next_date < when:
            raise place.refuse(
                "next_review_date", next_date.isoformat(), f"a date on or after {when.isoformat()}"
            )
        return {
            "id": values["id"],
            "action_id": action_id,
            "date": _iso(when),
            "rag": place.run("rag", lambda: Rag.parse(values["rag"]).token),
            "note": place.run("note", lambda: clean_long_text(values["note"], "note")),
            "next_review_date": _iso(next_date),
            "reviewer": place.run(
                "reviewer", lambda: clean_name(values["reviewer"], "reviewer", required=False)
            ),
        } | _tracked(values, place, self.rules)


def _file_fields(
    values: dict[str, Any], place: PackPlace, blobs: dict[str, bytes]
) -> dict[str, Any]:
    """The evidence file: a blob the pack carries, its real size, and a safe base name."""
    sha, name, size = values["blob_sha256"], values["file_name"], values["file_size"]
    if sha is None:
        if name is not None or size is not None:
            raise place.refuse(
                "file_name", name, "no file name or size for evidence without a file"
            )
        return {"blob_sha256": None, "file_name": None, "file_size": None}
    if not isinstance(sha, str) or sha not in blobs:
        raise place.refuse("blob_sha256", sha, "the SHA-256 of a file carried in this pack")
    if not isinstance(name, str):
        raise place.refuse("file_name", name, "a file name")
    if size != len(blobs[sha]) or isinstance(size, bool):
        raise place.refuse("file_size", size, f"the size of its file ({len(blobs[sha])} bytes)")
    clean = place.run("file_name", lambda: safe_file_name(name, "file_name"))
    return {"blob_sha256": sha, "file_name": clean, "file_size": size}


def _tracked(values: dict[str, Any], place: PackPlace, rules: PackRules) -> dict[str, Any]:
    latest = rules.now + CLOCK_SKEW
    revision = values["revision"]
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise place.refuse("revision", revision, "a whole number from 1")
    return {
        "created_at": aware_time(values["created_at"], place, "created_at", latest),
        "created_by": _who(values["created_by"], place, "created_by"),
        "updated_at": aware_time(values["updated_at"], place, "updated_at", latest),
        "updated_by": _who(values["updated_by"], place, "updated_by"),
        "revision": revision,
    }


def _who(value: Any, place: PackPlace, field: str) -> str:
    return place.run(field, lambda: clean_name(value, field, required=False))


def _date_text(value: Any) -> str | None:
    """A stored date is ISO text or null; a number or a list must not slip through as one."""
    return value if value is None or isinstance(value, str) else repr(value)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def import_clock() -> datetime:
    return datetime.now(UTC)
