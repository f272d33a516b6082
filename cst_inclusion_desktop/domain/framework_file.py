"""Framework files: the JSON that carries a set of principles between trusts and schools.

A file exported at the trust may also carry ``trust_public_key``: the key school packs are
encrypted to (checked where it is used, in ``services.exchange.keys``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.validation import clean_long_text, clean_name, clean_title

FORMAT_NAME = "cst-inclusion-framework"
FORMAT_VERSION = 1
TRUST_KEY_LIMIT = 200


@dataclass(frozen=True, slots=True)
class PrincipleSpec:
    number: int
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class FrameworkSpec:
    name: str
    source: str
    version: int
    principles: tuple[PrincipleSpec, ...]
    trust_public_key: str = ""


def parse_framework(text: str, where: str) -> FrameworkSpec:
    """Read a framework file's text; ``where`` (usually the file name) prefixes every error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            "file", f"line {error.lineno}", f"valid JSON ({error.msg})", where=where
        ) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ValidationError(
            "format", _get(data, "format"), f"'{FORMAT_NAME}' (a framework file)", where=where
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise ValidationError(
            "format_version", data.get("format_version"), str(FORMAT_VERSION), where=where
        )
    raw_principles = data.get("principles")
    if not isinstance(raw_principles, list) or not raw_principles:
        raise ValidationError("principles", raw_principles, "a non-empty list", where=where)
    principles = [_parse_principle(item, index, where) for index, item in enumerate(raw_principles)]
    numbers = [principle.number for principle in principles]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise ValidationError(
            "principles.number", numbers, f"the numbers 1 to {len(numbers)}, each once", where=where
        )
    trust_key = data.get("trust_public_key", "")
    if not isinstance(trust_key, str) or len(trust_key) > TRUST_KEY_LIMIT:
        raise ValidationError(
            "trust_public_key", trust_key, "the trust's public key as one line", where=where
        )
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise ValidationError("version", version, "a whole number of 1 or more", where=where)
    return FrameworkSpec(
        name=_wrap(where, lambda: clean_name(data.get("name"), "name")),
        source=_wrap(where, lambda: clean_long_text(data.get("source", ""), "source")),
        version=version,
        principles=tuple(sorted(principles, key=lambda principle: principle.number)),
        trust_public_key=trust_key.strip(),
    )


def dump_framework(spec: FrameworkSpec) -> str:
    data = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "name": spec.name,
        "source": spec.source,
        "version": spec.version,
        "principles": [
            {"number": p.number, "title": p.title, "summary": p.summary} for p in spec.principles
        ],
    }
    if spec.trust_public_key:
        data["trust_public_key"] = spec.trust_public_key
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _parse_principle(item: Any, index: int, where: str) -> PrincipleSpec:
    place = f"{where}: principles[{index}]"
    if not isinstance(item, dict):
        raise ValidationError(
            "principle", item, "an object with number, title, summary", where=place
        )
    number = item.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise ValidationError("number", number, "a whole number", where=place)
    return PrincipleSpec(
        number=number,
        title=_wrap(place, lambda: clean_title(item.get("title"))),
        summary=_wrap(place, lambda: clean_long_text(item.get("summary", ""), "summary")),
    )


def _wrap(where: str, build: Any) -> Any:
    try:
        return build()
    except ValidationError as error:
        raise ValidationError(error.field, error.value, error.expected, where=where) from error


def _get(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else type(data).__name__
