"""`schools add|list|archive|update`."""

from __future__ import annotations

import argparse

from cst_inclusion_desktop.commands.base import (
    CliApp,
    add_command,
    add_json_flag,
    add_version_option,
)
from cst_inclusion_desktop.domain.enums import Phase


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "schools", help="add, list, update and archive schools"
    ).add_subparsers(dest="schools_command", metavar="SUBCOMMAND", required=True)
    add = add_command(group, "add", run_add, "add a school")
    add.add_argument("--name", required=True, help="the school's name")
    add.add_argument("--urn", required=True, help="the six-digit unique reference number")
    add.add_argument("--phase", default="other", help=f"one of {Phase.choices_text()}")
    add.add_argument("--senco", default="", help="the SENCO's name")
    update = add_command(group, "update", run_update, "change a school's details")
    update.add_argument("key", metavar="URN", help="the school's current URN")
    update.add_argument("--name")
    update.add_argument("--urn", dest="new_urn", help="a new URN")
    update.add_argument("--phase")
    update.add_argument("--senco")
    add_version_option(update)
    listing = add_command(group, "list", run_list, "list schools")
    listing.add_argument("--include-archived", action="store_true")
    add_json_flag(listing)
    archive = add_command(group, "archive", run_archive, "archive a school (its record is kept)")
    archive.add_argument("key", metavar="URN")
    archive.add_argument("--undo", action="store_true", help="bring an archived school back")
    add_version_option(archive)


def run_add(args: argparse.Namespace, app: CliApp) -> int:
    school = app.services().schools.add(args.name, args.urn, args.phase, args.senco)
    print(school.id)
    return 0


def run_update(args: argparse.Namespace, app: CliApp) -> int:
    school = app.services().schools.update(
        args.key,
        name=args.name,
        urn=args.new_urn,
        phase=args.phase,
        senco=args.senco,
        read_version=args.read_version,
    )
    print(f"Updated {school.urn} {school.name}")
    return 0


def run_list(args: argparse.Namespace, app: CliApp) -> int:
    schools = app.services().schools.list(include_archived=args.include_archived)
    if args.json:
        app.print_json(schools)
    else:
        app.print_table(
            ["URN", "Name", "Phase", "SENCO", "Archived"],
            [(s.urn, s.name, s.phase.label, s.senco, "yes" if s.archived else "") for s in schools],
        )
    return 0


def run_archive(args: argparse.Namespace, app: CliApp) -> int:
    school = app.services().schools.archive(
        args.key, archived=not args.undo, read_version=args.read_version
    )
    print(f"{'Archived' if school.archived else 'Restored'} {school.urn} {school.name}")
    return 0
