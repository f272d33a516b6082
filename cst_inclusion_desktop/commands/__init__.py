"""Subcommand groups, one package per capability as in ``services/``. Each module has
``register(subparsers)``; add new groups to the list. Commands may use services and domain."""

from __future__ import annotations

from cst_inclusion_desktop.commands.exchange import transfer_cmd
from cst_inclusion_desktop.commands.records import (
    actions_cmd,
    evidence_cmd,
    framework_cmd,
    init_cmd,
    schools_cmd,
)
from cst_inclusion_desktop.commands.reporting import report_cmd
from cst_inclusion_desktop.commands.safety import backup_cmd, check_cmd, schema_cmd, selftest_cmd
from cst_inclusion_desktop.commands.server import server_cmd, users_cmd

COMMAND_MODULES = [
    init_cmd,
    schools_cmd,
    framework_cmd,
    actions_cmd,
    evidence_cmd,
    check_cmd,
    report_cmd,
    backup_cmd,
    schema_cmd,
    selftest_cmd,
    transfer_cmd,
    server_cmd,
    users_cmd,
]
