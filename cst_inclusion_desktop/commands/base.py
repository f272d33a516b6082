"""What every command handler gets: settings, lazily opened services, and output helpers."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO, cast

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import InclusionError
from cst_inclusion_desktop.domain.records import to_json
from cst_inclusion_desktop.domain.text import printable
from cst_inclusion_desktop.services import Services

Handler = Callable[[argparse.Namespace, "CliApp"], int | None]


class UsageError(InclusionError):
    """The command was called wrongly (exit 2)."""


class CliApp:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._services: Services | None = None

    def services(self, *, create: bool = False) -> Services:
        if self._services is None:
            # Imported here: `--version`, `--help` and argument errors never load SQLAlchemy.
            from cst_inclusion_desktop.services.safety.opening import open_context

            self._services = Services(open_context(self.settings, create=create))
        return self._services

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None

    @staticmethod
    def print_json(records: Sequence[Any] | Any) -> None:
        if isinstance(records, list | tuple):
            payload: Any = [to_json(record) for record in records]
        else:
            payload = to_json(records)
        # Written through escaped_output (cli.main): its escapes are JSON's own, so bidi
        # controls in the data become \u202e and the output stays valid JSON.
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")

    @staticmethod
    def print_lines(lines: Iterable[str]) -> None:
        """Print text that may carry data from outside, escaped so it cannot drive the terminal."""
        for line in lines:
            print(printable(line))

    @staticmethod
    def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        text_rows = [[_cell(value) for value in row] for row in rows]
        widths = [len(header) for header in headers]
        for row in text_rows:
            widths = [max(width, len(value)) for width, value in zip(widths, row, strict=True)]
        line = "  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True))
        print(line.rstrip())
        for row in text_rows:
            print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "token"):
        return str(value.token)
    text = printable(str(value).replace("\n", " "))
    return text if len(text) <= 60 else text[:59] + "…"


def add_command(
    group: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Handler,
    help_text: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = group.add_parser(
        name, help=help_text, description=description or help_text
    )
    parser.set_defaults(handler=handler)
    return parser


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON array of objects")


def add_version_option(parser: argparse.ArgumentParser) -> None:
    """``--if-version N``: save only if the record is still at the version shown (``show``),
    so a change someone made since is refused, not silently undone."""
    parser.add_argument(
        "--if-version",
        type=int,
        metavar="N",
        dest="read_version",
        help="refuse the change if the record is no longer at version N (see its 'version')",
    )


class _EscapingWriter(io.TextIOBase):
    """A terminal stream whose every write passes the terminal rule (``printable``), so no
    command can print a control or bidi character from the data, whichever way it prints."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text, keep_line_breaks=True))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()


@contextmanager
def escaped_output() -> Iterator[None]:
    """Standard output and error, escaped for the terminal, while the command line runs.

    A windowed build has no streams (None): they are left as they are."""
    saved = sys.stdout, sys.stderr
    if saved[0] is not None:
        sys.stdout = cast(TextIO, _EscapingWriter(saved[0]))
    if saved[1] is not None:
        sys.stderr = cast(TextIO, _EscapingWriter(saved[1]))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
