"""``server setup`` and ``server upgrade``: as the database's owner, never as an app login."""

from __future__ import annotations

from dataclasses import dataclass, replace

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.store.database import Database
from cst_inclusion_desktop.store.server.setup import apply_rules, is_empty, require_server


@dataclass(frozen=True)
class SetupResult:
    changed: bool
    revision: str
    owner: str
    trust_created: bool


def owner_database(settings: Settings, admin_url: str) -> Database:
    database = Database(admin_url, connect_args=settings.server_connect_args)
    try:
        require_server(database, "this command")
    except Exception:
        database.dispose()
        raise
    return database


def set_up(settings: Settings, admin_url: str, trust_name: str = "") -> SetupResult:
    """Schema, roles, grants and policies; the trust too when a name is given and none
    exists. Running it again on a set-up database changes nothing (and says so)."""
    database = owner_database(settings, admin_url)
    try:
        outcome = apply_rules(database)
        created = False
        if trust_name and is_empty(database):
            from cst_inclusion_desktop.services.records.trust import TrustService

            context = AppContext(database=database, settings=replace(settings))
            TrustService(context).create(trust_name)
            created = True
        return SetupResult(outcome.changed or created, outcome.revision, outcome.owner, created)
    finally:
        database.dispose()


def upgrade(settings: Settings, admin_url: str) -> SetupResult:
    """Migrate after an app update and re-apply the rules (a no-op when both are current)."""
    database = owner_database(settings, admin_url)
    try:
        outcome = apply_rules(database)
        return SetupResult(outcome.changed, outcome.revision, outcome.owner, False)
    finally:
        database.dispose()
