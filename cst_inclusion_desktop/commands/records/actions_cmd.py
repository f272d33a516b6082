"""`actions add|update|archive|list|show`, and the filter options other commands reuse."""

from __future__ import annotations

import argparse
from typing import Any

from cst_inclusion_desktop.commands.base import (
    CliApp,
    add_command,
    add_json_flag,
    add_version_option,
)
from cst_inclusion_desktop.commands.records.criteria_options import (
    add_criterion_option,
    criteria_change,
    criterion_filter_codes,
)
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.domain.definitions import Mark, parse_rag, plural
from cst_inclusion_desktop.domain.enums import AreaOfNeed, Rag, Status
from cst_inclusion_desktop.domain.filters import ActionFilter, ActionSort, parse_statuses
from cst_inclusion_desktop.domain.records import to_json
from cst_inclusion_desktop.domain.validation import parse_principle_number
from cst_inclusion_desktop.services import Services

_FIELD_OPTIONS = {
    "description": "longer description",
    "owner": "who leads the action",
    "status": f"one of {Status.choices_text()}",
    "rag": f"one of {Rag.choices_text()}",
    "start": "start date, YYYY-MM-DD or DD/MM/YYYY",
    "due": "due date, YYYY-MM-DD or DD/MM/YYYY",
    "completed": "completed date",
    "area": f"area of need: one of {AreaOfNeed.choices_text()}",
}
_OPTION_TO_FIELD = {
    "start": "start_date",
    "due": "due_date",
    "completed": "completed_date",
    "area": "area_of_need",
}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "actions", help="add, update, archive and list actions"
    ).add_subparsers(dest="actions_command", metavar="SUBCOMMAND", required=True)
    add = add_command(group, "add", run_add, "add an action; prints its id")
    add.add_argument("--school", required=True, metavar="URN")
    add.add_argument("--principle", required=True, metavar="N", help="principle number")
    add.add_argument("--title", required=True)
    _add_field_options(add)

    update = add_command(group, "update", run_update, "change some fields of an action")
    update.add_argument("id", metavar="ID")
    update.add_argument("--school", metavar="URN")
    update.add_argument("--principle", metavar="N")
    update.add_argument("--title")
    _add_field_options(update)
    update.add_argument(
        "--rag-follows-reviews",
        action="store_true",
        help="let the RAG follow the latest review again",
    )
    add_version_option(update)

    archive = add_command(group, "archive", run_archive, "archive an action (kept in the record)")
    archive.add_argument("id", metavar="ID")
    archive.add_argument("--undo", action="store_true", help="bring an archived action back")
    add_version_option(archive)

    show = add_command(group, "show", run_show, "show one action")
    show.add_argument("id", metavar="ID")
    add_json_flag(show)

    listing = add_command(group, "list", run_list, "list actions, filtered")
    add_filter_options(listing)
    listing.add_argument("--limit", type=int, default=None, help="at most this many rows")
    add_json_flag(listing)


def _add_field_options(parser: argparse.ArgumentParser) -> None:
    for option, help_text in _FIELD_OPTIONS.items():
        parser.add_argument(f"--{option}", help=help_text)
    add_criterion_option(parser)


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--school", action="append", metavar="URN", help="only this school (repeatable)"
    )
    parser.add_argument(
        "--principle", action="append", metavar="N", help="only this principle (repeatable)"
    )
    parser.add_argument(
        "--status",
        action="append",
        help=f"only this status (repeatable): {Status.choices_text()}, "
        "or open (planned, in progress, on hold)",
    )
    parser.add_argument(
        "--rag", action="append", help=f"only this RAG: {Rag.choices_text()}, not_rated"
    )
    parser.add_argument(
        "--overdue", action="store_true", help="only open actions past their due date"
    )
    parser.add_argument(
        "--search", default="", help="words that must appear in title, owner or description"
    )
    parser.add_argument(
        "--criterion",
        action="append",
        metavar="CODE",
        help="only actions carrying this inspection criterion (repeatable: any of them)",
    )
    parser.add_argument("--include-archived", action="store_true")
    parser.add_argument("--sort", default="due_date", choices=[s.value for s in ActionSort])
    parser.add_argument("--descending", action="store_true")


def action_filter_from_args(args: argparse.Namespace, services: Services) -> ActionFilter:
    numbers = [p.number for p in services.trust.principles()]
    rags = [parse_rag(text) for text in args.rag or []]
    return ActionFilter(
        school_ids=tuple(services.schools.get(urn).id for urn in args.school or []),
        principle_numbers=tuple(parse_principle_number(n, numbers) for n in args.principle or []),
        statuses=parse_statuses(args.status or []),
        rags=tuple(rag for rag in rags if rag is not None),
        not_rated=None in rags,
        overdue_only=args.overdue,
        search=args.search,
        include_archived=args.include_archived,
        criterion_codes=criterion_filter_codes(args.criterion, services),
        sort=ActionSort(args.sort),
        descending=args.descending,
    )


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for option in ("school", "principle", "title", *_FIELD_OPTIONS):
        value = getattr(args, option, None)
        if value is not None:
            changes[_OPTION_TO_FIELD.get(option, option)] = value
    criteria = criteria_change(args.criterion)
    if criteria is not None:
        changes["criteria"] = criteria
    return changes


def run_add(args: argparse.Namespace, app: CliApp) -> int:
    action = app.services().actions.add(ActionDraft(**_changes(args)))
    print(action.id)
    return 0


def run_update(args: argparse.Namespace, app: CliApp) -> int:
    changes = _changes(args)
    if args.rag_follows_reviews:
        changes["rag_overridden"] = False
    action = app.services().actions.update(args.id, changes, read_version=args.read_version)
    print(f"Updated {action.id}")
    return 0


def run_archive(args: argparse.Namespace, app: CliApp) -> int:
    action = app.services().actions.archive(
        args.id, archived=not args.undo, read_version=args.read_version
    )
    print(f"{'Archived' if action.archived else 'Restored'} {action.id}")
    return 0


def run_show(args: argparse.Namespace, app: CliApp) -> int:
    action = app.services().actions.get(args.id)
    if args.json:
        app.print_json(action)
    else:
        for key, value in to_json(action).items():
            print(f"{key:>17}: {value}")
    return 0


def run_list(args: argparse.Namespace, app: CliApp) -> int:
    services = app.services()
    actions = services.actions.list(action_filter_from_args(args, services), limit=args.limit)
    if args.json:
        app.print_json(actions)
    else:
        app.print_table(
            ["ID", "URN", "P", "Title", "Owner", "Status", "RAG", "Due", "Overdue"],
            [
                (
                    a.id,
                    a.urn,
                    a.number,
                    a.title,
                    a.owner,
                    a.status,
                    a.rag or Mark.NOT_RATED.token,
                    a.due_date,
                    "yes" if a.overdue else "",
                )
                for a in actions
            ],
        )
        print(plural(len(actions), "action"))
    return 0
