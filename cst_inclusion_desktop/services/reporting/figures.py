"""The board paper's figures as JSON (``report board --data FILE.json``), from the same
``BoardPaper`` the PDF and the DOCX are laid out from, so the three never disagree.

Every key is documented in docs/report.md; a key is only ever added, never renamed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.atomic_write import write_via_temporary
from cst_inclusion_desktop.domain.board_paper import BoardPaper, Counts
from cst_inclusion_desktop.domain.report_model import Period

FORMAT_VERSION = 1


def _period(period: Period) -> dict[str, Any]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label}


def _counts(counts: Counts) -> dict[str, int]:
    return {
        "open": counts.open,
        "red": counts.red,
        "amber": counts.amber,
        "green": counts.green,
        "not_rated": counts.not_rated,
        "overdue": counts.overdue,
        "not_reviewed_this_term": counts.not_reviewed_this_term,
        "green_overdue": counts.green_overdue,
    }


def to_figures(paper: BoardPaper) -> dict[str, Any]:
    """The JSON-ready figures of a board paper."""
    cover = paper.cover
    return {
        "format_version": FORMAT_VERSION,
        "trust": cover.trust_name,
        "framework": {"name": cover.framework_name, "version": cover.framework_version},
        "generated_at": cover.generated_at.isoformat(timespec="seconds"),
        "generated_by": cover.generated_by,
        "period": _period(cover.period),
        "compared_period": _period(cover.compared),
        "headline": _counts(paper.headline.current),
        "compared_headline": _counts(paper.headline.previous),
        "schools": [
            {"urn": row.school.urn, "name": row.school.name, **_counts(row.counts)}
            | {"evidence_this_term": row.evidence_this_term}
            for row in paper.schools
        ],
        "matrix": [
            {
                "urn": row.school.urn,
                "principle": cell.principle_number,
                "open": cell.counts.open,
                "red": cell.counts.red,
                "overdue": cell.counts.overdue,
                "mark": cell.mark.token,
                "compared_red": cell.previous.red,
            }
            for row in paper.matrix.rows
            for cell in row.cells
        ],
        "schools_of_concern": [
            {"urn": item.school.urn, "name": item.school.name, "reasons": list(item.reasons)}
            for item in paper.concerns
        ],
        "trends": [
            {
                **_period(point.term),
                "red": point.red,
                "overdue": point.overdue,
                "completed": point.completed,
                "reviews": point.reviews,
            }
            for point in paper.trends.points
        ],
        "areas_of_need": [
            {"area": row.area.token if row.area else None, "label": row.label} | _counts(row.counts)
            for row in paper.areas
        ],
        "key_messages": list(paper.key_messages),
        "questions": list(paper.questions),
    }


def write_figures(paper: BoardPaper, out: Path) -> Path:
    """Write the figures JSON atomically (temporary file, then renamed into place)."""
    content = json.dumps(to_figures(paper), ensure_ascii=False, indent=2).encode("utf-8")
    write_via_temporary(out, lambda temporary: temporary.write_bytes(content))
    return out
