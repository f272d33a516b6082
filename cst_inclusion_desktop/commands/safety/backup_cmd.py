"""`backup`, `restore` and `backups`: copies of the database and putting one back.

None of them asks a question: they print what they did. `restore` exits 2 with the reason when
the file is not a healthy database of this app that this version can read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, add_command, add_json_flag


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = add_command(
        commands,
        "backup",
        run_backup,
        "make a verified copy of the database now",
        "Copy the database with SQLite's online backup API (safe while the app is open), check "
        "the copy's integrity, and keep it in the backup folder (or write it to --out). The "
        "retention rule then removes old automatic backups.",
    )
    backup.add_argument("--out", metavar="FILE", type=Path, help="write the backup to FILE")
    restore_parser = add_command(
        commands,
        "restore",
        run_restore,
        "replace the database with a backup (the current one is backed up first)",
        "Check that FILE is a healthy CST Inclusion Desktop database this version can read, "
        "back up the current database (or keep a raw copy of it if it is damaged), then put "
        "FILE in its place. Close the app first. Exit 2 if FILE cannot be restored.",
    )
    restore_parser.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
    listing = add_command(
        commands,
        "backups",
        run_list,
        "list the backups of this database, newest first",
        "List the backups in the backup folder with their date, label (why each was made) "
        "and size, newest first.",
    )
    add_json_flag(listing)


def run_backup(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.safety.backup import backup_now

    path = backup_now(app.settings, out=args.out)
    print(f"Backed up {app.settings.database_path} to {path} (integrity check: ok)")
    return 0


def run_restore(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.safety.restore import restore

    app.close()  # restore works on a closed database
    result = restore(args.file, app.settings)
    print(f"Restored {result.database} from {result.restored_from}")
    if result.kept_previous is not None:
        what = "a raw copy of the damaged database" if result.previous_was_damaged else "a backup"
        print(f"The database it replaced was kept as {what}: {result.kept_previous}")
    if result.needs_upgrade:
        print("The backup uses an older schema; it will be upgraded when next opened.")
    return 0


def run_list(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.safety.backup import human_size, list_backups

    backups = list_backups(app.settings)
    if args.json:
        payload = [
            {
                "path": str(item.path),
                "created": item.created.isoformat(),
                "size": item.size,
                "label": item.label,
            }
            for item in backups
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    if not backups:
        print(f"No backups of {app.settings.database_path.name} in {app.settings.backup_path}")
        return 0
    app.print_table(
        ["created", "label", "size", "file"],
        (
            [
                item.created.astimezone().strftime("%Y-%m-%d %H:%M"),
                item.label,
                human_size(item.size),
                item.path.name,
            ]
            for item in backups
        ),
    )
    return 0
