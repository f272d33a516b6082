"""`report inspection --school URN --out FILE.pdf|FILE.docx`: one school's inspection summary,
criterion by criterion, as it stands today (docs/inspection.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, add_command


def register(group: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    inspection = add_command(
        group,
        "inspection",
        run_inspection,
        "write a school's inspection summary (PDF or DOCX)",
        "Write one school's inspection summary: a cover page (school, SENCO, date, framework "
        "and criteria versions), then one section per inspection criterion with the school's "
        "actions (latest review note in full), its evidence and the assess-plan-do-review "
        "history of the last 12 months, and appendices with the other actions and the "
        "evidence files' fingerprints. Any previous file is replaced only once the new one is "
        "complete.",
    )
    inspection.add_argument(
        "--school", required=True, metavar="URN", help="the school's six-digit URN"
    )
    inspection.add_argument(
        "--out", required=True, type=Path, metavar="FILE.pdf|FILE.docx", help="summary to write"
    )


def run_inspection(args: argparse.Namespace, app: CliApp) -> int:
    # ReportLab and the database library load here, not when `--help` starts the command line.
    from cst_inclusion_desktop.commands.reporting.report_cmd import check_target, pages_text
    from cst_inclusion_desktop.reports.outputs import output_kind, write_inspection_summary

    output_kind(args.out)
    check_target(args.out, "out")
    from cst_inclusion_desktop.services.safety.anchors import keep_report

    services = app.services()
    summary = services.inspection.summary(args.school, app.settings.user_name)
    result = write_inspection_summary(summary, args.out)
    print(f"Wrote {result.path}{pages_text(result.pages)}")
    keep_report(services.context, "Inspection summary", summary.cover.audit_anchor, args.out)
    return 0
