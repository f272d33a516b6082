"""`report board` and `report annex` (and `report inspection`, in inspection_cmd): the board
paper and its annex, as PDF or DOCX by the file's name, and the paper's figures as JSON, from
one command (and so from a scheduled task)."""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from cst_inclusion_desktop.atomic_write import check_output_path
from cst_inclusion_desktop.commands.base import CliApp, UsageError, add_command
from cst_inclusion_desktop.commands.reporting import action_sheet_cmd, inspection_cmd
from cst_inclusion_desktop.domain.board_paper import (
    BoardPaper,
    BoardPaperRequest,
    CoverFields,
    Purpose,
)
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.terms import PeriodPreset, TermCalendar
from cst_inclusion_desktop.domain.validation import clean_long_text, parse_date
from cst_inclusion_desktop.services.reporting.figures import write_figures

_PERIOD_HELP = (
    "The period defaults to the current term: the trust's own term dates when set (term_dates "
    "in the config file), else autumn 1 Sep–31 Dec, spring 1 Jan–31 Mar, summer 1 Apr–31 Aug. "
    "Every figure is as it stood at the period's end. Any previous file is replaced only once "
    "the new one is complete."
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("report", help="produce reports").add_subparsers(
        dest="report_command", metavar="SUBCOMMAND", required=True
    )
    board = add_command(
        group,
        "board",
        run_board,
        "write the board paper (PDF or DOCX) and/or its figures (JSON)",
        "Write the board paper: cover sheet, executive summary, matrix, trends, schools at a "
        "glance and areas of need, compared with the previous term (or the last meeting). "
        + _PERIOD_HELP,
    )
    board.add_argument("--out", type=Path, metavar="FILE.pdf|FILE.docx", help="paper to write")
    board.add_argument(
        "--data", type=Path, metavar="FILE.json", help="also (or only) write the figures as JSON"
    )
    _scope_options(board)
    _cover_options(board)
    annex = add_command(
        group,
        "annex",
        run_annex,
        "write the annex (PDF or DOCX): the detail behind the board paper",
        "Write the annex: per-principle action lists by school, exception lists, per-school "
        "pages, the evidence index with fingerprints and the integrity statement. " + _PERIOD_HELP,
    )
    annex.add_argument(
        "--out", required=True, type=Path, metavar="FILE.pdf|FILE.docx", help="annex to write"
    )
    _scope_options(annex)
    _cover_options(annex)
    action_sheet_cmd.register(group)
    inspection_cmd.register(group)


def _scope_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from", dest="period_from", metavar="DATE", help="first day of the period"
    )
    parser.add_argument("--to", dest="period_to", metavar="DATE", help="last day of the period")
    parser.add_argument(
        "--period",
        choices=[p.token for p in PeriodPreset if p is not PeriodPreset.CUSTOM],
        help="a preset period instead of --from/--to",
    )
    parser.add_argument(
        "--compare-since",
        metavar="DATE",
        help="the previous meeting's date: compare with how things stood then (default: the "
        "previous term)",
    )
    parser.add_argument(
        "--school", action="append", default=[], metavar="URN", help="only this school (repeat)"
    )
    parser.add_argument(
        "--principle", action="append", default=[], metavar="N", help="only this principle"
    )
    parser.add_argument(
        "--full", action="store_true", help="lift every limit: each list shows all its rows"
    )


def _cover_options(parser: argparse.ArgumentParser) -> None:
    cover = parser.add_argument_group(
        "cover sheet", "Remembered per trust: each defaults to what the last paper used."
    )
    cover.add_argument("--meeting-date", metavar="DATE", help="the board meeting's date")
    cover.add_argument("--item", metavar="TEXT", help="the agenda item's title")
    cover.add_argument(
        "--purpose", choices=[p.token for p in Purpose], help="why the paper is there"
    )
    cover.add_argument("--recommendation", metavar="TEXT", help="the decision or note sought")
    cover.add_argument("--author", metavar="NAME", help="who wrote the paper")
    cover.add_argument("--author-role", metavar="TEXT", help="the author's role")
    cover.add_argument("--lead-trustee", metavar="NAME", help="the trustee leading on inclusion")
    commentary = cover.add_mutually_exclusive_group()
    commentary.add_argument("--commentary", metavar="TEXT", help="the trust lead's commentary")
    commentary.add_argument(
        "--commentary-file", type=Path, metavar="FILE", help="the commentary, from a UTF-8 file"
    )
    cover.add_argument(
        "--question",
        action="append",
        metavar="TEXT",
        help="a question for the board (repeat; default: generated from the exceptions)",
    )


def run_board(args: argparse.Namespace, app: CliApp) -> int:
    # ReportLab and the database library load here, not when `--help` starts the command line.
    from cst_inclusion_desktop.reports.outputs import output_kind
    from cst_inclusion_desktop.services.reporting import cover_memory
    from cst_inclusion_desktop.services.safety.anchors import keep_report

    if args.out is None and args.data is None:
        raise UsageError("report board: give --out FILE.pdf|FILE.docx, --data FILE.json or both")
    if args.out is not None:
        output_kind(args.out)
        check_target(args.out, "out")
    if args.data is not None:
        if args.data.suffix.lower() != ".json":
            raise ValidationError("data", str(args.data), "a file name ending .json")
        check_target(args.data, "data")
    services = app.services()
    paper = services.report.board_paper(_request(args, app))
    for line in _write_outputs(paper, args.out, args.data):
        print(line)
    if args.out is not None:
        keep_report(services.context, "Board paper", paper.cover.anchor, args.out)
    cover_memory.remember(services.context, paper.cover.fields)
    return 0


