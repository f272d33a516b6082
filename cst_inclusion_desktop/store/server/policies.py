"""The server's access rules as SQL: group roles, grants, row-level security, the audit rules.

Who may see a school's rows is decided by ``session_user`` (the login that signed in, which
``SET ROLE`` cannot change) and the ``user_school`` grants table, never by anything the client
sets. Every table holding school data has ``FORCE ROW LEVEL SECURITY``, so even its owner is
bound by the policies (the owner has its own "everything" policy, for set-up and imports).
The statements are idempotent: applying them again leaves the catalogue as it was.
"""

from __future__ import annotations

SENCO, TRUST_LEAD, VIEWER = "senco", "trust_lead", "viewer"
APP_ROLES = (SENCO, TRUST_LEAD, VIEWER)
ROLE_WORDS = {SENCO: "SENCO", TRUST_LEAD: "trust lead", VIEWER: "viewer"}
ALL_APP = ", ".join(APP_ROLES)
AUDIT_LOCK = 7_301_016  # pg_advisory_xact_lock key: one audit chain, appended one at a time

# Tables every role reads whole; only a trust lead changes them (setting: the audit head too).
# school_key: the public signing keys of the schools whose packs this trust accepts (0010).
# inspection_criterion, criteria_toolkit: the trust's second list (0008); report_anchor (0009).
SHARED_TABLES = (
    "trust",
    "framework",
    "principle",
    "setting",
    "alembic_version",
    "school_key",
    "inspection_criterion",
    "criteria_toolkit",
    "report_anchor",
)
# Tables holding school data: row-level security, forced.
SCHOOL_TABLES = (
    "school",
    "action",
    "evidence",
    "review",
    "blob",
    "audit_event",
    "user_school",
    "action_criterion",
    "evidence_criterion",
    "coverage_count",  # the coverage tallies (0013): written only by their triggers
)

CRITERIA_LINKS = {
    "action_criterion": "action_id IN (SELECT a.id FROM action a)",
    "evidence_criterion": "evidence_id IN (SELECT e.id FROM evidence e)",
}
TALLIES = "coverage_count"
GRANTED = "(SELECT g.school_id FROM user_school g WHERE g.login = session_user)"
VISIBLE_ENTITY = (
    "(entity_id IN (SELECT a.id FROM action a) OR entity_id IN (SELECT e.id FROM evidence e) "
    "OR entity_id IN (SELECT r.id FROM review r) OR entity_id IN (SELECT s.id FROM school s))"
)
WHOLE_BLOB = "encode(sha256(data), 'hex') = sha256"

GRANTS_TABLE = """
CREATE TABLE IF NOT EXISTS user_school (
    login varchar(63) NOT NULL,
    school_id varchar(36) NOT NULL REFERENCES school(id) ON DELETE CASCADE,
    CONSTRAINT pk_user_school PRIMARY KEY (login, school_id)
)"""


def role_statements() -> list[str]:
    """The three NOLOGIN group roles (cluster-wide: made once, kept if present)."""
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
        f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
        for role in APP_ROLES
    ]


def grant_statements() -> list[str]:
    statements = [
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {ALL_APP}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {ALL_APP}",
        f"GRANT SELECT ON {', '.join(SHARED_TABLES + SCHOOL_TABLES)} TO {ALL_APP}",
        f"GRANT INSERT, UPDATE, DELETE ON trust, framework, principle, school, action, "
        f"evidence, review, blob, school_key, inspection_criterion, criteria_toolkit, "
        f"report_anchor, action_criterion, evidence_criterion TO {TRUST_LEAD}",
        f"GRANT INSERT, UPDATE, DELETE ON action, evidence, review, action_criterion, "
        f"evidence_criterion TO {SENCO}",
        f"GRANT INSERT, UPDATE ON blob TO {SENCO}",
        # The audit head (seq:hash) is rewritten with every append; the log itself only grows.
        f"GRANT INSERT, UPDATE ON setting TO {SENCO}, {TRUST_LEAD}",
        f"GRANT INSERT ON audit_event TO {SENCO}, {TRUST_LEAD}",
        # Any other table (the trust's register of school keys, and tables later migrations
        # add) is trust-level: everyone reads it, a trust lead changes it.
        OTHER_TABLES_GRANT,
    ]
    return statements


OTHER_TABLES_GRANT = f"""DO $$ DECLARE found record; BEGIN
    FOR found IN SELECT tablename FROM pg_tables WHERE schemaname = 'public'
            AND tablename <> ALL(ARRAY['{"', '".join(SHARED_TABLES + SCHOOL_TABLES)}']) LOOP
        EXECUTE format('GRANT SELECT ON %I TO {ALL_APP}', found.tablename);
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO {TRUST_LEAD}', found.tablename);
    END LOOP;
END $$"""


