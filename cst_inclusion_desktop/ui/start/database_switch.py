"""Opening and creating trust databases for File ▸ New/Open database and at start-up.

No widgets here: the window asks the questions, these functions open the file and say clearly
why they cannot.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cst_inclusion_desktop.config import Settings
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.validation import clean_name
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context

DATABASE_FILTER = "Inclusion databases (*.db *.sqlite *.sqlite3);;All files (*)"


def settings_for(settings: Settings, path: str | Path) -> Settings:
    return replace(settings, database=str(path))


def open_services(
    settings: Settings, *, daily_backup: bool = True, password: str | None = None
) -> Services:
    """Open an existing, set-up database (refuses a file that holds no trust).

    ``daily_backup=False``: the caller makes the day's backup itself, in the background.
    """
    services = Services(
        open_context(settings, create=False, daily_backup=daily_backup, password=password)
    )
    try:
        if not services.trust.is_initialised():
            raise ValidationError(
                "database",
                str(settings.database_path),
                "a database set up with a trust (use File ▸ New database… for a new one)",
            )
    except Exception:
        services.close()
        raise
    return services


def create_services(settings: Settings, trust_name: str) -> Services:
    """Make a new database holding one trust and the default framework."""
    path = settings.database_path
    if path.exists():
        raise ValidationError("database", str(path), "a new file name (this file already exists)")
    clean_name(trust_name, "trust_name")  # before the file exists, so a bad name leaves none
    services = Services(open_context(settings, create=True))
    try:
        services.trust.create(trust_name)
    except Exception:
        services.close()
        path.unlink(missing_ok=True)
        raise
    return services
