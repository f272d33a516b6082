"""Hand-built board papers and annexes (no database) for the layout tests: a few schools with
awkward names and long notes, and generated trusts of any size for the page-count bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from cst_inclusion_desktop.domain.board_paper import (
    Annex,
    AreaOfNeedRow,
    BoardPaper,
    Cell,
    Counts,
    Cover,
    CoverFields,
    Escalation,
    Headline,
    HeadlineFigure,
    Matrix,
    MatrixRow,
    Purpose,
    SchoolGlance,
    SchoolOfConcern,
    SchoolPage,
    Shortened,
    TrendPoint,
    Trends,
)
from cst_inclusion_desktop.domain.enums import AreaOfNeed, EvidenceKind, Rag, Status
from cst_inclusion_desktop.domain.records import CheckItem, PrincipleRecord
from cst_inclusion_desktop.domain.report_model import (
    ActionLine,
    ActionList,
    EvidenceIndex,
    EvidenceLine,
    Exceptions,
    Gap,
    Period,
    PrincipleSection,
    SchoolGroup,
    SchoolRef,
)

TRUST = "Ymddiriedolaeth Dysgu Ŵy – “Zoë’s” Trust"
LONG_NAME = "The Blessed Cardinal Newman Catholic Voluntary Academy and Sixth Form Centre"
LONG_NOTE = (
    "Screening of every Year 7 pupil was planned for October but the assessor left; "
    "a replacement starts in January and the backlog will be cleared by February half term. "
) * 6 + "THE END OF THE NOTE."
PERIOD = Period(date(2026, 9, 1), date(2026, 12, 31), "Autumn term 2026")
COMPARED = Period(date(2026, 4, 1), date(2026, 8, 31), "Summer term 2026")
TERMS = (
    Period(date(2025, 1, 1), date(2025, 3, 31), "Spring term 2025"),
    Period(date(2025, 4, 1), date(2025, 8, 31), "Summer term 2025"),
    Period(date(2025, 9, 1), date(2025, 12, 31), "Autumn term 2025"),
    Period(date(2026, 1, 1), date(2026, 3, 31), "Spring term 2026"),
    COMPARED,
    PERIOD,
)
PRINCIPLES = tuple(
    PrincipleRecord(f"p{n}", n, title, f"What principle {n} asks of a school.")
    for n, title in enumerate(
        [
            "Knowing children well, early and often",
            "High quality and evidence-informed teaching practice",
            "Coherent and expert targeted support",
            "Strengthening inclusion through relationships and partnerships",
            "Inclusion as a strategic and shared responsibility",
        ],
        start=1,
    )
)
NAMED = ("Ysgol Bryn Ŵyn", "Ørsted Academy", LONG_NAME)


def school(index: int) -> SchoolRef:
    name = NAMED[index] if index < len(NAMED) else f"Hexham Park Primary School {index:03d}"
    return SchoolRef(f"s{index}", f"{100001 + index}", name, "Primary", "Siân Jones")


def counts(seed: int) -> Counts:
    """Varied counts; seed 0 has nothing open, seed 1 one red among many greens."""
    if seed == 0:
        return Counts()
    if seed == 1:
        return Counts(open=31, red=1, green=30, overdue=2, not_reviewed_this_term=4)
    red, amber, green = seed % 4, seed % 5 + 1, seed % 7 + 2
    return Counts(
        open=red + amber + green,
        red=red,
        amber=amber,
        green=green,
        overdue=seed % 3,
        not_reviewed_this_term=seed % 6,
        green_overdue=seed % 2,
    )


def cell(number: int, seed: int) -> Cell:
    return Cell(number, counts(seed), counts(seed + 1))


def sum_counts(items: list[Counts]) -> Counts:
    fields = ("open", "red", "amber", "green", "not_rated", "overdue", "not_reviewed_this_term")
    return Counts(**{name: sum(getattr(item, name) for item in items) for name in fields})


def sample_paper(school_count: int = 3, escalations: int = 5) -> BoardPaper:
    schools = [school(i) for i in range(school_count)]
    rows = []
    for index, ref in enumerate(schools):
        row_cells = tuple(cell(p.number, index * 5 + p.number - 1) for p in PRINCIPLES)
        total = Cell(
            0,
            sum_counts([c.counts for c in row_cells]),
            sum_counts([c.previous for c in row_cells]),
        )
        rows.append(MatrixRow(ref, row_cells, total))
    columns = tuple(
        Cell(
            p.number,
            sum_counts([r.cells[i].counts for r in rows]),
            sum_counts([r.cells[i].previous for r in rows]),
        )
        for i, p in enumerate(PRINCIPLES)
    )
    whole = Cell(
        0, sum_counts([r.total.counts for r in rows]), sum_counts([r.total.previous for r in rows])
    )
    now, before = whole.counts, whole.previous
    figures = tuple(
        HeadlineFigure(key, label, getattr(now, key), getattr(before, key), now.open)
        for key, label in (
            ("open", "Open actions"),
            ("red", "Red"),
            ("overdue", "Overdue"),
            ("not_reviewed_this_term", "Not reviewed this term"),
            ("green_overdue", "Green but overdue"),
        )
    )
    cover = Cover(
        trust_name=TRUST,
        logo=None,
        title="Board paper: inclusion",
        fields=CoverFields(
            meeting_date=date(2027, 1, 14),
            item="Item 7: inclusion and SEND",
            purpose=Purpose.DISCUSSION,
            recommendation="The board is asked to discuss the three questions below.",
            author="Siân Ørsted",
            author_role="Trust inclusion lead",
            lead_trustee="Dafydd ap Gŵyn",
        ),
        period=PERIOD,
        compared=COMPARED,
        framework_name="Five principles – Inclusion in Practice",
        framework_version=3,
        generated_at=datetime(2026, 12, 31, 9, 30, tzinfo=UTC),
        generated_by="Siân Ørsted",
        scope=(f"All {school_count} schools", "All 5 principles"),
    )
    escalation_rows = tuple(
        Escalation(
            title=f"Escalated action {n} for “{schools[n % school_count].name}”",
            school=schools[n % school_count],
            principle_number=1 + n % 5,
            principle_title=PRINCIPLES[n % 5].title,
            owner="Zoë Ørsted",
            rag=Rag.RED if n % 2 else None,
            due_date=date(2026, 10, 1),
            days_overdue=1 + n * 10,
            latest_review_date=date(2026, 11, 3),
            latest_review_note=LONG_NOTE if n == 0 else "Waiting for the assessor.",
        )
        for n in range(escalations)
    )
    return BoardPaper(
        cover=cover,
        key_messages=(
            f"Red open actions fell from {before.red} to {now.red} since the summer term.",
            "Overdue actions are concentrated in two schools.",
            "Every school recorded reviews this term.",
        ),
        commentary="The trust lead's view.\n\nA second paragraph of commentary.",
        headline=Headline(now, before, figures),
        concerns=tuple(
            SchoolOfConcern(ref, rows[i].total.counts, ("3 or more red open actions",))
            for i, ref in enumerate(schools[:3])
        ),
        concerns_rule="A school is of concern with 3 or more red open actions.",
        escalations=escalation_rows,
        escalations_shown=Shortened(len(escalation_rows), len(escalation_rows) + 7),
        questions=("What is blocking the overdue screening at Ysgol Bryn Ŵyn?", "Second question?"),
        matrix=Matrix(PRINCIPLES, tuple(rows), columns, whole),
        trends=Trends(
            tuple(
                TrendPoint(term, 40 - 4 * i, 30 - 3 * i, 100 + 20 * i, 300 + 50 * i)
                for i, term in enumerate(TERMS)
            ),
            "Red open actions fell in each of the last six terms, from 40 to 20.",
        ),
        schools=tuple(
            SchoolGlance(ref, rows[i].total.counts, rows[i].total.previous, 3 * i)
            for i, ref in enumerate(schools)
        ),
        areas=tuple(
            AreaOfNeedRow(area, counts(i + 3)) for i, area in enumerate([*AreaOfNeed, None])
        ),
        definitions=(
            "Open: planned, in progress or on hold.",
            "Overdue: open and due before the day.",
        ),
    )


def action_line(index: int, ref: SchoolRef, number: int) -> ActionLine:
    return ActionLine(
        title=f"Action {index:04d} for “{ref.name}” – screening ŵ ŷ",
        owner="Zoë Ørsted",
        status=list(Status)[index % 5],
        rag=list(Rag)[index % 3],
        due_date=date(2026, 9, 1) + timedelta(days=index % 90),
        overdue=index % 4 == 0,
        evidence_count=index % 3,
        latest_review_note=LONG_NOTE if index == 7 else "On track.",
        latest_review_date=date(2026, 10, 1),
        school_urn=ref.urn,
        school_name=ref.name,
        principle_number=number,
        rated=index % 11 != 5,
    )


def sample_annex(school_count: int = 3, per_group: int = 12) -> Annex:
    """Every principle × school with ``per_group`` of its ``per_group + 73`` actions listed."""
    paper = sample_paper(school_count)
    schools = [row.school for row in paper.matrix.rows]
    counter = iter(range(1_000_000))
    sections = tuple(
        PrincipleSection(
            principle,
            school_count * (per_group + 73),
            {Rag.RED: 10, Rag.AMBER: 20, Rag.GREEN: 30},
            tuple(
                SchoolGroup(
                    ref,
                    tuple(
                        action_line(next(counter), ref, principle.number) for _ in range(per_group)
                    ),
                    per_group + 73,
                    73,
                )
                for ref in schools
            ),
        )
        for principle in PRINCIPLES
    )
    lines = [line for section in sections for group in section.groups for line in group.actions]
    evidence = tuple(
        EvidenceLine(
            EvidenceKind.DOCUMENT,
            date(2026, 9, 2),
            f"Evidence {i}",
            lines[i % len(lines)].title,
            schools[0].urn,
            1,
            f"{i:064x}",
            i % 10 != 3,
        )
        for i in range(40)
    )
    return Annex(
        cover=paper.cover,
        sections=sections,
        exceptions=Exceptions(
            ActionList("Overdue actions", "Open and past due.", tuple(lines[:30]), 310),
            ActionList("Red actions", "Open and red.", tuple(lines[30:50]), 20),
            ActionList("Actions with no evidence", "None recorded.", (), 0),
            (Gap(schools[-1], 1, PRINCIPLES[0].title),),
        ),
        schools=tuple(
            SchoolPage(
                ref,
                row.total.counts,
                row.cells,
                ActionList("Red or overdue", "", tuple(lines[:8]), 85),
            )
            for ref, row in zip(schools, paper.matrix.rows, strict=True)
        ),
        evidence=EvidenceIndex(evidence, 320, 300, 270, 30),
        integrity=(
            CheckItem("audit_chain", True, "1,234 audit events verified"),
            CheckItem("evidence_hashes", False, "1 stored file does not match its SHA-256"),
        ),
        limits_note="Lists show the most pressing actions first; each says how many it shows.",
    )
