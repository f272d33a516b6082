"""`schema foreign` and `schema remove-foreign NAME...`: objects added outside the app.

`schema foreign` lists them (exit 0 when there are none, 1 when there are some);
`schema remove-foreign` backs the database up, removes the named ones and audits it.
"""

from __future__ import annotations

import argparse

from cst_inclusion_desktop.commands.base import CliApp, add_command
from cst_inclusion_desktop.domain.definitions import plural


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "schema",
        help="list or remove database objects that were added outside the app",
        description="A trigger, view, table or index added to the database with another tool "
        "can change or delete records when the app saves, so the app refuses to open such a "
        "file. These commands list those objects and remove them.",
    ).add_subparsers(dest="schema_command", metavar="SUBCOMMAND", required=True)
    add_command(
        group,
        "foreign",
        run_list,
        "list objects the app did not create (exit 1 if there are any)",
        "List the tables, indexes, triggers and views that this version's migrations did not "
        "create, or whose definition was changed, with their SQL. Exit 0 when there are none, "
        "1 when there are some. Nothing is changed.",
    )
    remove = add_command(
        group,
        "remove-foreign",
        run_remove,
        "remove the named foreign objects (after a backup; audited)",
        "Back the database up (labelled pre-remove-foreign; that copy keeps the objects, so "
        "restore refuses it), then drop each named object in one transaction, putting back "
        "the app's own definition of any it had replaced, and record it in the audit log.",
    )
    remove.add_argument("names", metavar="NAME", nargs="+", help="an object `foreign` listed")


def run_list(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.safety.schema_repair import list_foreign

    found = list_foreign(app.settings)
    if not found:
        print(f"{app.settings.database_path.name}: no foreign objects")
        return 0
    for item in found:
        print(f"{item.describe()}: {item.shown_sql()}")
    print(
        f"{plural(len(found), 'foreign object')}; remove them with "
        "`cst-inclusion schema remove-foreign NAME...`"
    )
    return 1


def run_remove(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.safety.schema_repair import remove_foreign

    result = remove_foreign(app.settings, args.names)
    print(f"Backed up {app.settings.database_path} to {result.backup} first")
    for item in result.removed:
        restored = " (the app's own definition put back)" if item.expected is not None else ""
        print(f"Removed {item.describe()}{restored}")
    return 0
