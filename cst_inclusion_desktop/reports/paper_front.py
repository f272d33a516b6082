"""The board paper's first pages as blocks: cover sheet with contents, executive summary."""

from __future__ import annotations

from datetime import date, datetime

from cst_inclusion_desktop.domain.board_paper import BoardPaper, Cover, Escalation, Headline
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.report_model import format_day
from cst_inclusion_desktop.reports.blocks import (
    Block,
    Bullets,
    Cell,
    Contents,
    Heading,
    KeepRoom,
    NewPage,
    Table,
    Text,
    Title,
    cells,
)

FACT_WIDTHS = (0.27, 0.73)


def generated_text(cover: Cover) -> str:
    return generated_line(cover.generated_at, cover.generated_by)


def generated_line(at: datetime, by: str) -> str:
    """ "1 Dec 2026 at 09:30 UTC by Siân Jones": the person's name, never an OS account."""
    when = f"{format_day(at.date())} at {at:%H:%M} UTC"
    if by and by != "not recorded":
        return f"{when} by {by}"
    return f"{when}; no display name is set in the app's settings"


def as_of(cover: Cover) -> date:
    """The day the figures stand at: the period's end, or the day of generation while the
    period is still running."""
    return min(cover.period.end, cover.generated_at.date())


def framework_text(cover: Cover) -> str:
    return f"{cover.framework_name}, version {cover.framework_version}"


def cover_facts(cover: Cover) -> tuple[tuple[str, str], ...]:
    """The cover sheet's label and value pairs, in the order board papers print them."""
    fields = cover.fields
    author = ", ".join(part for part in (fields.author, fields.author_role) if part)
    return (
        ("Meeting", format_day(fields.meeting_date) or "Not set"),
        ("Item", fields.item),
        ("Purpose", fields.purpose.label),
        ("Recommendation", fields.recommendation),
        ("Author", author or "Not set"),
        ("Lead trustee", fields.lead_trustee or "Not set"),
        ("Period covered", cover.period.text),
        ("Compared with", cover.compared.text),
        ("Framework", framework_text(cover)),
        ("Scope", "; ".join(cover.scope) or "The whole trust"),
        ("Generated", generated_text(cover)),
        *anchor_fact(cover),
    )


def anchor_fact(cover: Cover) -> tuple[tuple[str, str], ...]:
    """The integrity line every paper carries: the audit chain's head when it was made."""
    if cover.anchor is None:
        return ()
    return (("Audit anchor", f"{cover.anchor.text} (prove with `cst-inclusion check --anchor`)"),)


def anchor_keyword(cover: Cover) -> str:
    """The anchor as the document's metadata carries it, read back by `check --anchor FILE`."""
    return f", audit-anchor {cover.anchor.token}" if cover.anchor is not None else ""


def facts_table(pairs: tuple[tuple[str, str], ...]) -> Table:
    rows = tuple((Cell(label, bold=True), Cell(value)) for label, value in pairs)
    return Table((), rows, FACT_WIDTHS)


def cover_sheet(cover: Cover, contents: tuple[str, ...]) -> list[Block]:
    return [
        Title(cover.trust_name, cover.title, cover.fields.item, cover.logo),
        facts_table(cover_facts(cover)),
        Contents(contents),
        NewPage(),
    ]


def executive_summary(paper: BoardPaper) -> list[Block]:
    blocks: list[Block] = [
        Heading("Executive summary"),
        Heading("Key messages", 2),
        Bullets(paper.key_messages),
    ]
    if paper.commentary.strip():
        blocks.append(Heading("Commentary from the trust lead", 2))
        blocks += [Text(part) for part in _paragraphs(paper.commentary)]
    blocks += [
        KeepRoom(60),
        Heading("Headline figures", 2),
        Text(
            f"Open actions as they stood on {format_day(as_of(paper.cover))}, against "
            f"{paper.cover.compared.label or paper.cover.compared.text}.",
            muted=True,
        ),
        headline_table(paper.headline, paper.cover.compared.label or "Compared period"),
        KeepRoom(40),
        Heading("Schools of concern", 2),
        Text(paper.concerns_rule, muted=True),
    ]
    if paper.concerns:
        rows = tuple(
            (
                Cell(concern.school.name),
                Cell(concern.school.urn),
                Cell(f"{concern.counts.red:,}"),
                Cell(f"{concern.counts.overdue:,}"),
                Cell("; ".join(concern.reasons)),
            )
            for concern in paper.concerns
        )
        blocks.append(
            Table(
                ("School", "URN", "Red", "Overdue", "Why"),
                rows,
                (0.3, 0.1, 0.08, 0.11, 0.41),
            )
        )
    else:
        blocks.append(Text("No school meets the rule this period."))
    blocks += [KeepRoom(40), Heading("Top escalations", 2)]
    shown = paper.escalations_shown
    if paper.escalations:
        listed = plural(shown.total, "escalated action")
        if shown.omitted:
            listed = f"{shown.shown:,} of {listed}, most overdue first; the annex lists them all"
        blocks.append(Text(f"Showing {listed}.", muted=True))
        for number, escalation in enumerate(paper.escalations, start=1):
            blocks += escalation_blocks(number, escalation)
    else:
        blocks.append(Text("No open action is red or overdue."))
    blocks += [KeepRoom(30), Heading("Questions for the board", 2)]
    blocks.append(Bullets(paper.questions, numbered=True) if paper.questions else Text("None."))
    blocks.append(NewPage())
    return blocks


def headline_table(headline: Headline, compared: str) -> Table:
    rows = tuple(
        cells(
            figure.label,
            f"{figure.current:,}",
            "" if figure.percent is None else f"{figure.percent}%",
            f"{figure.previous:,}",
            figure.change_text,
        )
        for figure in headline.figures
    )
    return Table(
        ("Measure", "Now", "Share of open", compared, "Change"),
        rows,
        (0.34, 0.12, 0.16, 0.24, 0.14),
    )


def escalation_blocks(number: int, escalation: Escalation) -> list[Block]:
    rag = escalation.rag.label if escalation.rag else "Not yet rated"
    facts = [
        f"{escalation.school.name}, principle {escalation.principle_number} "
        f"{escalation.principle_title}",
        f"owner {escalation.owner or 'not recorded'}",
        rag,
    ]
    if escalation.due_date:
        due = f"due {format_day(escalation.due_date)}"
        if escalation.days_overdue > 0:
            due += f", {plural(escalation.days_overdue, 'day')} overdue"
        facts.append(due)
    blocks: list[Block] = [
        KeepRoom(25),
        Heading(f"{number}. {escalation.title}", 3),
        Text("; ".join(facts) + "."),
    ]
    if escalation.latest_review_date:
        lead = f"Latest review, {format_day(escalation.latest_review_date)}: "
        notes = _paragraphs(escalation.latest_review_note) or ["No note written."]
        blocks.append(Text(notes[0], lead=lead, muted=True))
        blocks += [Text(note, muted=True) for note in notes[1:]]
    else:
        blocks.append(Text("Not reviewed yet.", muted=True))
    return blocks


def _paragraphs(text: str) -> list[str]:
    """Free text split at blank lines, each paragraph's lines joined (nothing dropped)."""
    parts = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return [part for part in parts if part]
