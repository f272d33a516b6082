"""Subcommand groups. Each module has ``register(subparsers)``; add new groups to the list."""

from __future__ import annotations

from cst_inclusion_desktop.commands import (
    actions_cmd,
    backup_cmd,
    check_cmd,
    evidence_cmd,
    framework_cmd,
    init_cmd,
    report_cmd,
    schools_cmd,
    selftest_cmd,
    transfer_cmd,
)

COMMAND_MODULES = [
    init_cmd,
    schools_cmd,
    framework_cmd,
    actions_cmd,
    evidence_cmd,
    check_cmd,
    report_cmd,
    backup_cmd,
    selftest_cmd,
    transfer_cmd,
]
