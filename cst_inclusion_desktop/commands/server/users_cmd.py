"""`users add|grant|revoke|disable|list`: logins and school grants on a server database."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from cst_inclusion_desktop.commands.base import CliApp, UsageError, add_command, add_json_flag

if TYPE_CHECKING:
    from cst_inclusion_desktop.services.server.users import UserService


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "users",
        help="server mode: add logins, grant and revoke schools, disable, list",
        description="Server mode only, run with the owner's URL or as a trust lead: "
        "cst-inclusion --db postgresql+psycopg://LOGIN@HOST:PORT/DBNAME users …",
    ).add_subparsers(dest="users_command", metavar="SUBCOMMAND", required=True)
    add = add_command(group, "add", run_add, "add a login with one role and its schools")
    add.add_argument("login", metavar="LOGIN", help="the person's login (lower case)")
    add.add_argument("--role", required=True, choices=["senco", "trust_lead", "viewer"])
    add.add_argument(
        "--school",
        action="append",
        default=[],
        metavar="URN",
        help="a school they may work on (repeat for several; SENCOs need at least one)",
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (else it is asked for, unseen)",
    )
    grant = add_command(group, "grant", run_grant, "let a login work on one more school")
    revoke = add_command(group, "revoke", run_revoke, "take one school from a login")
    for parser in (grant, revoke):
        parser.add_argument("login", metavar="LOGIN")
        parser.add_argument("--school", required=True, metavar="URN")
    disable = add_command(group, "disable", run_disable, "stop a login signing in (kept)")
    disable.add_argument("login", metavar="LOGIN")
    listing = add_command(group, "list", run_list, "list the logins, their roles and schools")
    add_json_flag(listing)


def _users(app: CliApp) -> UserService:
    from cst_inclusion_desktop.services.server.users import UserService  # on use: no SQLAlchemy

    return UserService(app.services().context)


def read_password(from_stdin: bool) -> str:
    """One password, from standard input or typed twice at a prompt; never echoed or logged."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin is not None and sys.stdin.isatty():
        password = getpass.getpass("Password for the new login: ")
        if getpass.getpass("Type it again: ") != password:
            raise UsageError("password: the two passwords typed differ; nothing was changed")
    else:
        raise UsageError(
            "password: expected --password-stdin or a terminal to type it (it is never "
            "taken from the command line)"
        )
    if len(password) < 8:
        raise UsageError("password: expected at least 8 characters; nothing was changed")
    return password


def run_add(args: argparse.Namespace, app: CliApp) -> int:
    service = _users(app)
    if args.role == "senco" and not args.school:
        raise UsageError("--school: expected at least one school's URN for a SENCO")
    service.add(args.login, args.role, args.school, read_password(args.password_stdin))
    schools = f" for {', '.join(args.school)}" if args.school else ""
    print(f"Added {args.login} ({args.role}){schools}.")
    return 0


def run_grant(args: argparse.Namespace, app: CliApp) -> int:
    added = _users(app).grant(args.login, args.school)
    print(f"{args.login} may work on school {args.school}" + ("." if added else " (already)."))
    return 0


def run_revoke(args: argparse.Namespace, app: CliApp) -> int:
    removed = _users(app).revoke(args.login, args.school)
    if removed:
        print(f"{args.login} may no longer work on school {args.school}.")
    else:
        print(f"{args.login} had no grant for school {args.school}: nothing changed.")
    return 0


def run_disable(args: argparse.Namespace, app: CliApp) -> int:
    _users(app).disable(args.login)
    print(f"{args.login} can no longer sign in (their history is kept).")
    return 0


def run_list(args: argparse.Namespace, app: CliApp) -> int:
    rows = _users(app).list()
    if args.json:
        app.print_json(rows)
        return 0
    app.print_table(
        ["Login", "Role", "Signs in", "Schools"],
        [
            (row.login, row.role, "yes" if row.can_sign_in else "no", ", ".join(row.schools))
            for row in rows
        ],
    )
    return 0
