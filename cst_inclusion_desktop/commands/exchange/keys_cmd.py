"""`keys show|init-trust|list|register`: the keys that sign and encrypt school packs."""

from __future__ import annotations

import argparse
from datetime import datetime

from cst_inclusion_desktop.commands.base import CliApp, add_command, add_json_flag


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = commands.add_parser("keys", help="the keys that sign and encrypt school packs")
    group = keys.add_subparsers(dest="keys_command", metavar="SUBCOMMAND", required=True)
    add_command(
        group,
        "show",
        run_show,
        "show this database's signing key and the trust key packs are encrypted to",
        "Show this database's pack signing key (made on the first pack export, kept beside the "
        "database) with its fingerprint, which the trust lead confirms when the first pack "
        "arrives, and the trust's public key that packs are encrypted to.",
    )
    add_command(
        group,
        "init-trust",
        run_init_trust,
        "at the trust: make the trust's encryption key pair (once)",
        "Make the trust's X25519 key pair. The private key is kept beside this database (only "
        "you can read it: back it up with IT, a lost key means packs cannot be opened); the "
        "public key printed here travels to schools in `framework export` or the machine-wide "
        "config (trust_public_key).",
    )
    listing = add_command(group, "list", run_list, "at the trust: the schools' registered keys")
    add_json_flag(listing)
    again = add_command(
        group,
        "register",
        run_register,
        "at the trust: register a school's new key (key rotation, a reinstalled PC); audited",
        "Register the fingerprint a school's packs will be signed with from now on, after "
        "checking it with the school (they see it with `keys show`). Packs signed by the old "
        "key are refused from then on; the old and new fingerprints go into the audit log.",
    )
    again.add_argument("--school", required=True, metavar="URN")
    again.add_argument("--fingerprint", required=True, metavar="FINGERPRINT")


def run_show(args: argparse.Namespace, app: CliApp) -> int:
    overview = app.services().keys.overview()
    lines: list[str] = []
    if overview.signing is None:
        lines.append("Signing key: none yet (made on this database's first pack export)")
    else:
        lines += [
            f"Signing key fingerprint: {overview.signing.fingerprint}",
            f"Signing public key: {overview.signing.public_key}",
            f"Kept in: {overview.signing.where}",
        ]
    if overview.trust is None:
        lines.append("Trust key: not known here (import the trust's framework file)")
    else:
        lines += [
            f"Trust key fingerprint: {overview.trust.fingerprint}",
            f"Trust public key: {overview.trust.public_key}",
            f"Trust key from: {overview.trust.where}",
        ]
    if overview.trust_private_here:
        lines.append("This is the trust's database: it can open school packs.")
    app.print_lines(lines)
    return 0


def run_init_trust(args: argparse.Namespace, app: CliApp) -> int:
    made = app.services().keys.init_trust()
    app.print_lines(
        [
            f"Made the trust key; its private half is in {made.where} (back it up with IT).",
            f"Trust public key: {made.public_key}",
            f"Fingerprint: {made.fingerprint}",
            "Schools get it from `cst-inclusion framework export` here (then `framework "
            "import` at the school), or IT sets trust_public_key in the machine-wide config.",
        ]
    )
    return 0


def run_list(args: argparse.Namespace, app: CliApp) -> int:
    rows = app.services().keys.registered()
    if args.json:
        app.print_json(rows)
        return 0
    app.print_table(
        ["URN", "School", "Fingerprint", "Registered", "By", "Last pack"],
        [
            (
                row.urn,
                row.school_name,
                row.fingerprint,
                row.registered_at.strftime("%Y-%m-%d %H:%M"),
                row.registered_by,
                "waiting for the next pack"
                if row.waiting_for_pack
                else f"{row.last_sequence} ({_when(row.last_created_at)})",
            )
            for row in rows
        ],
    )
    return 0


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "none"


def run_register(args: argparse.Namespace, app: CliApp) -> int:
    name, old, new = app.services().keys.register(args.school, args.fingerprint)
    was = f"was {old}" if old else "none before"
    name = name or "the school"
    app.print_lines(
        [
            f"Registered key {new} for {name} ({args.school}) ({was}); packs signed by any "
            "other key are refused from now on."
        ]
    )
    return 0
