"""Page-count bounds of the board paper on generated demo trusts, through the real command line:
at most 12 pages for 60 schools, 16 for 100 and 6 for one school, every page numbered, every
bookmark on its heading's page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from tests.conftest import CliResult
from tests.pdf_checks import assert_bookmarks_open_their_headings


# SQLite only: the page count is the layout's, whatever database the figures came from (the
# board paper's server reads: tests/test_board_paper_service.py); a 4,000-action demo on the
# server costs ~10 s of the suite.
@pytest.mark.sqlite_only
@pytest.mark.parametrize(("schools", "actions", "most"), [(60, 3000, 12), (100, 4000, 16)])
def test_whole_trust_paper_fits_its_page_bound(
    cli: Callable[..., CliResult], tmp_path: Path, schools: int, actions: int, most: int
) -> None:
    made = cli(
        "init",
        "--trust-name",
        "Northumbria Learning Trust",
        "--demo",
        "--schools",
        str(schools),
        "--actions",
        str(actions),
    )
    assert made.code == 0, made.err
    out = tmp_path / "paper.pdf"
    written = cli("report", "board", "--out", str(out))
    assert written.code == 0, written.err
    pages = pypdf.PdfReader(out).pages
    assert len(pages) <= most
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1].extract_text()
    assert_bookmarks_open_their_headings(out)
    if schools == 60:
        urn = re.search(r"\b(\d{6})\b", cli("schools", "list").out)
        assert urn is not None
        one = tmp_path / "school.pdf"
        assert cli("report", "board", "--school", urn.group(1), "--out", str(one)).code == 0
        assert len(pypdf.PdfReader(one).pages) <= 6
