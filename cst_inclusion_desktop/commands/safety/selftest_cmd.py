"""`self-test`: prove this copy of the app works, without touching the user's data.

Used by IT after an install and by CI on the packaged executable. Prints one line and exits 0,
or prints the failing step and exits 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, add_command
from cst_inclusion_desktop.services import Services


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        commands,
        "self-test",
        run,
        "check that this installation works (Qt, database, migration, files, report)",
        "Start Qt offscreen (or on the platform named by QT_QPA_PLATFORM), create a temporary "
        "database, run the migrations, write and read back an action and an evidence file, "
        "generate and verify a board report, and open the main window on it. Your own "
        "database and preferences are not touched. Prints one line; exit 0 when every step "
        "passed, 1 naming the step that failed.",
    )
    parser.add_argument(
        "--no-qt",
        action="store_true",
        help="skip the Qt and window steps (for machines without Qt libraries)",
    )


def run(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.safety.selftest import run_self_test

    result = run_self_test() if args.no_qt else run_self_test(_qt_step, _window_step)
    print(result.summary(), flush=True)
    return 0 if result.ok else 1


def _qt_step() -> str:
    # Imported here so a missing Qt library is reported as the failing 'qt' step.
    from cst_inclusion_desktop.ui.safety.selftest_qt import check_qt

    return check_qt()


def _window_step(services: Services, folder: Path) -> str | None:
    from cst_inclusion_desktop.ui.safety.selftest_qt import check_main_window

    return check_main_window(services, folder)
