"""`criteria list|edit|add|retire|export|import`: the inspection criteria list."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, UsageError, add_command, add_json_flag
from cst_inclusion_desktop.domain.criteria import Criterion
from cst_inclusion_desktop.domain.definitions import plural


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    criteria = commands.add_parser(
        "criteria", help="the inspection criteria list (Ofsted's inclusion criteria)"
    )
    group = criteria.add_subparsers(dest="criteria_command", metavar="SUBCOMMAND", required=True)
    listing = add_command(
        group, "list", run_list, "list the criteria: code, title, summary, retired"
    )
    add_json_flag(listing)
    edit = add_command(
        group, "edit", run_edit, "change a criterion's wording (audited; bumps the version)"
    )
    edit.add_argument("code", metavar="CODE")
    edit.add_argument("--title")
    edit.add_argument("--summary")
    add = add_command(group, "add", run_add, "add a criterion at the end of the list")
    add.add_argument("--code", help="default: the next free code (IC10 after IC9)")
    add.add_argument("--title", required=True)
    add.add_argument("--summary", default="")
    retire = add_command(
        group,
        "retire",
        run_retire,
        "retire a criterion: old records keep it, it cannot be newly added",
    )
    retire.add_argument("code", metavar="CODE")
    export = add_command(group, "export", run_export, "write the criteria to a JSON file")
    export.add_argument("file", type=Path, metavar="FILE.json")
    imported = add_command(
        group,
        "import",
        run_import,
        "take the criteria from a JSON file (codes missing from it are retired, not removed)",
    )
    imported.add_argument("file", type=Path, metavar="FILE.json")


def run_list(args: argparse.Namespace, app: CliApp) -> int:
    services = app.services()
    criteria = services.criteria.list(include_retired=True)
    if args.json:
        sys.stdout.write(json.dumps([_json(c) for c in criteria], ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return 0
    toolkit = services.criteria.toolkit()
    print(f"{toolkit.name}, {toolkit.published.isoformat()} (list version {toolkit.version})")
    app.print_table(
        ["Code", "Title", "Retired", "Summary"],
        [(c.code, c.title, "retired" if c.retired else "", c.summary) for c in criteria],
    )
    return 0


def run_edit(args: argparse.Namespace, app: CliApp) -> int:
    if args.title is None and args.summary is None:
        raise UsageError("criteria edit: give --title, --summary or both")
    services = app.services()
    criterion = services.criteria.edit(args.code, title=args.title, summary=args.summary)
    print(f"{criterion.code}: {criterion.title}")
    print(f"Criteria version {services.criteria.toolkit().version}")
    return 0


def run_add(args: argparse.Namespace, app: CliApp) -> int:
    criterion = app.services().criteria.add(args.title, args.summary, code=args.code)
    print(criterion.code)
    return 0


def run_retire(args: argparse.Namespace, app: CliApp) -> int:
    criterion = app.services().criteria.retire(args.code)
    print(f"Retired {criterion.code} (records that carry it keep it)")
    return 0


def run_export(args: argparse.Namespace, app: CliApp) -> int:
    content = app.services().criteria.export_file(args.file)
    count = plural(len(content.criteria), "criterion", "criteria")
    print(f"Wrote {count} (version {content.toolkit.version}) to {args.file}")
    return 0


def run_import(args: argparse.Namespace, app: CliApp) -> int:
    services = app.services()
    toolkit = services.criteria.import_file(args.file)
    current = len(services.criteria.list())
    print(
        f"Imported {plural(current, 'current criterion', 'current criteria')} "
        f"({toolkit.name}, {toolkit.published.isoformat()}); criteria version {toolkit.version}"
    )
    return 0


def _json(criterion: Criterion) -> dict[str, object]:
    return {
        "code": criterion.code,
        "title": criterion.title,
        "summary": criterion.summary,
        "retired": criterion.retired,
    }
