"""Read and update the per-user TOML config file that ``config.load_settings`` reads.

The standard library reads TOML but does not write it, and this file only ever holds a few
flat settings, so it is written by hand: scalar keys first, then any tables. Keys this version
does not know are kept, so an older and a newer app can share one file. Writes are atomic.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from cst_inclusion_desktop import paths
from cst_inclusion_desktop.atomic_write import write_via_temporary
from cst_inclusion_desktop.domain.errors import ValidationError

SECTION = "cst-inclusion"  # config.py also accepts keys inside this table


def read_user_config(path: Path | None = None) -> dict[str, Any]:
    """The file's contents ({} when there is none); a damaged file is a clear error."""
    path = path or paths.user_config_file()
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValidationError("config", str(path), f"a readable TOML file ({error})") from error


def write_user_config(changes: dict[str, Any], path: Path | None = None) -> Path:
    """Set (or, with None, remove) keys and keep everything else in the file."""
    path = path or paths.user_config_file()
    data = read_user_config(path)
    section = data.get(SECTION)
    for key, value in changes.items():
        # A key inside [cst-inclusion] wins over the top level when read, so update it there.
        target = section if isinstance(section, dict) and key in section else data
        if value is None:
            target.pop(key, None)
        else:
            target[key] = _checked(key, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = dumps(data).encode("utf-8")
    write_via_temporary(path, lambda temporary: temporary.write_bytes(content))
    return path.expanduser()


def dumps(data: dict[str, Any]) -> str:
    lines = [
        f"{_key(key)} = {_value(value)}" for key, value in data.items() if not _is_table(value)
    ]
    for name, table in data.items():
        if _is_table(table):
            lines += ["", f"[{_key(name)}]"]
            lines += [f"{_key(key)} = {_value(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _checked(key: str, value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    raise ValidationError(key, value, "text or a number")


def _key(key: str) -> str:
    bare = key and all(char.isascii() and (char.isalnum() or char in "-_") for char in key)
    return key if bare else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):  # an inline table nested below a table: rare, kept as read
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return _string(value)
    return _string(str(value))  # dates and times read from the file: kept as text


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b"}


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
