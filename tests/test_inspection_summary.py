"""A school's inspection summary: its sections read back from the PDF and the DOCX, the page
bound for a school of 200 actions, the command line's refusals, Cancel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import pytest

from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.errors import CancelledError
from cst_inclusion_desktop.domain.inspection import ACTIONS_SHOWN
from cst_inclusion_desktop.reports.outputs import write_inspection_summary
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.reporting import inspection as inspection_service
from tests.conftest import CliResult, file_state
from tests.pdf_checks import (
    assert_bookmarks_open_their_headings,
    assert_only_embedded_dejavu,
    page_texts,
    section_text,
)

TODAY = date(2026, 12, 1)
LONG_NOTE = (
    "Screening now runs in the first three weeks of every term; class teachers add what they "
    "see, parents are asked at the first meeting, and the SENCO checks the results against "
    "last year's. Two pupils were referred to the speech and language service as a result, "
    "and the waiting list has been raised with the local authority. End of note."
)
IC2 = "IC2 Early and accurate identification of needs"


@pytest.fixture
def record(tmp_path: Path, services: Services) -> Services:
    """Oakfield: six IC2 actions (one reviewed twice with a long note), IC2 evidence with a
    file, an IC3 action with no evidence at all, an untagged action."""
    services.context.today_override = TODAY
    add = services.actions.add
    screening = add(
        ActionDraft(
            "100001",
            1,
            "Termly screening",
            owner="Siân Jones (SENCO)",
            status="in_progress",
            due_date="2027-03-31",
            criteria=("IC2", "IC3"),
        )
    )
    services.reviews.add(screening.id, "amber", "First screening run.", "2026-03-10", "2026-06-10")
    services.reviews.add(screening.id, "green", LONG_NOTE, "2026-10-20", "2027-01-20")
    for number in range(5):
        add(ActionDraft("100001", 1, f"Other identification {number + 1}", criteria=("IC2",)))
    add(ActionDraft("100001", 3, "Specialist outreach", criteria=("IC4",)))
    add(ActionDraft("100001", 2, "Untagged work"))
    source = tmp_path / "screening-results.txt"
    source.write_text("Screening results, autumn term.\n", encoding="utf-8")
    services.evidence.add(
        action_id=screening.id,
        file=source,
        title="Autumn screening results",
        kind="data",
        evidence_date="2026-10-01",
        criteria=("IC2",),
    )
    services.evidence.add(
        school="100001",
        principle=1,
        title="Parent survey",
        kind="voice",
        evidence_date="2026-05-01",
        criteria=("IC2", "IC6"),
    )
    return services


def test_the_summary_pdf_section_by_section(record: Services, tmp_path: Path) -> None:
    summary = record.inspection.summary("100001", "Ffion Hughes")
    out = tmp_path / "summary.pdf"
    result = write_inspection_summary(summary, out)
    texts = page_texts(out)
    assert result.pages == len(texts)
    assert_only_embedded_dejavu(out)
    marks = assert_bookmarks_open_their_headings(out)
    assert [title for title, depth, _ in marks if depth == 0][:3] == [
        "The criteria at a glance",
        "IC1 High expectations for all pupils",
        IC2,
    ]
    cover = texts[0]
    for expected in (
        "Inspection summary",
        "Oakfield Primary School, URN 100001 (Primary)",
        "Zoë Ørsted",  # the SENCO
        "The 12 months from 2 Dec 2025 to 1 Dec 2026",
        "Five principles of promising inclusive practice",
        "version 1",
        "School inspection toolkit (renewed framework), published 10 Nov 2025; criteria list "
        "version 1",
        "Audit anchor",
        "by Ffion Hughes",
        "Contents",
    ):
        assert expected in cover, expected
    anchor = summary.cover.audit_anchor
    assert anchor is not None and anchor.token in cover.replace(" ", "")  # the hash may wrap
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    glance = section_text(out, texts, "The criteria at a glance")
    assert f"{IC2} 6 open, 0 completed 2 No gap" in glance
    assert "IC4 Access to specialist support 1 open, 0 completed 0 ⚠ Gap" in glance

    ic2 = section_text(out, texts, IC2)
    assert "What the school does: 4 of 6 actions (the rest in Appendix A)" in ic2
    assert "Termly screening Siân Jones (SENCO) In progress, due 31 Mar 2027 Green" in ic2
    assert LONG_NOTE.split()[-3] in ic2 and "End of note." in ic2  # the note in full
    assert "Evidence: 2 items" in ic2
    assert "1 Oct 2026 Data Autumn screening results" in ic2
    assert "1 May 2026 Pupil/parent voice Parent survey" in ic2
    assert "Assess–plan–do–review: 1 action reviewed" in ic2
    assert "10 Mar 2026 Amber First screening run." in ic2
    assert "20 Oct 2026 Green" in ic2 and "20 Jan 2027" in ic2
    ic4 = section_text(out, texts, "IC4 Access to specialist support")
    assert "⚠ Gap: no evidence at all is recorded for this criterion." in ic4
    assert "Evidence: none No evidence dated in the 12 months." in ic4

    appendix = section_text(out, texts, "Appendix A: actions not printed in full")
    assert "The school's other counted actions: all 3 listed, open first." in appendix
    assert "Other identification 5" in appendix and "Untagged work" in appendix
    assert "1 counted action carries no current criterion." in appendix
    evidence = section_text(out, texts, "Appendix B: evidence not printed in full")
    assert "The sections above print every evidence item dated in the 12 months." in evidence
    fingerprints = section_text(out, texts, "Appendix C: evidence fingerprints")
    sha = summary.fingerprints[0].fingerprint or ""
    assert len(summary.fingerprints) == 1 and len(sha) == 64
    assert " ".join(sha[i : i + 16] for i in range(0, 64, 16)) in fingerprints
    assert "Parent survey" not in fingerprints  # no file, no fingerprint


def test_the_summary_docx_reads_back_with_headings_and_tables(
    record: Services, tmp_path: Path
) -> None:
    summary = record.inspection.summary("100001", "Ffion Hughes")
    out = tmp_path / "summary.docx"
    write_inspection_summary(summary, out)
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[:3] == ["The criteria at a glance", "IC1 High expectations for all pupils", IC2]
    assert headings[-3:] == [
        "Appendix A: actions not printed in full",
        "Appendix B: evidence not printed in full",
        "Appendix C: evidence fingerprints",
    ]
    assert document.core_properties.title.startswith("Inspection summary: Oakfield Primary")
    assert document.core_properties.language == "en-GB"
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert LONG_NOTE in " ".join(texts).replace("20 Oct 2026: ", "")
    assert "⚠ Gap" in texts
    first_rows = [table.rows[0]._tr for table in document.tables if len(table.rows) > 1]
    assert all(row.trPr is not None and "tblHeader" in row.trPr.xml for row in first_rows[1:])
    footer = document.sections[0].footer.paragraphs[0]
    assert "Inspection summary: Oakfield Primary School, URN 100001" in footer.text


def test_a_school_of_200_actions_stays_within_15_pages(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    assert (
        cli("init", "--trust-name", "Demo", "--demo", "--schools", "1", "--actions", "200").code
        == 0
    )
    urn = cli("schools", "list", "--json").out.split('"urn": "')[1][:6]
    out = tmp_path / "summary.pdf"
    result = cli("report", "inspection", "--school", urn, "--out", str(out))
    assert result.code == 0, result.err
    texts = page_texts(out)
    assert len(texts) <= 15, len(texts)
    assert f"({len(texts)} pages)" in result.out
    joined = " ".join(texts)
    assert "(the rest in Appendix A)" in joined and "(the rest in Appendix B)" in joined
    assert "Appendix B: evidence not printed in full" in joined
    assert "Appendix A: actions not printed in full" in joined
    # The cover's anchor is in the file's metadata: `check --anchor FILE` proves the record.
    proved = cli("check", "--anchor", str(out))
    assert proved.code == 0, proved.out + proved.err


@pytest.mark.parametrize(
    ("school", "out_name", "field", "expected"),
    [
        ("999999", "summary.pdf", "school", "the URN of a school in this database"),
        ("12ab", "summary.pdf", "school", "a six-digit URN"),
        ("100001", "summary.txt", "out", "a file name ending .pdf or .docx"),
        ("100001", "missing/summary.pdf", "out", "a file in an existing folder"),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(
    record: Services,
    cli: Callable[..., CliResult],
    db_path: Path,
    tmp_path: Path,
    school: str,
    out_name: str,
    field: str,
    expected: str,
) -> None:
    before = file_state(db_path)
    out = tmp_path / out_name
    result = cli("report", "inspection", "--school", school, "--out", str(out))
    assert result.code == 2
    assert f"{field}:" in result.err and expected in result.err
    assert "Traceback" not in result.err
    assert not out.exists()
    assert file_state(db_path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".summary")) == []


def test_a_folder_as_out_is_refused(
    record: Services, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    result = cli("report", "inspection", "--school", "100001", "--out", str(folder))
    assert result.code == 2 and "out:" in result.err and "not a folder" in result.err
    assert folder.is_dir() and not any(folder.iterdir())


def test_cancel_leaves_the_previous_file(record: Services, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"previous")
    with pytest.raises(CancelledError):
        record.inspection.summary("100001", cancelled=lambda: True)
    summary = record.inspection.summary("100001")
    with pytest.raises(CancelledError):
        write_inspection_summary(summary, out, cancelled=lambda: True)
    assert out.read_bytes() == b"previous"
    assert not [p.name for p in tmp_path.iterdir() if ".part" in p.name or p.name.startswith(".")]
    assert len(summary.sections[1].actions) == ACTIONS_SHOWN


def test_evidence_beyond_a_section_is_listed_in_appendix_b(
    record: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IC2 gets eight evidence items in all: the section prints five and says where the other
    three are. Appendix B lists the two that no section prints, newest first with their
    criteria (the third is printed under IC9); a limit on the appendix makes it say "N of M" and
    name the command that gives them all."""
    for number in range(6):
        record.evidence.add(
            school="100001",
            principle=1,
            title=f"Screening note {number + 1}",
            kind="meeting_note",
            evidence_date=f"2026-0{number + 1}-15",
            criteria=("IC2", "IC9") if number == 0 else ("IC2",),
        )
    summary = record.inspection.summary("100001", "Ffion Hughes")
    out = tmp_path / "summary.pdf"
    write_inspection_summary(summary, out)
    texts = page_texts(out)
    ic2 = section_text(out, texts, IC2)
    assert "Evidence: 5 of 8 items (the rest in Appendix B)" in ic2
    assert "Screening note 1" not in ic2 and "Screening note 2" not in ic2
    appendix = section_text(out, texts, "Appendix B: evidence not printed in full")
    assert "all 2 listed, newest first" in appendix
    assert "cst-inclusion evidence list --school 100001 --json" in appendix
    assert "15 Mar 2026 Meeting note Screening note 3 IC2 15 Feb 2026 Meeting note Screening" in (
        appendix
    )
    assert "Screening note 1" in section_text(
        out, texts, "IC9 An accurate, accessible SEN information report"
    )
    assert "Screening note 1" not in appendix and "Parent survey" not in appendix

    monkeypatch.setattr(inspection_service, "EVIDENCE_APPENDIX_LIMIT", 1)
    shortened = record.inspection.summary("100001", "Ffion Hughes")
    assert len(shortened.appendix_evidence) == 1 and shortened.appendix_evidence_total == 2
    write_inspection_summary(shortened, out)
    texts = page_texts(out)
    appendix = section_text(out, texts, "Appendix B: evidence not printed in full")
    assert "1 of 2 listed, newest first. All of them, with their files' fingerprints" in appendix
    assert "Screening note 3" in appendix and "Screening note 2" not in appendix
