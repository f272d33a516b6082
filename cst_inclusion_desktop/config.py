"""Settings and where they come from.

Precedence, later wins: built-in defaults < machine-wide file < per-user file < a file named
with ``--config`` < environment variables < command-line flags. Each option is declared once
below, with its file key, its environment variable and its help text.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from cst_inclusion_desktop import paths
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.terms import TERM_DATES_FIELD, TermCalendar, parse_term_dates


@dataclass(frozen=True, slots=True)
class Option:
    key: str
    env: str
    kind: type
    help: str


OPTIONS: tuple[Option, ...] = (
    Option("database", "CST_INCLUSION_DB", str, "Database file path (or a database URL)."),
    Option("trust_name", "CST_INCLUSION_TRUST_NAME", str, "Trust name used by `init`."),
    Option("user_name", "CST_INCLUSION_USER", str, "Name recorded in the audit log."),
    Option("backup_dir", "CST_INCLUSION_BACKUP_DIR", str, "Folder for automatic backups."),
    Option("backup_keep_daily", "CST_INCLUSION_BACKUP_KEEP_DAILY", int, "Daily backups kept."),
    Option("backup_keep_weekly", "CST_INCLUSION_BACKUP_KEEP_WEEKLY", int, "Weekly backups kept."),
    Option(
        "backup_keep_monthly", "CST_INCLUSION_BACKUP_KEEP_MONTHLY", int, "Monthly backups kept."
    ),
    Option(
        "evidence_limit_mb", "CST_INCLUSION_EVIDENCE_LIMIT_MB", int, "Largest evidence file, MB."
    ),
    Option("log_level", "CST_INCLUSION_LOG_LEVEL", str, "Log level: DEBUG, INFO, WARNING."),
    Option(
        "term_dates",
        "CST_INCLUSION_TERM_DATES",
        str,
        "The trust's own terms, 'START..END Name; ...' (default: English terms).",
    ),
)


@dataclass(frozen=True, slots=True)
class Settings:
    database: str = ""
    trust_name: str = ""
    user_name: str = ""
    backup_dir: str = ""
    backup_keep_daily: int = 7
    backup_keep_weekly: int = 4
    backup_keep_monthly: int = 12
    evidence_limit_mb: int = 50
    log_level: str = "INFO"
    term_dates: str = ""
    sources: tuple[str, ...] = field(default=(), compare=False)

    @property
    def database_path(self) -> Path:
        return Path(self.database).expanduser() if self.database else paths.default_database_path()

    @property
    def backup_path(self) -> Path:
        return Path(self.backup_dir).expanduser() if self.backup_dir else paths.default_backup_dir()

    @property
    def actor(self) -> str:
        """Who the audit log names: the configured user name, else the OS account."""
        if self.user_name:
            return self.user_name
        try:
            return getpass.getuser()
        except (OSError, KeyError):
            return "unknown"

    @property
    def terms(self) -> TermCalendar:
        """The trust's term calendar (checked when the settings were loaded)."""
        return parse_term_dates(self.term_dates)

    @property
    def evidence_limit_bytes(self) -> int:
        return self.evidence_limit_mb * 1024 * 1024


def load_settings(
    *,
    config_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Settings from every layer in precedence order; bad values name their source."""
    environ = dict(os.environ) if environ is None else environ
    settings = Settings()
    sources: list[str] = []
    layers = [paths.site_config_file(), paths.user_config_file()]
    if config_file is not None:
        if not config_file.is_file():
            raise ValidationError("--config", str(config_file), "an existing TOML config file")
        layers.append(config_file)
    for path in layers:
        if path.is_file():
            settings = _apply(settings, _read_toml(path), str(path))
            sources.append(str(path))
    env_values = {opt.key: environ[opt.env] for opt in OPTIONS if environ.get(opt.env)}
    if env_values:
        settings = _apply(settings, env_values, "environment")
        sources.append("environment")
    flag_values = {
        key: value for key, value in (overrides or {}).items() if value not in (None, "")
    }
    if flag_values:
        settings = _apply(settings, flag_values, "command line")
        sources.append("command line")
    return replace(settings, sources=tuple(sources))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValidationError("config", str(path), f"a readable TOML file ({error})") from error
    # Accept keys at the top level or inside a [cst-inclusion] table.
    section = data.get("cst-inclusion")
    return {**data, **section} if isinstance(section, dict) else data


def _apply(settings: Settings, values: dict[str, Any], source: str) -> Settings:
    known = {opt.key: opt for opt in OPTIONS}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        option = known.get(key)
        if option is None:
            continue  # unknown keys are ignored so older apps can read newer files
        changes[key] = _coerce(option, value, source)
    return replace(settings, **changes)


def _coerce(option: Option, value: Any, source: str) -> Any:
    if option.kind is int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if number < 0:
            raise ValidationError(option.key, value, f"a whole number (in {source})")
        return number
    if option.key == TERM_DATES_FIELD:
        try:
            parse_term_dates(str(value))
        except ValidationError as error:
            raise ValidationError(
                error.field, error.value, f"{error.expected} (in {source})"
            ) from error
    return str(value)


def option_keys() -> list[str]:
    return [item.name for item in fields(Settings) if item.name != "sources"]
