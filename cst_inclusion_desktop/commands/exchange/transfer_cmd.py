"""`import actions`, `export actions`, `pack export`, `pack import`: getting data in and out.

Keys for packs (`keys ...`) are in ``keys_cmd``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, add_command
from cst_inclusion_desktop.commands.records.actions_cmd import (
    action_filter_from_args,
    add_filter_options,
)
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.errors import ValidationErrors


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imports = commands.add_parser("import", help="import actions from a .csv or .xlsx file")
    group = imports.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    actions = add_command(
        group,
        "actions",
        run_import_actions,
        "import actions from a .csv or .xlsx file (all rows or none)",
        "Import actions from a spreadsheet. Every row is checked first; if any row has a "
        "problem, nothing is imported and every problem is listed. Rows match existing actions "
        "by their ID column, else by school + principle + title, so importing twice adds "
        "nothing. The app's Help ▸ User guide lists the columns.",
    )
    actions.add_argument("file", type=Path, metavar="FILE")
    actions.add_argument("--dry-run", action="store_true", help="check and report; change nothing")

    exports = commands.add_parser("export", help="export actions to a .csv or .xlsx file")
    group = exports.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    export = add_command(
        group, "actions", run_export_actions, "export actions (filtered like `actions list`)"
    )
    export.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")
    add_filter_options(export)

    pack = commands.add_parser("pack", help="school packs: one school's record, for the trust")
    group = pack.add_subparsers(dest="pack_command", metavar="SUBCOMMAND", required=True)
    pack_export = add_command(
        group,
        "export",
        run_pack_export,
        "write one school's actions, evidence, reviews and audit trail to a pack file",
    )
    pack_export.add_argument("--school", required=True, metavar="URN")
    pack_export.add_argument("--out", required=True, type=Path, metavar="FILE")
    pack_import = add_command(
        group,
        "import",
        run_pack_import,
        "check a pack and merge it into this database (backed up first)",
    )
    pack_import.add_argument("file", type=Path, metavar="FILE")
    pack_import.add_argument(
        "--dry-run", action="store_true", help="show what would change; change nothing"
    )
    pack_import.add_argument(
        "--trust-key",
        metavar="FINGERPRINT",
        help="a school's first pack: register the key that signed it, whose fingerprint you "
        "have checked with the school",
    )


def run_import_actions(args: argparse.Namespace, app: CliApp) -> int:
    report = app.services().importer.import_actions(args.file, dry_run=args.dry_run)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.problems:
        raise ValidationErrors(list(report.problems))
    print(report.summary())
    return 0


def run_export_actions(args: argparse.Namespace, app: CliApp) -> int:
    services = app.services()
    result = services.exporter.export_actions(args.file, action_filter_from_args(args, services))
    print(f"Wrote {plural(result.rows, 'action')} to {result.path}")
    return 0


def run_pack_export(args: argparse.Namespace, app: CliApp) -> int:
    summary = app.services().packs.export_pack(args.school, args.out)
    app.print_lines([summary.describe()])
    return 0


def run_pack_import(args: argparse.Namespace, app: CliApp) -> int:
    summary = app.services().packs.import_pack(
        args.file, dry_run=args.dry_run, trust_key=args.trust_key
    )
    app.print_lines(summary.lines())
    return 0
