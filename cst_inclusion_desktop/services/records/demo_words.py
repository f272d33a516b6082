"""The demo trust's vocabulary: place and people names, roles and action wording, and the
seeded choices made from them (kept apart so the generator reads as what it builds)."""

from __future__ import annotations

import random
import uuid

from cst_inclusion_desktop.domain.enums import Phase

PLACES = [
    "Ashford",
    "Barnsley",
    "Bramley",
    "Castleford",
    "Chorley",
    "Darlington",
    "Durham",
    "Ely",
    "Fenwick",
    "Grantham",
    "Harrogate",
    "Hexham",
    "Ilkley",
    "Kendal",
    "Lancaster",
    "Ludlow",
    "Malton",
    "Morpeth",
    "Newbury",
    "Northallerton",
    "Oakham",
    "Otley",
    "Penrith",
    "Pickering",
    "Redcar",
    "Ripon",
    "Selby",
    "Skipton",
    "Stokesley",
    "Thirsk",
    "Tadcaster",
    "Ulverston",
    "Wakefield",
    "Wetherby",
    "Whitby",
    "Yarm",
    "Beverley",
    "Bridlington",
    "Goole",
    "Hornsea",
]
SAINTS = [
    "St Mary's",
    "St John's",
    "St Peter's",
    "Holy Trinity",
    "St Aidan's",
    "St Hilda's",
    "All Saints'",
]
STYLES = [
    ("{place} Primary School", Phase.PRIMARY),
    ("{place} Community Primary School", Phase.PRIMARY),
    ("{saint} C of E Primary School, {place}", Phase.PRIMARY),
    ("{place} Academy", Phase.SECONDARY),
    ("{place} High School", Phase.SECONDARY),
    ("{place} All-through School", Phase.ALL_THROUGH),
    ("{place} Park Special School", Phase.SPECIAL),
    ("{place} Learning Centre", Phase.ALTERNATIVE_PROVISION),
]
FIRST = [
    "Zoë",
    "Amelia",
    "Oliver",
    "Noah",
    "Isla",
    "Priya",
    "Mohammed",
    "Siân",
    "Dylan",
    "Chloé",
    "Grace",
    "Harry",
    "Aisha",
    "Tomás",
    "Ffion",
    "Jack",
    "Maya",
    "Rhys",
    "Leah",
    "Kofi",
]
LAST = [
    "Ørsted",
    "Smith",
    "Jones",
    "Patel",
    "Williams",
    "Brown",
    "Taylor",
    "Khan",
    "Evans",
    "O'Connor",
    "Wilson",
    "Davies",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Hughes",
    "Green",
]
ROLES = ["SENCO", "Deputy head", "Class teacher", "Head of year", "Pastoral lead", "TA lead"]
VERBS = [
    "Introduce",
    "Review",
    "Embed",
    "Train staff in",
    "Audit",
    "Strengthen",
    "Pilot",
    "Map",
    "Evaluate",
    "Refresh",
]
OBJECTS = {
    1: [
        "early screening for speech and language needs",
        "transition information from feeder schools",
        "one-page pupil profiles",
        "termly pupil-progress meetings",
        "attendance and SEND data reviews",
    ],
    2: [
        "adaptive teaching strategies",
        "explicit vocabulary instruction",
        "scaffolded reading across subjects",
        "instructional coaching for early-career teachers",
        "classroom environment checks",
    ],
    3: [
        "small-group phonics intervention",
        "maths catch-up sessions",
        "the nurture group offer",
        "speech and language therapy sessions",
        "the targeted literacy programme",
    ],
    4: [
        "family coffee mornings with the SENCO",
        "pupil voice panels",
        "joint working with CAMHS",
        "links with the local special school",
        "parent workshops on reading at home",
    ],
    5: [
        "the SEND governor link visits",
        "the trust inclusion strategy",
        "SEND budget allocation",
        "the annual SEND information report",
        "leadership time for the SENCO",
    ],
}


def seeded_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
