"""`server setup`, `server upgrade`, `server import`: run by IT with the owner's URL."""

from __future__ import annotations

import argparse
from pathlib import Path

from cst_inclusion_desktop.commands.base import CliApp, UsageError, add_command


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actions = commands.add_parser(
        "server",
        help="set up, upgrade or fill a PostgreSQL server database (IT, with the owner's URL)",
    ).add_subparsers(dest="server_command", metavar="SUBCOMMAND", required=True)
    setup = add_command(
        actions,
        "setup",
        run_setup,
        "set up an empty server database: schema, roles, grants and row-level security",
        "As the database's owner (a role with CREATEROLE): run the app's migrations, create "
        "the group roles senco, trust_lead and viewer, and apply the grants and row-level "
        "security policies. Running it again changes nothing. The password comes from libpq "
        "(PGPASSWORD, ~/.pgpass or a service file), never from the URL in a script.",
    )
    _admin_url(setup)
    setup.add_argument("--trust-name", help="also create the trust with the default framework")
    upgrade = add_command(
        actions,
        "upgrade",
        run_upgrade,
        "migrate a server database after an app update and re-apply its policies",
    )
    _admin_url(upgrade)
    importing = add_command(
        actions,
        "import",
        run_import,
        "move a whole SQLite trust into a new, empty server database",
        "With --db set to the owner's URL: copy every school, action, evidence file, review "
        "and the audit history from FILE.db, then check that the counts match and the audit "
        "chain verifies. An empty server database only (run `server setup` first).",
    )
    importing.add_argument("file", type=Path, metavar="FILE.db", help="the SQLite trust")


def _admin_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--admin-url",
        required=True,
        metavar="URL",
        help="the database owner's URL: postgresql+psycopg://OWNER@HOST:PORT/DBNAME",
    )


def run_setup(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.server.setup import set_up

    result = set_up(app.settings, args.admin_url, args.trust_name or "")
    if not result.changed:
        print(f"Already set up (schema {result.revision}): nothing changed.")
        return 0
    print(f"Set up (schema {result.revision}, owner {result.owner}): roles senco, trust_lead and")
    print("viewer, grants and row-level security policies are in place.")
    if result.trust_created:
        print(f"Created the trust '{args.trust_name}' with the default framework.")
    print("Next: cst-inclusion --db OWNER_URL users add LOGIN --role trust_lead --password-stdin")
    return 0


def run_upgrade(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.server.setup import upgrade

    result = upgrade(app.settings, args.admin_url)
    if result.changed:
        print(f"Upgraded to schema {result.revision}; policies re-applied.")
    else:
        print(f"Already up to date (schema {result.revision}): nothing changed.")
    return 0


def run_import(args: argparse.Namespace, app: CliApp) -> int:
    from cst_inclusion_desktop.services.server.transfer import import_sqlite_trust

    if not app.settings.is_server:
        raise UsageError(
            f"--db: value '{app.settings.database}' — expected the server's owner URL "
            "(postgresql+psycopg://OWNER@HOST:PORT/DBNAME)"
        )
    counts = import_sqlite_trust(app.settings, args.file)
    for table, count in counts.items():
        print(f"{table}: {count:,}")
    print(f"Imported {args.file} into the server; counts match and the audit chain verifies.")
    return 0
