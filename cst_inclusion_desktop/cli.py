"""The command line: ``cst-inclusion [--db PATH] [--config FILE] [-v] COMMAND ...``.

With no command it opens the GUI. Exit codes: 0 success; 2 bad input or usage (one line naming
the field, the value and what was expected); 1 unexpected failure (the log file has details).
Each group of subcommands lives in a module under ``commands/`` with a ``register`` function.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, cast

from cst_inclusion_desktop import APP_NAME, __version__
from cst_inclusion_desktop.commands import command_modules, command_named
from cst_inclusion_desktop.commands.base import CliApp, UsageError, escaped_output
from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.errors import CancelledError, InclusionError, ValidationErrors
from cst_inclusion_desktop.logging_setup import configure_logging, log_file_path

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message (its default, kept explicit)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class _CommandLineParser(_Parser):
    """The top-level parser. With no command in the arguments (the GUI, ``--version``) no group
    is imported; ``--help`` registers them all just before it is written (``-h``, ``--he``,
    ``-vh``: argparse decides what asks for help, so this does not guess)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.register_before_help: Callable[[], None] | None = None

    def format_help(self) -> str:
        if self.register_before_help is not None:
            register, self.register_before_help = self.register_before_help, None
            register()
        return super().format_help()


GLOBAL_OPTIONS_WITH_VALUES = ("--db", "--config")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: only its command's group is imported and registered (start-up
    pays for one group); every group for an unknown command (the error lists them), for
    ``--help``, and when ``argv`` is None."""
    parser = _CommandLineParser(
        prog="cst-inclusion",
        description=f"{APP_NAME}: record a trust's inclusion actions, evidence and reviews against "
        "five principles, and produce board reports. With no command, opens the app.",
        epilog="Every command has --help. Global options go before the command: "
        "cst-inclusion --db trust.db actions list",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file (default: $CST_INCLUSION_DB, "
        "the config files, then the platform data folder)",
    )
    parser.add_argument("--config", metavar="FILE", type=Path, help="an extra TOML config file")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to the console too")
    # Typed as plain parsers, as the command modules take them; each one is a _Parser.
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser),
    )

    def register(names: Sequence[str] = ()) -> None:
        for module in command_modules(names):
            module.register(commands)

    command = None if argv is None else command_named(argv, GLOBAL_OPTIONS_WITH_VALUES)
    if argv is None:
        register()
    elif command is not None:
        register([command])
    else:
        parser.register_before_help = register
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Everything printed, argparse's own errors included, passes the terminal rule: a value
    # from a file or the command line cannot drive the terminal (commands/base.py).
    with escaped_output():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(arguments).parse_args(arguments)
    try:
        settings = load_settings(config_file=args.config, overrides={"database": args.db})
    except InclusionError as error:
        print(f"cst-inclusion: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    log_path = configure_logging(settings.log_level, verbose=args.verbose)
    if args.command is None:
        from cst_inclusion_desktop.ui.app import run_gui

        return run_gui(settings)
    app = CliApp(settings)
    try:
        return int(args.handler(args, app) or EXIT_OK)
    except UsageError as error:
        print(f"cst-inclusion {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationErrors as error:
        for problem in error.problems:
            print(
                f"cst-inclusion {args.command}: error: {problem.message}",
                file=sys.stderr,
            )
        return EXIT_USAGE
    except CancelledError as error:
        print(f"cst-inclusion {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except InclusionError as error:
        print(f"cst-inclusion {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `… | head` stopped reading: nothing is wrong with the command
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the exit's flush does not raise again
        return EXIT_OK
    except KeyboardInterrupt:
        print("cst-inclusion: interrupted; the last saved state is intact", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as error:  # the promise: never a bare traceback, always the log's path
        # What failed and where, never the values (they may be personal data): failures.py.
        from cst_inclusion_desktop.services.safety.failures import describe_failure

        summary = describe_failure(error)
        log.error("Unexpected failure in %s: %s", args.command, summary, exc_info=error)
        print(
            f"cst-inclusion {args.command}: unexpected failure ({summary}). "
            f"Details are in the log file: {log_path or log_file_path()}",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    finally:
        app.close()


if __name__ == "__main__":
    sys.exit(main())
