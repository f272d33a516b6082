"""`check`: prove the database is sound — SQLite integrity, its schema against the app's
migrations, the audit chain, every row against its last audited state, evidence hashes."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import select

from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.errors import DatabaseError
from cst_inclusion_desktop.domain.records import CheckItem, CheckReport
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.safety.anchors import (
    AnchorResult,
    KeptAnchor,
    check_kept,
    prove,
)
from cst_inclusion_desktop.services.safety.audit import verify_chain
from cst_inclusion_desktop.services.safety.backup import connect_read_only
from cst_inclusion_desktop.services.safety.row_audit_compare import row_audit_check
from cst_inclusion_desktop.services.safety.tally_check import tally_check
from cst_inclusion_desktop.store import coverage_counts
from cst_inclusion_desktop.store.integrity import sqlite_integrity
from cst_inclusion_desktop.store.models import Blob, Evidence
from cst_inclusion_desktop.store.schema import foreign_objects_in
from cst_inclusion_desktop.store.server import access
from cst_inclusion_desktop.store.server.schema_check import check_server_schema


class CheckService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def run(self, anchors: Sequence[tuple[int, str]] = ()) -> CheckReport:
        """Every check; ``anchors`` (``--anchor``) are proved as well as the kept ones."""
        report, _pairs = self.run_with_anchors(anchors)
        return report

    def run_with_anchors(
        self, anchors: Sequence[tuple[int, str]] = ()
    ) -> tuple[CheckReport, list[tuple[KeptAnchor, AnchorResult]]]:
        """Every check, and each kept anchor with its result (the GUI lists them)."""
        items = [self.integrity(), self.schema(), self.audit_chain()]
        # A chain that verifies from its start holds the recomputed hashes: anchors are then
        # proved by reading them, not by walking the chain again (services/safety/anchors.py).
        verified = items[-1].ok
        items += [self.rows_audited(), self.evidence_hashes(), self.coverage_tallies()]
        kept, pairs = check_kept(self.context, chain_verified=verified)
        items += [kept, *self.given_anchors(anchors, chain_verified=verified)]
        return CheckReport(items), pairs

    def integrity(self) -> CheckItem:
        if not self.context.database.is_sqlite:
            return CheckItem("integrity", True, "server database: integrity is the server's job")
        with self.context.read() as session:
            rows, fk_problems = sqlite_integrity(session)
        if rows != ["ok"]:
            return CheckItem("integrity", False, "; ".join(str(row) for row in rows[:5]))
        if fk_problems:
            return CheckItem("integrity", False, f"{len(fk_problems)} broken references")
        return CheckItem("integrity", True, "SQLite integrity check: ok")

    def schema(self) -> CheckItem:
        """Tables, indexes, triggers and views against what the app's migrations create."""
        database = self.context.database
        if database.is_server:
            # sqlite_master has no counterpart worth comparing object by object on a server;
            # what matters there is the revision and that the access rules are in force.
            try:
                check_server_schema(database)
            except DatabaseError as error:
                return CheckItem("schema", False, str(error))
            return CheckItem(
                "schema", True, "server: schema revision current, row-level security in force"
            )
        if not database.is_sqlite or database.path is None:
            return CheckItem("schema", True, "server database: its schema is the server's job")
        connection = connect_read_only(database.path)
        try:
            found = foreign_objects_in(connection)
        finally:
            connection.close()
        if found:
            names = ", ".join(item.describe() for item in found)
            return CheckItem(
                "schema",
                False,
                f"{plural(len(found), 'object')} the app did not create: {names} "
                "(remove with `cst-inclusion schema remove-foreign NAME`)",
            )
        return CheckItem("schema", True, "tables, indexes, triggers and views are the app's own")

    def audit_chain(self) -> CheckItem:
        with self.context.read() as session:
            if access.is_server(session) and access.signed_in(session).limited_to_schools:
                # Row-level security shows a SENCO only their schools' events: a partial chain
                # cannot be verified, and would read as a broken one.
                return CheckItem(
                    "audit_chain",
                    True,
                    "skipped: a SENCO sees only their schools' audit events; a trust lead's "
                    "`check` verifies the whole chain",
                )
            return verify_chain(session)

    def rows_audited(self) -> CheckItem:
        """Each row against the ``after`` state of its latest audit event: a direct edit shows."""
        with self.context.read() as session:
            if access.is_server(session) and access.signed_in(session).limited_to_schools:
                return CheckItem(
                    "rows_audited",
                    True,
                    "skipped: a SENCO sees only their schools' audit events; a trust lead's "
                    "`check` compares every row",
                )
            return row_audit_check(session)

    def evidence_hashes(self) -> CheckItem:
        return evidence_hash_check(self.context)[0]

    def coverage_tallies(self) -> CheckItem:
        """The coverage's stored tallies against a fresh count of the links: the coverage view
        and the board paper's coverage table read them, so an edited tally would mislead."""
        with self.context.read() as session:
            if not coverage_counts.available(session):
                return CheckItem("coverage_tallies", True, "counted from the links when read")
            return tally_check(session)

    def report_anchors(self) -> CheckItem:
        """The anchors of reports and packs this app made, kept in the file and beside backups."""
        return check_kept(self.context)[0]

    def given_anchors(
        self, anchors: Sequence[tuple[int, str]], *, chain_verified: bool = False
    ) -> list[CheckItem]:
        if not anchors:
            return []
        with self.context.read() as session:
            results = prove(session, anchors, chain_verified=chain_verified)
        return [
            CheckItem("anchor", result.ok, f"{result.seq}:{result.hash[:12]}…: {result.detail}")
            for result in results
        ]


def evidence_hash_check(context: AppContext) -> tuple[CheckItem, set[str]]:
    """Re-hash every stored file; return the check item and the SHA-256s that failed."""
    bad: set[str] = set()
    checked = 0
    with context.read() as session:
        rows = session.execute(
            select(Blob.sha256, Blob.data, Blob.size).execution_options(yield_per=200)
        )
        for sha256, data, size in rows:
            checked += 1
            if hashlib.sha256(data).hexdigest() != sha256 or len(data) != size:
                bad.add(sha256)
        missing = (
            session.execute(
                select(Evidence.id)
                .outerjoin(Blob, Blob.sha256 == Evidence.blob_sha256)
                .where(Evidence.blob_sha256.is_not(None), Blob.sha256.is_(None))
            )
            .scalars()
            .all()
        )
    if bad or missing:
        detail = []
        if bad:
            detail.append(
                f"{plural(len(bad), 'stored file')} changed: "
                + ", ".join(sorted(s[:12] for s in bad)[:5])
            )
        if missing:
            detail.append(
                f"{plural(len(missing), 'evidence item')} lost their file: "
                + ", ".join(missing[:5])
            )
        return CheckItem("evidence_hashes", False, "; ".join(detail)), bad
    agree = "matches its" if checked == 1 else "match their"
    return CheckItem(
        "evidence_hashes", True, f"{plural(checked, 'stored file')} {agree} SHA-256"
    ), bad