def _policy(table: str, name: str, command: str, role: str, using: str, check: str) -> list[str]:
    parts = [f"CREATE POLICY {name} ON {table} FOR {command} TO {role}"]
    if using:
        parts.append(f"USING ({using})")
    if check:
        parts.append(f"WITH CHECK ({check})")
    return [" ".join(parts)]


DROP_POLICIES = """DO $$ DECLARE found record; BEGIN
    FOR found IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = 'public' LOOP
        EXECUTE format('DROP POLICY %I ON %I', found.policyname, found.tablename);
    END LOOP;
END $$"""


def policy_statements(owner: str) -> list[str]:
    """Row-level security on every school table; ``owner`` is the quoted owner role. The
    policies there are dropped first (``DROP_POLICIES``), so a changed rule replaces the old."""
    statements: list[str] = [DROP_POLICIES]
    for table in SCHOOL_TABLES:
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        ]
        statements += _policy(table, "owner_all", "ALL", owner, "true", "true")
    for table in ("school", "action", "evidence", "review", "blob", *CRITERIA_LINKS, TALLIES):
        statements += _policy(table, "lead_all", "ALL", TRUST_LEAD, "true", "true")
        statements += _policy(table, "viewer_read", "SELECT", VIEWER, "true", "")
    statements += _policy("school", "senco_read", "SELECT", SENCO, f"id IN {GRANTED}", "")
    statements += _policy(TALLIES, "senco_read", "SELECT", SENCO, f"school_id IN {GRANTED}", "")
    for table in ("action", "evidence"):
        mine = f"school_id IN {GRANTED}"
        statements += _policy(table, "senco_all", "ALL", SENCO, mine, mine)
    # A review belongs to the school of its action (the action's own policy narrows the join).
    of_my_action = "action_id IN (SELECT a.id FROM action a)"
    statements += _policy("review", "senco_all", "ALL", SENCO, of_my_action, of_my_action)
    for table, link in CRITERIA_LINKS.items():  # an action's or evidence's criteria: theirs
        statements += _policy(table, "senco_all", "ALL", SENCO, link, link)
    # Evidence bytes are stored once per content: a SENCO sees those their evidence uses, may
    # add new bytes and repair damaged ones, and the bytes must match their hash.
    mine = "sha256 IN (SELECT e.blob_sha256 FROM evidence e WHERE e.blob_sha256 IS NOT NULL)"
    statements += _policy("blob", "senco_read", "SELECT", SENCO, mine, "")
    statements += _policy("blob", "senco_add", "INSERT", SENCO, "", WHOLE_BLOB)
    statements += _policy("blob", "senco_repair", "UPDATE", SENCO, mine, WHOLE_BLOB)
    # The audit log: read by role, appended by writers, altered by no one but the owner.
    readers = f"{TRUST_LEAD}, {VIEWER}"
    statements += _policy("audit_event", "lead_read", "SELECT", readers, "true", "")
    statements += _policy("audit_event", "lead_add", "INSERT", TRUST_LEAD, "", "true")
    statements += _policy("audit_event", "senco_read", "SELECT", SENCO, VISIBLE_ENTITY, "")
    statements += _policy("audit_event", "senco_add", "INSERT", SENCO, "", VISIBLE_ENTITY)
    statements += _policy("user_school", "lead_read", "SELECT", TRUST_LEAD, "true", "")
    own = "login = session_user"
    statements += _policy("user_school", "own_read", "SELECT", f"{SENCO}, {VIEWER}", own, "")
    return statements


AUDIT_TRIGGER = [
    # "Who" is the login that signed in, whatever the client sent (the owner keeps what it
    # writes: set-up and `server import`, which carries a SQLite trust's history across).
    """CREATE OR REPLACE FUNCTION cst_audit_who() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_has_role(session_user, 'senco', 'MEMBER') OR pg_has_role(session_user, 'trust_lead',
            'MEMBER') OR pg_has_role(session_user, 'viewer', 'MEMBER') THEN
        NEW.actor := session_user;
    END IF;
    RETURN NEW;
END $$""",
    "REVOKE ALL ON FUNCTION cst_audit_who() FROM PUBLIC",
    "CREATE OR REPLACE TRIGGER audit_event_who BEFORE INSERT ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION cst_audit_who()",
]

# Search looks in an action's title, owner and description, its reviews' notes and its live
# evidence titles (0012 on SQLite): trigram indexes serve ILIKE '%word%' on each of them.
SEARCH_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS ix_{table}_{column}_trgm ON {table} "
    f"USING gin ({column} gin_trgm_ops)"
    for table, column in (
        ("action", "title"),
        ("action", "owner"),
        ("action", "description"),
        ("review", "note"),
        ("evidence", "title"),
    )
]
