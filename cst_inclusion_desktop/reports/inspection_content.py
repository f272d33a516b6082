"""A school's inspection summary as blocks: a cover page, one section per inspection criterion
(what the school does, its evidence, its assess–plan–do–review history) and three appendices
(the actions and the evidence not printed in full, and the evidence files' fingerprints).

Each section prints a few items in full, in the annex's denser table type, so that a school of
200 actions stays near 15 pages; every shortened list says "N of M" and where the rest are.
"""

from __future__ import annotations

from collections.abc import Sequence

from cst_inclusion_desktop.domain.coverage import GAP_SYMBOL, GAP_WORD
from cst_inclusion_desktop.domain.definitions import plural, shown_of
from cst_inclusion_desktop.domain.inspection import (
    CriterionSection,
    InspectionCover,
    InspectionSummary,
    SummaryAction,
)
from cst_inclusion_desktop.domain.report_model import format_day
from cst_inclusion_desktop.reports.annex_content import rag_word_cell
from cst_inclusion_desktop.reports.blocks import (
    Block,
    Cell,
    Contents,
    Heading,
    KeepRoom,
    NewPage,
    Running,
    Table,
    Text,
    Title,
    cells,
)
from cst_inclusion_desktop.reports.paper_front import facts_table, generated_line

SUMMARY_TITLE = "Inspection summary"
AT_A_GLANCE = "The criteria at a glance"
APPENDIX_ACTIONS = "Appendix A: actions not printed in full"
APPENDIX_EVIDENCE = "Appendix B: evidence not printed in full"
APPENDIX_FINGERPRINTS = "Appendix C: evidence fingerprints"
ACTION_HEADER = ("Action", "Owner", "Status", "RAG", "Latest review")
ACTION_WIDTHS = (0.25, 0.14, 0.15, 0.1, 0.36)
EVIDENCE_HEADER = ("Date", "Kind", "Title")
EVIDENCE_WIDTHS = (0.14, 0.2, 0.66)
HISTORY_HEADER = ("Action", "Reviewed", "RAG", "Progress", "Next review")
HISTORY_WIDTHS = (0.22, 0.12, 0.1, 0.42, 0.14)
APPENDIX_HEADER = ("Action", "Owner", "Status", "RAG", "Criteria")
APPENDIX_WIDTHS = (0.38, 0.24, 0.12, 0.13, 0.13)
APPENDIX_EVIDENCE_HEADER = ("Date", "Kind", "Title", "Criteria")
APPENDIX_EVIDENCE_WIDTHS = (0.13, 0.2, 0.54, 0.13)
FINGERPRINT_HEADER = ("Date", "Evidence", "SHA-256 fingerprint of its file")
FINGERPRINT_WIDTHS = (0.12, 0.17, 0.71)
FINGERPRINT_GROUP = 16


def section_heading(section: CriterionSection) -> str:
    return f"{section.criterion.code} {section.criterion.title}"


def inspection_blocks(summary: InspectionSummary) -> list[Block]:
    return [
        *cover_page(summary),
        *(block for section in summary.sections for block in criterion_section(section)),
        *appendix_actions(summary),
        *appendix_evidence(summary),
        *appendix_fingerprints(summary),
    ]


def cover_facts(cover: InspectionCover) -> tuple[tuple[str, str], ...]:
    school, toolkit = cover.school, cover.toolkit
    criteria = (
        f"{toolkit.name}, published {format_day(toolkit.published)}; criteria list version "
        f"{toolkit.version}"
        if toolkit.version
        else "Not recorded in this database"
    )
    return (
        ("School", f"{school.name}, URN {school.urn} ({school.phase})"),
        ("SENCO", school.senco or "Not recorded"),
        (
            "Covers",
            f"The 12 months from {format_day(cover.start)} to {format_day(cover.day)}, as the "
            "record stands on that day",
        ),
        ("Framework", f"{cover.framework_name}, version {cover.framework_version}"),
        ("Inspection criteria", criteria),
        (
            "Audit anchor",
            f"{cover.audit_anchor.text} (prove with `cst-inclusion check --anchor`)"
            if cover.audit_anchor is not None
            else "Not recorded",
        ),
        ("Generated", generated_line(cover.generated_at, cover.generated_by)),
    )


