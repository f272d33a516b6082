"""`check`'s comparison of the coverage tallies with the links, said in the words of the coverage
view: which criterion at which school, what kind of count, the stored and the true figure."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.records import CheckItem
from cst_inclusion_desktop.store.coverage_recount import Key, tally_differences
from cst_inclusion_desktop.store.models import InspectionCriterion, School

SHOWN = 5
_KIND_WORDS = {
    "open": "open actions",
    "done_month": "actions completed in {}",
    "done_day": "actions completed on {}",
    "evidence_all": "evidence of any date",
    "evidence_month": "evidence dated in {}",
    "evidence_day": "evidence dated {}",
}


def tally_check(session: Session) -> CheckItem:
    differences = tally_differences(session)
    if not differences:
        return CheckItem("coverage_tallies", True, "the coverage tallies match the links")
    codes = dict(session.execute(select(InspectionCriterion.id, InspectionCriterion.code)).all())
    urns = dict(session.execute(select(School.id, School.urn)).all())

    def said(key: Key, stored: int, counted: int) -> str:
        kind, period, criterion, school = key
        what = _KIND_WORDS.get(kind, kind + " {}").format(period).strip()
        where = f"{codes.get(criterion, criterion)} at URN {urns.get(school, school)}"
        return f"{where}, {what}: {stored:,} stored, the links give {counted:,}"

    shown = "; ".join(said(*difference) for difference in differences[:SHOWN])
    more = f" (and {len(differences) - SHOWN:,} more)" if len(differences) > SHOWN else ""
    verb = "differs" if len(differences) == 1 else "differ"
    return CheckItem(
        "coverage_tallies",
        False,
        f"{plural(len(differences), 'coverage tally', 'coverage tallies')} {verb} from the "
        f"links: {shown}{more}. The coverage view and the board paper's coverage table read "
        "them; restore the last good backup",
    )
