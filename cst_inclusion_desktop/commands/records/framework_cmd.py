"""`principles list`, `framework show|export|import|edit`."""

from __future__ import annotations

import argparse
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, add_command, add_json_flag


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    principles = commands.add_parser("principles", help="list the framework's principles")
    group = principles.add_subparsers(
        dest="principles_command", metavar="SUBCOMMAND", required=True
    )
    listing = add_command(group, "list", run_list, "list the principles with their wording")
    add_json_flag(listing)
    edit = add_command(
        group, "edit", run_edit, "change a principle's wording (audited; bumps the version)"
    )
    edit.add_argument("number", type=int)
    edit.add_argument("--title")
    edit.add_argument("--summary")

    framework = commands.add_parser("framework", help="export or import the framework file")
    group = framework.add_subparsers(dest="framework_command", metavar="SUBCOMMAND", required=True)
    export = add_command(group, "export", run_export, "write the framework to a JSON file")
    export.add_argument("file", type=Path, metavar="FILE.json")
    imported = add_command(
        group,
        "import",
        run_import,
        "replace the principles' wording from a JSON file (keeps every action's mapping)",
    )
    imported.add_argument("file", type=Path, metavar="FILE.json")
    show = add_command(group, "show", run_show, "show the framework's name and version")
    add_json_flag(show)


def run_list(args: argparse.Namespace, app: CliApp) -> int:
    # Read with plain sqlite3 where it can be (a scheduled listing need not load the ORM);
    # imported here, so `--help` and the other framework commands do not load the checks.
    from cst_inclusion_desktop.services.records import plain_listings

    principles = plain_listings.principles(app.settings)
    if principles is None:
        principles = app.services().trust.principles()
    if args.json:
        app.print_json(principles)
    else:
        app.print_table(["No.", "Title"], [(p.number, p.title) for p in principles])
    return 0


def run_edit(args: argparse.Namespace, app: CliApp) -> int:
    services = app.services()
    current = {p.number: p for p in services.trust.principles()}.get(args.number)
    title = args.title if args.title is not None else (current.title if current else "")
    summary = args.summary if args.summary is not None else (current.summary if current else "")
    framework = services.trust.update_principle(args.number, title, summary)
    print(f"Framework version {framework.version}")
    return 0


def run_export(args: argparse.Namespace, app: CliApp) -> int:
    spec = app.services().trust.export_framework(args.file)
    print(f"Wrote {len(spec.principles)} principles (version {spec.version}) to {args.file}")
    return 0


def run_import(args: argparse.Namespace, app: CliApp) -> int:
    framework = app.services().trust.import_framework(args.file)
    print(f"Imported {len(framework.principles)} principles; framework version {framework.version}")
    return 0


def run_show(args: argparse.Namespace, app: CliApp) -> int:
    framework = app.services().trust.framework()
    if args.json:
        app.print_json(framework)
    else:
        print(f"{framework.name}\nversion {framework.version}\n{framework.source}")
    return 0