def cover_page(summary: InspectionSummary) -> list[Block]:
    cover = summary.cover
    glance = tuple(
        (
            Cell(section_heading(section)),
            Cell(f"{section.open_total:,} open, {section.completed_total:,} completed"),
            Cell(f"{section.evidence_total:,}"),
            _gap_cell(section),
        )
        for section in summary.sections
    )
    contents = (
        AT_A_GLANCE,
        *(section_heading(section) for section in summary.sections),
        APPENDIX_ACTIONS,
        APPENDIX_EVIDENCE,
        APPENDIX_FINGERPRINTS,
    )
    return [
        Title(
            cover.trust_name,
            SUMMARY_TITLE,
            f"{cover.school.name}, URN {cover.school.urn}",
            cover.logo,
        ),
        facts_table(cover_facts(cover)),
        Text(
            "One section per criterion: the school's actions (open now or completed within the "
            "12 months), its evidence dated within them and its assess–plan–do–review history. "
            f"{GAP_SYMBOL} {GAP_WORD}: no evidence at all for the criterion."
        ),
        Contents(contents),
        NewPage(),
        Heading(AT_A_GLANCE),
        Table(
            ("Criterion", "Actions", "Evidence", "Gap"),
            glance,
            (0.46, 0.27, 0.14, 0.13),
        ),
    ]


def _gap_cell(section: CriterionSection) -> Cell:
    if section.gap:
        return Cell(f"{GAP_SYMBOL} {GAP_WORD}", bold=True)
    return Cell("No gap")


def criterion_section(section: CriterionSection) -> list[Block]:
    heading = section_heading(section)
    counts = (
        f"{section.open_total:,} open and {section.completed_total:,} completed "
        f"{'action' if section.actions_total == 1 else 'actions'}, "
        f"{plural(section.evidence_total, 'evidence item')} in the 12 months."
    )
    if section.gap:
        counts += f" {GAP_SYMBOL} {GAP_WORD}: no evidence at all is recorded for this criterion."
    out: list[Block] = [
        KeepRoom(50),
        Heading(heading),
        Running(heading),
        Text(section.criterion.summary, muted=True),
        Text(counts),
        Heading(
            "What the school does: "
            f"{counted(len(section.actions), section.actions_total, 'action')}"
            f"{_rest(len(section.actions), section.actions_total, 'A')}",
            2,
        ),
    ]
    if section.actions:
        out.append(
            Table(
                ACTION_HEADER, tuple(map(_action_row, section.actions)), ACTION_WIDTHS, small=True
            )
        )
    else:
        out.append(Text("No action under this criterion in the 12 months."))
    out.append(
        Heading(
            f"Evidence: {counted(len(section.evidence), section.evidence_total, 'item')}"
            f"{_rest(len(section.evidence), section.evidence_total, 'B')}",
            2,
        )
    )
    if section.evidence:
        rows = tuple(
            cells(format_day(item.day), item.kind.label, item.title) for item in section.evidence
        )
        out.append(Table(EVIDENCE_HEADER, rows, EVIDENCE_WIDTHS, small=True))
    else:
        out.append(Text("No evidence dated in the 12 months."))
    out.append(
        Heading(
            "Assess–plan–do–review: "
            f"{counted(len(section.history), section.history_total, 'action')} reviewed",
            2,
        )
    )
    if section.history:
        out.append(Table(HISTORY_HEADER, _history_rows(section), HISTORY_WIDTHS, small=True))
    else:
        out.append(Text("No action under this criterion was reviewed in the 12 months."))
    out.append(Running(""))
    return out


def counted(shown: int, total: int, singular: str) -> str:
    """ "none", "1 action", "6 actions", or "4 of 6 actions" for a shortened list."""
    if not total:
        return "none"
    if shown >= total:
        return plural(total, singular)
    return f"{shown_of(shown, total)} {singular}s"


def _rest(shown: int, total: int, appendix: str) -> str:
    return f" (the rest in Appendix {appendix})" if shown < total else ""


def status_text(action: SummaryAction) -> str:
    if action.completed_date is not None and not action.status.is_open:
        return f"{action.status.label} {format_day(action.completed_date)}"
    if action.due_date is not None:
        return f"{action.status.label}, due {format_day(action.due_date)}"
    return action.status.label


