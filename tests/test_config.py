"""Configuration precedence, which the installer and IT rely on: built-in defaults < machine-wide
file < per-user file < ``--config`` file < environment < command-line flags."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest

from cst_inclusion_desktop import paths
from cst_inclusion_desktop.config import OPTIONS, Settings, load_settings, option_keys
from cst_inclusion_desktop.domain.errors import ValidationError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site_file() -> Path:
    return paths.site_config_file()


@pytest.fixture
def user_file() -> Path:
    return paths.user_config_file()


def test_defaults_apply_when_nothing_is_configured() -> None:
    settings = load_settings(environ={})
    assert settings == Settings()
    assert settings.sources == ()
    assert settings.database_path == paths.default_database_path()
    assert settings.backup_path == paths.default_backup_dir()


def test_every_option_is_a_settings_field() -> None:
    assert sorted(option.key for option in OPTIONS) == sorted(option_keys())


def test_each_layer_overrides_the_one_before(
    tmp_path: Path, site_file: Path, user_file: Path
) -> None:
    keys = ("trust_name", "backup_dir", "user_name", "log_level", "database")
    write(site_file, "\n".join(f'{key} = "site"' for key in keys))
    write(user_file, "\n".join(f'{key} = "user"' for key in keys[1:]))
    extra = write(tmp_path / "extra.toml", "\n".join(f'{key} = "extra"' for key in keys[2:]))
    environ = {"CST_INCLUSION_LOG_LEVEL": "env", "CST_INCLUSION_DB": "env"}

    settings = load_settings(config_file=extra, environ=environ, overrides={"database": "flag"})

    assert (
        settings.trust_name,
        settings.backup_dir,
        settings.user_name,
        settings.log_level,
        settings.database,
    ) == ("site", "user", "extra", "env", "flag")
    assert settings.sources == (
        str(site_file),
        str(user_file),
        str(extra),
        "environment",
        "command line",
    )


def test_empty_flags_and_environment_values_do_not_override(site_file: Path) -> None:
    write(site_file, 'database = "from-site.db"\n')
    settings = load_settings(environ={"CST_INCLUSION_DB": ""}, overrides={"database": None})
    assert settings.database == "from-site.db"
    assert settings.sources == (str(site_file),)


def test_the_file_the_msi_writes_is_read_as_written(site_file: Path) -> None:
    """WiX IniFile output: a [cst-inclusion] section, key='value', CRLF, no spaces."""
    site_file.parent.mkdir(parents=True, exist_ok=True)
    site_file.write_bytes(
        b"[cst-inclusion]\r\n"
        b"database='\\\\server\\share\\CST\\inclusion.db'\r\n"
        b"trust_name='Oak Learning Trust'\r\n"
        b"backup_dir='D:\\CST Backups\\daily'\r\n"
    )
    settings = load_settings(environ={})
    assert settings.database == r"\\server\share\CST\inclusion.db"
    assert settings.trust_name == "Oak Learning Trust"
    assert settings.backup_dir == r"D:\CST Backups\daily"
    assert settings.backup_path == Path(r"D:\CST Backups\daily")


def test_table_form_wins_over_top_level_keys_in_the_same_file(user_file: Path) -> None:
    write(user_file, 'trust_name = "top"\nlog_level = "DEBUG"\n[cst-inclusion]\ntrust_name = "t"\n')
    settings = load_settings(environ={})
    assert (settings.trust_name, settings.log_level) == ("t", "DEBUG")


def test_unknown_keys_are_ignored(user_file: Path) -> None:
    write(user_file, 'colour = "teal"\ntrust_name = "Oak"\n[cst-inclusion]\nfuture_key = 3\n')
    assert load_settings(environ={}).trust_name == "Oak"


def test_whole_numbers_from_files_and_environment(user_file: Path) -> None:
    write(user_file, "backup_keep_daily = 3\n")
    settings = load_settings(environ={"CST_INCLUSION_BACKUP_KEEP_WEEKLY": "9"})
    assert (settings.backup_keep_daily, settings.backup_keep_weekly) == (3, 9)


def test_a_bad_value_in_the_machine_file_names_the_file(site_file: Path) -> None:
    write(site_file, '[cst-inclusion]\nbackup_keep_daily = "lots"\n')
    with pytest.raises(ValidationError) as caught:
        load_settings(environ={})
    assert caught.value.field == "backup_keep_daily"
    assert "lots" in str(caught.value)
    assert str(site_file) in str(caught.value)


def test_a_bad_value_in_the_environment_says_environment() -> None:
    with pytest.raises(ValidationError, match=r"evidence_limit_mb.*-4.*in environment"):
        load_settings(environ={"CST_INCLUSION_EVIDENCE_LIMIT_MB": "-4"})


def test_a_bad_flag_value_says_command_line() -> None:
    with pytest.raises(ValidationError, match="in command line"):
        load_settings(environ={}, overrides={"backup_keep_monthly": "x"})


def test_a_broken_toml_file_is_named(user_file: Path) -> None:
    write(user_file, "trust_name = 'unterminated\n")
    with pytest.raises(ValidationError) as caught:
        load_settings(environ={})
    assert caught.value.value == str(user_file)
    assert "TOML" in str(caught.value)


def test_a_missing_config_file_named_on_the_command_line_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="--config"):
        load_settings(config_file=tmp_path / "nope.toml", environ={})


def test_site_config_dir_override_for_it_testing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CST_INCLUSION_SITE_CONFIG_DIR", str(tmp_path / "etc"))
    write(tmp_path / "etc" / "config.toml", "trust_name = 'Pinned'\n")
    assert load_settings(environ={}).trust_name == "Pinned"


def test_windows_machine_config_is_programdata_cst_inclusion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The MSI writes %PROGRAMDATA%\\cst-inclusion\\config.toml: paths.py must read there."""
    monkeypatch.delenv("CST_INCLUSION_HOME")
    monkeypatch.setattr(
        platformdirs.windows,
        "get_win_folder",
        lambda name: {"CSIDL_COMMON_APPDATA": r"C:\ProgramData"}[name],
    )

    def windows_site_config_dir(appname: str, appauthor: str | bool | None = None) -> str:
        return platformdirs.windows.Windows(appname, appauthor).site_config_dir

    monkeypatch.setattr(platformdirs, "site_config_dir", windows_site_config_dir)
    assert PureWindowsPath(str(paths.site_config_file())) == PureWindowsPath(
        r"C:\ProgramData\cst-inclusion\config.toml"
    )
