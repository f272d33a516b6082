"""`check`: integrity, schema, audit chain and evidence hashes; exit 0 only when all hold.

A damaged file is a failed check (exit 1), not an unexpected failure; it is never written to.
"""

from __future__ import annotations

import argparse
import json

from cst_inclusion_desktop.commands.base import CliApp, add_command, add_json_flag


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_command(
        commands,
        "check",
        run,
        "check database integrity, its schema, the audit chain and evidence hashes",
        "Run SQLite's integrity check, compare the tables, indexes, triggers and views with "
        "what this version creates (reporting any added outside the app), verify the audit "
        "log's hash chain and re-hash every evidence file. Exit 0 only when all hold; "
        "otherwise 1, saying exactly what failed. A damaged file is never written to.",
    )
    add_json_flag(parser)


def run(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.safety.checkup import check_database

    report = check_database(app.settings)
    if args.json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "checks": [
                        {"name": item.name, "ok": item.ok, "detail": item.detail}
                        for item in report.items
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for item in report.items:
            print(f"{'ok  ' if item.ok else 'FAIL'} {item.name}: {item.detail}")
    return 0 if report.ok else 1
