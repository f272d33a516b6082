"""`init`: create a database with the default framework, optionally filled with a demo trust."""

from __future__ import annotations

import argparse
import sys

from cst_inclusion_desktop.commands.base import CliApp, UsageError, add_command


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        commands,
        "init",
        run,
        "create a new database for a trust",
        "Create the database (at --db, $CST_INCLUSION_DB or the default location) with the "
        "default five-principle framework. With --demo, fill it with a realistic demo trust.",
    )
    parser.add_argument(
        "--trust-name", help="the trust's name (default: from config, else required)"
    )
    parser.add_argument("--demo", action="store_true", help="add a generated demo trust")
    parser.add_argument(
        "--schools", type=int, default=8, help="demo: number of schools (default 8)"
    )
    parser.add_argument(
        "--actions", type=int, default=400, help="demo: number of actions (default 400)"
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="demo: random seed (same seed, same trust)"
    )


def run(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.records.demo import generate_demo

    name = (
        args.trust_name or app.settings.trust_name or ("Demo Learning Trust" if args.demo else "")
    )
    if not name:
        raise UsageError("--trust-name: value '' — expected the trust's name")
    path = app.settings.database_path
    if "://" not in app.settings.database and path.exists():
        raise UsageError(
            f"--db: value '{path}' — expected a new file (this database already exists)"
        )
    services = app.services(create=True)
    try:
        services.trust.create(name)
        counts = {}
        if args.demo:
            counts = generate_demo(
                services.context,
                args.schools,
                args.actions,
                args.seed,
                progress=_progress if sys.stderr.isatty() else None,
            )
    except BaseException:
        app.close()
        if "://" not in app.settings.database:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        raise
    print(f"Created {services.context.database.description} for {name}")
    if counts:
        print(", ".join(f"{count:,} {what}" for what, count in counts.items()))
    return 0


def _progress(done: int, total: int, message: str) -> None:
    sys.stderr.write(f"\r{done * 100 // max(total, 1):3d}% {message}   ")
    if done >= total:
        sys.stderr.write("\n")
