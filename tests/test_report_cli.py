"""`cst-inclusion report board` end to end: a real database, a real PDF, real exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from cst_inclusion_desktop.reports import detail
from cst_inclusion_desktop.services import Services
from tests.conftest import CliResult

PREVIOUS = b"%PDF-1.4 the report the board already has"


@pytest.fixture
def trust_with_actions(services: Services, make_action: Callable[..., str]) -> Services:
    make_action(title="Early screening – “Zoë’s” plan", rag="red", due_date="2026-01-15")
    make_action(school="100002", principle=3, title="Cynllun ŵ ŷ", rag="green")
    return services


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def only_file(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_board_report_is_written_and_described(
    trust_with_actions: Services, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "out" / "board.pdf"
    out.parent.mkdir()
    result = cli("report", "board", "--out", str(out))
    assert result.code == 0, result.err
    pages = len(pypdf.PdfReader(out).pages)
    assert result.out.strip() == f"Wrote {out} ({pages} pages)"
    text = pdf_text(out)
    assert "Board report: inclusion" in text and "Oak Learning Trust" in text
    assert "Ysgol Bryn Ŵyn" in text and "Early screening – “Zoë’s” plan" in text
    assert f"Page {pages} of {pages}" in text
    assert only_file(out.parent) == ["board.pdf"]


def test_one_school_one_principle_custom_dates(
    trust_with_actions: Services, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "school.pdf"
    result = cli(
        "report", "board", "--out", str(out), "--school", "100002", "--principle", "3",
        "--from", "2026-09-01", "--to", "31/12/2026",
    )  # fmt: skip
    assert result.code == 0, result.err
    text = pdf_text(out)
    assert "School inclusion report: Ysgol Bryn Ŵyn" in text
    assert "1 Sep 2026 – 31 Dec 2026" in text
    assert "Principle 3: Coherent and expert targeted support" in text
    assert "Principle 1:" not in text
    assert "Oakfield Primary School" not in text


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--school", "999999"], "999999"),
        (["--school", "abc"], "abc"),
        (["--principle", "9"], "principle"),
        (["--principle", "two"], "two"),
        (["--from", "2026-12-01", "--to", "2026-09-01"], "2026-12-01"),
        (["--from", "31/02/2026"], "31/02/2026"),
        (["--period", "this_term", "--from", "2026-09-01"], "--period"),
    ],
)
def test_bad_filters_exit_2_and_leave_the_previous_file(
    trust_with_actions: Services,
    cli: Callable[..., CliResult],
    tmp_path: Path,
    options: list[str],
    named: str,
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "board.pdf"
    out.write_bytes(PREVIOUS)
    result = cli("report", "board", "--out", str(out), *options)
    assert result.code == 2
    assert named in result.err
    assert "Traceback" not in result.err
    assert out.read_bytes() == PREVIOUS
    assert only_file(folder) == ["board.pdf"]


def test_a_failing_generation_leaves_the_previous_file_and_no_temporary(
    trust_with_actions: Services,
    cli: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "board.pdf"
    out.write_bytes(PREVIOUS)

    def broken(_data: object) -> list[object]:
        raise RuntimeError("layout failed half-way")

    # The last section fails, after the temporary file was opened and most pages laid out.
    monkeypatch.setattr(detail, "integrity", broken)
    result = cli("report", "board", "--out", str(out))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert out.read_bytes() == PREVIOUS
    assert only_file(folder) == ["board.pdf"]


def test_missing_output_folder_is_a_usage_error(
    trust_with_actions: Services, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = cli("report", "board", "--out", str(tmp_path / "no such folder" / "b.pdf"))
    assert result.code == 2
    assert "existing folder" in result.err


def test_period_preset(
    trust_with_actions: Services, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "year.pdf"
    result = cli("report", "board", "--out", str(out), "--period", "this_year")
    assert result.code == 0, result.err
    assert "Academic year" in pdf_text(out)
