"""The fast path of ``reports.styles.para`` must make exactly the Paragraph the parser makes."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from reportlab.platypus import Paragraph

from cst_inclusion_desktop.reports import styles
from cst_inclusion_desktop.reports.fonts import register_fonts


@pytest.mark.parametrize(
    "text",
    [
        "Red",
        "12 Mar 2026 (overdue)",
        "Ysgol Bryn Ŵyn — Zoë Ørsted’s “plan” – ŷ",
        "x" * 400,
        "A & B <b>not bold</b>",
        "two  spaces",
        "line\nbreak",
        " padded ",
        "non\u00a0breaking",
    ],
)
@pytest.mark.parametrize("style", [styles.BODY, styles.CELL, styles.HEAD_CELL, styles.HEADING1])
def test_para_matches_the_parser(text: str, style: object) -> None:
    register_fonts()
    made = styles.para(text, style)  # type: ignore[arg-type]
    parsed = Paragraph(escape(text).replace("\n", "<br/>"), style)  # type: ignore[arg-type]
    assert [vars(f) for f in made.frags] == [vars(f) for f in parsed.frags]
    assert made.getPlainText() == parsed.getPlainText()
    assert made.wrap(60, 1000) == parsed.wrap(60, 1000)
