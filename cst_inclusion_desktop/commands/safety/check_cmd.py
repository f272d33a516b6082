"""`check`: integrity, schema, audit chain, rows against their last audited state, evidence
hashes and the anchors of earlier reports; exit 0 only when all hold. `check --privacy` lists
free text that may hold a pupil's name or date of birth (advice: exit 0).

A damaged file is a failed check (exit 1), not an unexpected failure; it is never written to.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, UsageError, add_command, add_json_flag


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        commands,
        "check",
        run,
        "check database integrity, its schema, the audit chain, rows against the audit log, "
        "evidence hashes and report anchors",
        "Run SQLite's integrity check, compare the tables, indexes, triggers and views with "
        "what this version creates (reporting any added outside the app), verify the audit "
        "log's hash chain, compare every row with its last audited state, re-hash every "
        "evidence file and prove the anchors of the reports and packs this app made. Exit 0 "
        "only when all hold; otherwise 1, saying exactly what failed. A damaged file is never "
        "written to.",
    )
    add_json_flag(parser)
    parser.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="SEQ:HASH|FILE",
        help="also prove the history up to an anchor, given as SEQ:HASH or as a board paper "
        "or annex (.pdf or .docx) that carries one; repeatable",
    )
    parser.add_argument(
        "--privacy",
        action="store_true",
        help="list free text that looks as if it holds a pupil's name or date of birth "
        "(advice for the SENCO; exit 0)",
    )


def anchors_from(values: list[str]) -> list[tuple[int, str]]:
    """Each ``--anchor`` as (seq, hash): a token, or read from the report file named."""
    from cst_inclusion_desktop.domain.anchor import parse_token
    from cst_inclusion_desktop.services.safety.anchor_files import anchors_in_file

    found: list[tuple[int, str]] = []
    for value in values:
        if Path(value).suffix.lower() in (".pdf", ".docx"):
            found.extend(anchors_in_file(Path(value).expanduser()))
        else:
            found.append(parse_token(value))
    return found


def run(args: argparse.Namespace, app: CliApp) -> int:
    if args.privacy:
        if args.anchor:
            raise UsageError("--privacy lists free text only: give --anchor on its own run")
        return run_privacy(args, app)
    from cst_inclusion_desktop.services.safety.checkup import check_database

    anchors = anchors_from(args.anchor)
    report = check_database(app.settings, anchors)
    if args.json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "checks": [
                        {"name": item.name, "ok": item.ok, "detail": item.detail}
                        for item in report.items
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for item in report.items:
            print(f"{'ok  ' if item.ok else 'FAIL'} {item.name}: {item.detail}")
    return 0 if report.ok else 1


def run_privacy(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.safety.privacy_scan import scan

    services = app.services()
    with services.context.read() as session:
        findings = scan(session)
    if args.json:
        app.print_json(findings)
        return 0
    if not findings:
        print("No free text looks as if it holds a pupil's name or date of birth.")
        return 0
    app.print_table(
        ("Entity", "Id", "Field", "Looks like", "Text"),
        (
            (item.entity, item.entity_id, item.field, item.reason, item.fragment)
            for item in findings
        ),
    )
    print(
        f"{len(findings):,} to review: pupils' names and dates of birth do not belong in free "
        "text (this list is advice from a simple heuristic; the app's Help ▸ User guide says why)."
    )
    return 0