def _action_row(action: SummaryAction) -> tuple[Cell, ...]:
    review = "Not reviewed"
    if action.latest_review_date is not None:
        review = f"{format_day(action.latest_review_date)}: {action.latest_review_note}".rstrip(
            ": "
        )
    return (
        Cell(action.title),
        Cell(action.owner),
        Cell(status_text(action)),
        rag_word_cell(action.rag),
        Cell(review),
    )


def _history_rows(section: CriterionSection) -> tuple[tuple[Cell, ...], ...]:
    rows: list[tuple[Cell, ...]] = []
    for history in section.history:
        for index, step in enumerate(history.steps):
            title = f"{history.action_title} ({history.status.label})" if index == 0 else ""
            progress = step.note
            if step.reviewer:
                progress = f"{progress} — {step.reviewer}" if progress else step.reviewer
            rows.append(
                (
                    Cell(title, bold=index == 0),
                    Cell(format_day(step.day)),
                    rag_word_cell(step.rag),
                    Cell(progress),
                    Cell(format_day(step.next_review_date) or "Not set"),
                )
            )
    return tuple(rows)


def appendix_actions(summary: InspectionSummary) -> list[Block]:
    shown, total = len(summary.appendix_actions), summary.appendix_total
    out: list[Block] = [
        NewPage(),
        Heading(APPENDIX_ACTIONS),
        Running(APPENDIX_ACTIONS),
        Text(
            f"The school's other counted actions: {shown_of(shown, total)} listed, open first. "
            f"{plural(summary.untagged_total, 'counted action')} "
            f"{'carries' if summary.untagged_total == 1 else 'carry'} no current criterion."
            + (
                f" The full list: cst-inclusion actions list --school {summary.cover.school.urn}."
                if shown < total
                else ""
            )
        ),
    ]
    rows = tuple(
        (
            Cell(action.title),
            Cell(action.owner),
            Cell(action.status.label),  # one line a row: the dates are in the lists above
            rag_word_cell(action.rag),
            Cell(", ".join(action.criteria) or "None"),
        )
        for action in summary.appendix_actions
    )
    out += [Table(APPENDIX_HEADER, rows, APPENDIX_WIDTHS, small=True), Running("")]
    return out


def appendix_evidence(summary: InspectionSummary) -> list[Block]:
    shown, total = len(summary.appendix_evidence), summary.appendix_evidence_total
    listing = f"cst-inclusion evidence list --school {summary.cover.school.urn} --json"
    where = "All of them, with their" if shown < total else "Their"
    rows = tuple(
        cells(format_day(item.day), item.kind.label, item.title, ", ".join(item.criteria))
        for item in summary.appendix_evidence
    )
    return [
        KeepRoom(60),
        Heading(APPENDIX_EVIDENCE),
        Running(APPENDIX_EVIDENCE),
        Text(
            "The evidence dated in the 12 months that the sections above do not print: "
            f"{shown_of(shown, total)} listed, newest first. {where} files' fingerprints: "
            f"{listing}."
            if total
            else "The sections above print every evidence item dated in the 12 months."
        ),
        *(
            [Table(APPENDIX_EVIDENCE_HEADER, rows, APPENDIX_EVIDENCE_WIDTHS, small=True)]
            if rows
            else []
        ),
        Running(""),
    ]


def grouped_fingerprint(fingerprint: str) -> str:
    """The SHA-256 in groups of sixteen: one line in its column, and it can still wrap."""
    step = FINGERPRINT_GROUP
    return " ".join(fingerprint[start : start + step] for start in range(0, len(fingerprint), step))


def appendix_fingerprints(summary: InspectionSummary) -> list[Block]:
    rows: Sequence[tuple[Cell, ...]] = tuple(
        cells(
            format_day(item.day),
            item.title,
            grouped_fingerprint(item.fingerprint or ""),
        )
        for item in summary.fingerprints
    )
    return [
        KeepRoom(60),
        Heading(APPENDIX_FINGERPRINTS),
        Text(
            "The stored files of the evidence printed in the sections: "
            f"{plural(len(rows), 'file')}. The command cst-inclusion check re-hashes every "
            "stored file and compares it with these "
            "fingerprints (shown in groups of sixteen characters)."
        ),
        Table(FINGERPRINT_HEADER, tuple(rows), FINGERPRINT_WIDTHS, small=True),
    ]
