"""`report board`: the trust board's PDF, from one command (and so from a scheduled task)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, UsageError, add_command
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.report_model import ReportRequest
from cst_inclusion_desktop.domain.terms import PeriodPreset, preset_period
from cst_inclusion_desktop.domain.validation import parse_date


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    group = commands.add_parser("report", help="produce reports").add_subparsers(
        dest="report_command", metavar="SUBCOMMAND", required=True
    )
    board = add_command(
        group,
        "board",
        run_board,
        "write the board report PDF",
        "Write the board report (cover, summary, matrix, charts, a section per principle, "
        "exceptions, school appendix, evidence index, integrity statement) to a PDF. The "
        "period defaults to the current term (autumn 1 Sep–31 Dec, spring 1 Jan–31 Mar, summer "
        "1 Apr–31 Aug). Any previous file is replaced only once the new one is complete.",
    )
    board.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help="PDF to write")
    board.add_argument("--from", dest="period_from", metavar="DATE", help="first day of the period")
    board.add_argument("--to", dest="period_to", metavar="DATE", help="last day of the period")
    board.add_argument(
        "--period",
        choices=[p.token for p in PeriodPreset if p is not PeriodPreset.CUSTOM],
        help="a preset period instead of --from/--to",
    )
    board.add_argument(
        "--school", action="append", default=[], metavar="URN", help="only this school (repeat)"
    )
    board.add_argument(
        "--principle", action="append", default=[], metavar="N", help="only this principle"
    )
    board.add_argument(
        "--full",
        action="store_true",
        help="list every action and evidence item (default: the most pressing, worst first)",
    )


def run_board(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.reports.board import write_board_report  # ReportLab: only here

    services = app.services()
    request = request_from_args(args, services.context.today())
    data = services.report.assemble(request)
    result = write_board_report(data, args.out)
    pages = f"{result.pages} page" + ("s" if result.pages != 1 else "")
    print(f"Wrote {result.path} ({pages})")
    return 0


def request_from_args(args: argparse.Namespace, today: date) -> ReportRequest:
    period_from = parse_date(args.period_from, "from")
    period_to = parse_date(args.period_to, "to")
    if args.period:
        if period_from or period_to:
            raise UsageError("--period: cannot be combined with --from or --to")
        period = preset_period(PeriodPreset.parse(args.period), today)
        period_from, period_to = period.start, period.end
    return ReportRequest(
        period_from=period_from,
        period_to=period_to,
        school_urns=tuple(args.school),
        principle_numbers=tuple(_principle(text) for text in args.principle),
        per_school=len(args.school) == 1,
        full=args.full,
    )


def _principle(text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError("principle", text, "a principle number such as 1")
    return int(text)
