"""Subcommand groups, one package per capability as in ``services/``. Each module has
``register(subparsers)``; commands may use services and domain.

``COMMAND_GROUPS`` names each module and the top-level commands it registers, as text, so the
command line imports only the module of the command it runs (a scheduled ``principles list``
does not load the report, pack or backup code). tests/test_cli.py keeps the names equal to what
the modules register. Add a new group here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, cast

COMMAND_GROUPS: dict[str, tuple[str, ...]] = {
    "cst_inclusion_desktop.commands.records.init_cmd": ("init",),
    "cst_inclusion_desktop.commands.records.schools_cmd": ("schools",),
    "cst_inclusion_desktop.commands.records.framework_cmd": ("principles", "framework"),
    "cst_inclusion_desktop.commands.records.criteria_cmd": ("criteria",),
    "cst_inclusion_desktop.commands.records.actions_cmd": ("actions",),
    "cst_inclusion_desktop.commands.records.evidence_cmd": ("evidence", "reviews"),
    "cst_inclusion_desktop.commands.safety.check_cmd": ("check",),
    "cst_inclusion_desktop.commands.reporting.report_cmd": ("report",),
    "cst_inclusion_desktop.commands.safety.backup_cmd": ("backup", "restore", "backups"),
    "cst_inclusion_desktop.commands.safety.schema_cmd": ("schema",),
    "cst_inclusion_desktop.commands.safety.selftest_cmd": ("self-test",),
    "cst_inclusion_desktop.commands.exchange.transfer_cmd": ("import", "export", "pack"),
    "cst_inclusion_desktop.commands.server.server_cmd": ("server",),
    "cst_inclusion_desktop.commands.server.users_cmd": ("users",),
    "cst_inclusion_desktop.commands.exchange.keys_cmd": ("keys",),
}

if TYPE_CHECKING:
    import argparse

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


class CommandModule(Protocol):
    def register(self, commands: Subparsers, /) -> None: ...


def command_modules(names: Iterable[str] = ()) -> list[CommandModule]:
    """The modules registering these top-level commands; every module when none is known."""
    wanted = set(names)
    chosen = [module for module, owned in COMMAND_GROUPS.items() if wanted & set(owned)]
    return [
        cast(CommandModule, importlib.import_module(module)) for module in chosen or COMMAND_GROUPS
    ]


def command_named(argv: Sequence[str], options_with_values: Iterable[str]) -> str | None:
    """The top-level command in ``argv``: its first word that is not a global option or its
    value (``--db PATH``, ``--db=PATH``, ``-v``). None when there is none."""
    takes_value = set(options_with_values)
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word in takes_value:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None
