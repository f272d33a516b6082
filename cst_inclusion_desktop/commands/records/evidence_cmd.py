"""`evidence add|list|update|extract|archive` and `reviews add|list|update`."""

from __future__ import annotations

import argparse
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, add_command, add_json_flag
from cst_inclusion_desktop.commands.records.criteria_options import (
    add_criterion_option,
    criteria_change,
    criterion_filter_codes,
)
from cst_inclusion_desktop.domain.enums import EvidenceKind, Rag


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("evidence", help="add, list and extract evidence").add_subparsers(
        dest="evidence_command", metavar="SUBCOMMAND", required=True
    )
    add = add_command(group, "add", run_add, "add evidence (a file, or a note with no file)")
    add.add_argument("file", type=Path, nargs="?", metavar="FILE")
    add.add_argument("--action", metavar="ID", help="the action it supports")
    add.add_argument("--school", metavar="URN", help="with --principle, when there is no action")
    add.add_argument("--principle", metavar="N")
    add.add_argument("--title", help="default: the file name")
    add.add_argument("--kind", default="document", help=f"one of {EvidenceKind.choices_text()}")
    add.add_argument("--note", default="")
    add.add_argument("--date", help="default: today")
    add_criterion_option(add)

    listing = add_command(group, "list", run_list, "list evidence")
    listing.add_argument("--action", metavar="ID")
    listing.add_argument("--school", metavar="URN")
    listing.add_argument("--include-archived", action="store_true")
    listing.add_argument(
        "--criterion",
        action="append",
        metavar="CODE",
        help="only evidence carrying this inspection criterion (repeatable: any of them)",
    )
    add_json_flag(listing)

    update = add_command(
        group,
        "update",
        run_update,
        "correct an evidence item's title, kind, note, date or inspection criteria",
    )
    update.add_argument("id", metavar="ID")
    update.add_argument("--title")
    update.add_argument("--kind", help=f"one of {EvidenceKind.choices_text()}")
    update.add_argument("--note")
    update.add_argument("--date")
    add_criterion_option(update)

    extract = add_command(
        group, "extract", run_extract, "write an evidence file's bytes out (SHA-256 checked)"
    )
    extract.add_argument("id", metavar="ID")
    extract.add_argument("--out", type=Path, required=True, metavar="FILE")

    archive = add_command(group, "archive", run_archive, "archive an evidence item")
    archive.add_argument("id", metavar="ID")
    archive.add_argument("--undo", action="store_true")

    reviews = commands.add_parser(
        "reviews", help="add and list reviews of an action"
    ).add_subparsers(dest="reviews_command", metavar="SUBCOMMAND", required=True)
    review_add = add_command(
        reviews, "add", run_review_add, "record a review; the action's RAG follows it"
    )
    review_add.add_argument("--action", required=True, metavar="ID")
    review_add.add_argument("--rag", required=True, help=f"one of {Rag.choices_text()}")
    review_add.add_argument("--note", required=True)
    review_add.add_argument("--date", help="default: today")
    review_add.add_argument("--next", help="next review date")
    review_update = add_command(
        reviews,
        "update",
        run_review_update,
        "correct a review's RAG, note, date or next review date",
    )
    review_update.add_argument("id", metavar="ID")
    review_update.add_argument("--rag", help=f"one of {Rag.choices_text()}")
    review_update.add_argument("--note")
    review_update.add_argument("--date")
    review_update.add_argument("--next", help="next review date ('' to clear it)")
    review_list = add_command(
        reviews, "list", run_review_list, "list an action's reviews, newest first"
    )
    review_list.add_argument("--action", required=True, metavar="ID")
    add_json_flag(review_list)


def run_add(args: argparse.Namespace, app: CliApp) -> int:
    evidence = app.services().evidence.add(
        action_id=args.action,
        school=args.school,
        principle=args.principle,
        file=args.file,
        title=args.title,
        kind=args.kind,
        note=args.note,
        evidence_date=args.date,
        criteria=criteria_change(args.criterion) or (),
    )
    print(evidence.id)
    return 0


def run_list(args: argparse.Namespace, app: CliApp) -> int:
    services = app.services()
    items = services.evidence.list(
        args.action,
        school=args.school,
        include_archived=args.include_archived,
        criterion_codes=criterion_filter_codes(args.criterion, services),
    )
    if args.json:
        app.print_json(items)
    else:
        app.print_table(
            ["ID", "URN", "P", "Kind", "Title", "Date", "File", "SHA-256"],
            [
                (
                    e.id,
                    e.urn,
                    e.number,
                    e.kind,
                    e.title,
                    e.date,
                    e.file_name,
                    (e.sha256 or "")[:12],
                )
                for e in items
            ],
        )
    return 0


def run_update(args: argparse.Namespace, app: CliApp) -> int:
    evidence = app.services().evidence.update(
        args.id,
        title=args.title,
        kind=args.kind,
        note=args.note,
        evidence_date=args.date,
        criteria=criteria_change(args.criterion),
    )
    print(f"Updated {evidence.id}")
    return 0


def run_review_update(args: argparse.Namespace, app: CliApp) -> int:
    review = app.services().reviews.update(
        args.id,
        rag=args.rag,
        note=args.note,
        review_date=args.date,
        next_review_date=args.next or None,
        clear_next_review=args.next == "",
    )
    print(f"Updated {review.id}")
    return 0


def run_extract(args: argparse.Namespace, app: CliApp) -> int:
    evidence = app.services().evidence.extract(args.id, args.out)
    print(f"Wrote {evidence.file_size:,} bytes to {args.out} (SHA-256 {evidence.sha256})")
    return 0


def run_archive(args: argparse.Namespace, app: CliApp) -> int:
    evidence = app.services().evidence.archive(args.id, archived=not args.undo)
    print(f"{'Archived' if evidence.archived else 'Restored'} {evidence.id}")
    return 0


def run_review_add(args: argparse.Namespace, app: CliApp) -> int:
    review = app.services().reviews.add(args.action, args.rag, args.note, args.date, args.next)
    print(review.id)
    return 0


def run_review_list(args: argparse.Namespace, app: CliApp) -> int:
    reviews = app.services().reviews.list(args.action)
    if args.json:
        app.print_json(reviews)
    else:
        app.print_table(
            ["Date", "RAG", "Next", "Reviewer", "Note"],
            [(r.date, r.rag, r.next_review_date, r.reviewer, r.note) for r in reviews],
        )
    return 0
