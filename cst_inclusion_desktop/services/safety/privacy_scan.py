"""`check --privacy`: free text that looks as if it holds a pupil's name or date of birth, for
the SENCO to review. Advice, not a failure: a heuristic finds likely cases, never proves one.

The heuristic (docs/data-protection.md quotes it):

- a title and a name: "Mrs Patel", "Mr. O'Neill", "Miss Brown";
- a date near "DOB", "D.O.B.", "date of birth" or "born": "DOB 03/04/2016", "born 3 March 2016";
- two or more capitalised words in a row, at least two of which are neither common school and
  SEND words (Speech Therapy, Year Group, Pupil Premium, months, days, terms) nor words of the
  trust's own school, trust, principle and staff names (owners, reviewers, SENCOs).

Only the fields where people type prose are read: action title and description, evidence title
and note, review note. Fields meant for staff names (owner, reviewer, SENCO) are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cst_inclusion_desktop.store.models import Action, Evidence, Principle, Review, School, Trust

FREE_TEXT = {
    "action": (Action, ("title", "description")),
    "evidence": (Evidence, ("title", "note")),
    "review": (Review, ("note",)),
}
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
# "Smith", "O'Neill", "Smith-Jones", "Zoë", "Ørsted": a capital, then lower-case letters.
_WORD = rf"[{_UPPER}](?:[{_LOWER}]+|['’][{_UPPER}][{_LOWER}]+)(?:-[{_UPPER}][{_LOWER}]+)*"
_TITLED = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?\s+{_WORD}")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_MONTH_NAME = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"  # also full names
)
_DATE = (
    rf"(?:{_DAY}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{_DAY}\s+{_MONTH_NAME}\s+\d{{4}})"
)
_BIRTH = re.compile(
    rf"\b(?:DOB|D\.O\.B\.?|date of birth|born)\b[\s:,-]*(?:on\s+)?{_DATE}", re.IGNORECASE
)
_CAPITALISED_RUN = re.compile(rf"\b{_WORD}(?:\s+{_WORD})+")
_COMMON_TEXT = """
    a after all also an and as at autumn before by during every for from he her his in is it
    its january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep
    sept oct nov dec of on our she spring summer term the their then there these they this to
    we when where with year years week weeks half termly today new next last first second
    academy assistant assessment attendance behaviour board careers centre class classroom
    cognition communication council county curriculum day department deputy director early
    education educational emotional english evidence executive family forest governor group
    head health hub inclusion inclusive interaction key language learning lead leader literacy
    local authority maths mental meeting mentor nurture numeracy occupational ofsted parent
    parents partnership pastoral phase phonics physical plan premium primary principal
    principle provision psychologist psychology pupil pupils quality reading reception review
    room safeguarding school schools science secondary send senco sendco senior sensory service
    services social speech staff strategic strategy student students support team teacher
    teachers teaching therapist therapy thrive training trust trustee trustees unit wellbeing
    whole write writing zones regulation ehcp ehc sen sena iep plan plans caf early help
    autism adhd dyslexia learning difficulty difficulties needs need code practice act
"""
COMMON_WORDS = frozenset(_COMMON_TEXT.split())


@dataclass(frozen=True, slots=True)
class PrivacyFinding:
    entity: str
    entity_id: str
    field: str
    fragment: str
    reason: str


def scan(session: Session) -> list[PrivacyFinding]:
    """Every free-text field that looks as if it holds a name or a date of birth."""
    known = _known_words(session)
    found: list[PrivacyFinding] = []
    for entity, (model, fields) in FREE_TEXT.items():
        table = model.__table__.c
        columns = [table[name] for name in fields]
        query = select(table.id, *columns).order_by(table.id).execution_options(yield_per=5000)
        for row_id, *values in session.execute(query):
            for name, value in zip(fields, values, strict=True):
                for fragment, reason in findings_in(value or "", known):
                    found.append(PrivacyFinding(entity, row_id, name, fragment, reason))
    return found


def findings_in(text: str, known: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The fragments of ``text`` that look like a name or a date of birth, with why."""
    if not text:
        return []
    found: list[tuple[str, str]] = []
    for match in _BIRTH.finditer(text):
        found.append((match.group(0), "a date of birth"))
    titled_spans = []
    for match in _TITLED.finditer(text):
        found.append((match.group(0), "a title and a name"))
        titled_spans.append(match.span())
    for match in _CAPITALISED_RUN.finditer(text):
        if any(start <= match.start() < end for start, end in titled_spans):
            continue
        words = match.group(0).split()
        unknown = [word for word in words if _bare(word) not in COMMON_WORDS | known]
        if len(unknown) >= 2:
            found.append((match.group(0), "capitalised words that may be a name"))
    return found


def _bare(word: str) -> str:
    lowered = word.lower()
    for ending in ("'s", "’s", "s'"):
        if lowered.endswith(ending):
            lowered = lowered[: -len(ending)]
    return lowered


def _known_words(session: Session) -> frozenset[str]:
    """Words of the trust's own names: schools, the trust, principles and its staff."""
    texts: list[Iterable[str | None]] = [
        session.execute(select(School.name)).scalars(),
        session.execute(select(School.senco)).scalars(),
        session.execute(select(Trust.name)).scalars(),
        session.execute(select(Principle.title)).scalars(),
        session.execute(select(Action.owner).distinct()).scalars(),
        session.execute(select(Review.reviewer).distinct()).scalars(),
    ]
    words: set[str] = set()
    for values in texts:
        for value in values:
            words.update(_bare(word) for word in re.findall(r"[^\W\d_][\w'’-]*", value or ""))
    return frozenset(words)