def _write_outputs(paper: BoardPaper, out: Path | None, data: Path | None) -> list[str]:
    """Write the paper and the figures so that either both are replaced or neither is: each is
    written beside its target under a temporary name, and both are renamed only at the end."""
    from cst_inclusion_desktop.reports.outputs import write_board_paper

    written: list[tuple[Path, Path]] = []
    lines = []
    try:
        if out is not None:
            temporary = _temporary_beside(out)
            written.append((temporary, out))
            result = write_board_paper(paper, temporary)
            lines.append(f"Wrote {out}{pages_text(result.pages)}")
        if data is not None:
            temporary = _temporary_beside(data)
            written.append((temporary, data))
            write_figures(paper, temporary)
            lines.append(f"Wrote {data}")
        for _, target in written:
            check_output_path(target)  # again: the paper may have taken a while
        for temporary, target in written:
            os.replace(temporary, target)
    finally:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
    return lines


def _temporary_beside(target: Path) -> Path:
    """A free name in the target's folder that keeps its suffix (it chooses PDF or DOCX)."""
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.",
            suffix=f".part{target.suffix}",
            dir=target.expanduser().parent,
        )
    except OSError as error:
        raise ValidationError(
            "out", str(target), f"a writable folder ({error.strerror})"
        ) from error
    os.close(handle)
    return Path(name)


def run_annex(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.reports.outputs import output_kind, write_annex
    from cst_inclusion_desktop.services.safety.anchors import keep_report

    output_kind(args.out)
    check_target(args.out, "out")
    services = app.services()
    annex = services.report.annex(_request(args, app))
    result = write_annex(annex, args.out)
    print(f"Wrote {result.path}{pages_text(result.pages)}")
    keep_report(services.context, "Annex", annex.cover.anchor, args.out)
    return 0


def _request(args: argparse.Namespace, app: CliApp) -> BoardPaperRequest:
    from cst_inclusion_desktop.services.reporting import cover_memory

    context = app.services().context
    request = request_from_args(args, context.settings.terms, context.today())
    return replace(
        request,
        cover=cover_from_args(args, cover_memory.remembered(context)),
        generated_by=app.settings.user_name,
    )


def check_target(path: Path, field: str) -> None:
    """Refuse an output that cannot be written before any work is done (both outputs of
    ``report board`` are checked first, so a bad second one leaves the first untouched): only a
    regular file or a new name in an existing folder (the shared ``check_output_path`` rule)."""
    try:
        target = check_output_path(path)
    except ValidationError as error:
        raise ValidationError(field, error.value, error.expected, where=error.where) from error
    if not (target.parent if str(target.parent) else Path(".")).is_dir():
        raise ValidationError(field, str(path), "a file in an existing folder")


def pages_text(count: int) -> str:
    if not count:
        return ""
    return f" ({count} page{'s' if count != 1 else ''})"


def request_from_args(
    args: argparse.Namespace, calendar: TermCalendar, today: date
) -> BoardPaperRequest:
    period_from = parse_date(args.period_from, "from")
    period_to = parse_date(args.period_to, "to")
    if args.period:
        if period_from or period_to:
            raise UsageError("--period: cannot be combined with --from or --to")
        period = calendar.preset(PeriodPreset.parse(args.period), today)
        period_from, period_to = period.start, period.end
    return BoardPaperRequest(
        period_from=period_from,
        period_to=period_to,
        compare_since=parse_date(args.compare_since, "compare-since"),
        school_urns=tuple(args.school),
        principle_numbers=tuple(_principle(text) for text in args.principle),
        commentary=_commentary(args),
        questions=tuple(args.question) if args.question else None,
        full=args.full,
    )


def cover_from_args(args: argparse.Namespace, remembered: CoverFields) -> CoverFields:
    """The cover fields given on the command line over the remembered ones."""
    given = {
        key: getattr(args, key).strip()
        for key in ("item", "recommendation", "author", "author_role", "lead_trustee")
        if getattr(args, key) is not None
    }
    fields = replace(remembered, **given)
    if args.purpose:
        fields = replace(fields, purpose=Purpose.parse(args.purpose))
    return replace(fields, meeting_date=parse_date(args.meeting_date, "meeting-date"))


def _commentary(args: argparse.Namespace) -> str:
    """The commentary text, checked like every long text the app stores."""
    if args.commentary_file is None:
        return clean_long_text(args.commentary or "", "commentary")
    path: Path = args.commentary_file
    if not path.is_file():  # a folder, a FIFO or a device would never finish reading
        raise ValidationError("commentary-file", str(path), "an existing text file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "commentary-file", str(path), f"a UTF-8 text file (byte {error.start} is not UTF-8)"
        ) from error
    except OSError as error:
        raise ValidationError(
            "commentary-file", str(path), f"a readable text file ({error.strerror})"
        ) from error
    return clean_long_text(text, "commentary-file")


def _principle(text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError("principle", text, "a principle number such as 1")
    return int(text)
