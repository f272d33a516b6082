"""The cover sheet's fields remembered per trust, so the next paper starts from the last one's.

They live in the database's ``setting`` table (one JSON value): the database is the trust, so
every PC that opens it gets the same author, lead trustee and recommendation. The meeting date
is not remembered (it is different every time); the write is audited like any other change.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from cst_inclusion_desktop.domain.board_paper import CoverFields, Purpose
from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.domain.errors import AccessRefusedError
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.store.models import Setting

log = logging.getLogger(__name__)

KEY = "board_paper_cover"
_TEXT_FIELDS = ("item", "recommendation", "author", "author_role", "lead_trustee")


def remembered(context: AppContext) -> CoverFields:
    """The last paper's cover fields (the defaults when none was written yet)."""
    with context.read() as session:
        row = session.get(Setting, KEY)
        text = row.value if row is not None else ""
    return _fields(text)


def _fields(text: str) -> CoverFields:
    try:
        stored: Any = json.loads(text) if text else {}
    except ValueError:
        stored = {}  # a damaged memory only loses the defaults it held
    if not isinstance(stored, dict):
        return CoverFields()
    fields = CoverFields()
    values = {key: stored[key] for key in _TEXT_FIELDS if isinstance(stored.get(key), str)}
    purpose = stored.get("purpose")
    if isinstance(purpose, str) and purpose in {item.token for item in Purpose}:
        values["purpose"] = Purpose.parse(purpose)
    return replace(fields, **values)


def remember(context: AppContext, fields: CoverFields) -> None:
    """Keep ``fields`` (all but the meeting date) for the next paper; a login that may not
    write (a viewer on a server) still gets its paper, only not remembered."""
    try:
        _remember(context, fields)
    except AccessRefusedError:
        log.info("Cover sheet not remembered: this login may not change the record")


def _remember(context: AppContext, fields: CoverFields) -> None:
    value = json.dumps(
        {key: getattr(fields, key) for key in _TEXT_FIELDS} | {"purpose": fields.purpose.token},
        ensure_ascii=False,
        sort_keys=True,
    )
    with context.write() as (session, trail):
        row = session.get(Setting, KEY)
        before = {"value": row.value} if row is not None else None
        if row is None:
            session.add(Setting(key=KEY, value=value))
        elif row.value == value:
            return
        else:
            row.value = value
        operation = Operation.CREATE if before is None else Operation.UPDATE
        trail.add("setting", KEY, operation, before, {"value": value})
