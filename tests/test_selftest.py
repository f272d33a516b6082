"""`cst-inclusion self-test` in-process: the same code the packaged executable runs in CI."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety import selftest
from cst_inclusion_desktop.services.safety.selftest import SelfTestFailure, verify_pdf
from tests.conftest import CliResult

OK_LINE = re.compile(
    r"self-test ok: qt \(offscreen\), database, migration, action, evidence, "
    r"report \(\d+ pages?\), server driver \(psycopg 3\.[\d.]+ \(\w+\), libpq \d+\.\d+\), "
    r"window \(\d+\.\d s\)"
)


def test_self_test_passes_with_one_line_and_leaves_the_users_database_alone(
    cli: Callable[..., CliResult], db_path: Path, qapp: QApplication
) -> None:
    result = cli("self-test")
    assert result.code == 0, result.out + result.err
    assert OK_LINE.fullmatch(result.out.strip()), result.out
    assert result.out.count("\n") == 1
    assert not db_path.exists()


def test_self_test_without_qt_skips_only_that_step(cli: Callable[..., CliResult]) -> None:
    result = cli("self-test", "--no-qt")
    assert result.code == 0, result.out + result.err
    assert result.out.startswith("self-test ok: database, migration, action, evidence, report")


def test_a_failing_step_is_named_and_later_steps_do_not_run(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []

    def broken_evidence(self: object) -> None:
        raise SelfTestFailure("expected the evidence bytes read back unchanged")

    monkeypatch.setattr(selftest._Run, "step_evidence", broken_evidence)
    monkeypatch.setattr(selftest._Run, "step_report", lambda self: ran.append("report"))
    result = cli("self-test", "--no-qt")
    assert result.code == 1
    assert result.out.strip() == (
        "self-test FAILED at step 'evidence': SelfTestFailure: "
        "expected the evidence bytes read back unchanged"
    )
    assert ran == []


def test_an_unexpected_error_in_a_step_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selftest._Run, "step_migration", lambda self: 1 / 0)
    result = selftest.run_self_test()
    assert not result.ok
    assert [step.name for step in result.steps] == ["database", "migration"]
    assert result.summary() == (
        "self-test FAILED at step 'migration': ZeroDivisionError: division by zero"
    )


def test_the_qt_step_reports_the_platform(qapp: QApplication) -> None:
    from cst_inclusion_desktop.ui.safety.selftest_qt import check_qt

    assert check_qt() == "offscreen"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "%PDF-"),
        (b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n", "%%EOF"),
        (b"%PDF-1.4\n1 0 obj << /Type /Pages >> endobj\n%%EOF\n", "at least one page"),
        (b"%PDF-1.4\n<< /Type /Page /BaseFont /Helvetica >>\n%%EOF\n", "DejaVu font"),
    ],
)
def test_verify_pdf_rejects_broken_reports(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    with pytest.raises(SelfTestFailure, match=re.escape(problem)):
        verify_pdf(path)


def test_verify_pdf_counts_pages(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(
        b"%PDF-1.4\n<< /Type /Page >>\n<< /Type/Page >>\n<< /Type /Pages >>\n"
        b"<< /BaseFont /ABCDEF+DejaVuSans >>\n%%EOF"
    )
    assert verify_pdf(path) == 2


def test_the_window_step_opens_the_real_main_window(
    qapp: QApplication, services: Services, make_action: Callable[..., str], tmp_path: Path
) -> None:
    from cst_inclusion_desktop.ui.safety.selftest_qt import check_main_window

    with pytest.raises(RuntimeError, match="listed 0 actions"):
        check_main_window(services, tmp_path)
    make_action()
    assert check_main_window(services, tmp_path) is None


def test_self_test_keeps_the_users_window_preferences_untouched(
    cli: Callable[..., CliResult], qapp: QApplication
) -> None:
    from cst_inclusion_desktop.ui.start.prefs import prefs_file

    assert cli("self-test").code == 0
    assert not prefs_file().exists()
