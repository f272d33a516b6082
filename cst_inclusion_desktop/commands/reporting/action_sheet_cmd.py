"""`report action --id ID --out FILE.pdf`: one action's record (fields, reviews, evidence) for
a meeting with parents or an inspector."""

from __future__ import annotations

import argparse
from pathlib import Path

from cst_inclusion_desktop.atomic_write import check_output_path
from cst_inclusion_desktop.commands.base import CliApp, add_command
from cst_inclusion_desktop.domain.definitions import plural
from cst_inclusion_desktop.domain.errors import ValidationError


def register(group: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sheet = add_command(
        group,
        "action",
        run_action,
        "write one action's record (PDF): its fields, reviews and evidence list",
    )
    sheet.add_argument("--id", required=True, metavar="ID", help="the action's id")
    sheet.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help="PDF to write")


def run_action(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.reports.action_sheet import write_action_sheet
    from cst_inclusion_desktop.services.reporting.action_sheet import ActionSheetService

    if Path(args.out).suffix.lower() != ".pdf":
        raise ValidationError("out", str(args.out), "a file name ending .pdf")
    target = check_output_path(args.out)
    if not (target.parent if str(target.parent) else Path(".")).is_dir():
        raise ValidationError("out", str(args.out), "a file in an existing folder")
    sheet = ActionSheetService(app.services().context).sheet(args.id)
    result = write_action_sheet(sheet, target)
    print(f"Wrote {result.path} ({plural(result.pages, 'page')})")
    return 0
