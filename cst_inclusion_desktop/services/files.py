"""Reading input files and writing output files safely.

Output is written to a temporary file beside the target and renamed into place, so a failure
leaves any previous file untouched; only a regular file or a new name is ever written
(``atomic_write.check_output_path``, re-exported here for services that write by other means).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cst_inclusion_desktop.atomic_write import check_output_path, write_via_temporary
from cst_inclusion_desktop.domain.errors import ValidationError

__all__ = ["check_output_path", "read_input_file", "read_text_file", "write_atomically"]


def read_input_file(path: Path, what: str, *, limit: int | None = None) -> bytes:
    """The bytes of a file the user named, or a clear error saying what was wrong with it."""
    if not path.exists():
        raise ValidationError(what, str(path), "an existing file")
    if not path.is_file():
        raise ValidationError(what, str(path), "a file (this is a folder or a device)")
    try:
        size = path.stat().st_size
        if limit is not None and size > limit:
            raise ValidationError(
                what,
                str(path),
                f"a file of at most {_mb(limit):.0f} MB (it is {_mb(size):.1f} MB)",
            )
        data = path.read_bytes()
    except OSError as error:
        raise ValidationError(what, str(path), f"a readable file ({error.strerror})") from error
    if limit is not None and len(data) > limit:
        raise ValidationError(what, str(path), f"a file of at most {limit:,} bytes")
    return data


def read_text_file(path: Path, what: str) -> str:
    data = read_input_file(path, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(what, str(path), "a UTF-8 text file") from error


def write_atomically(
    target: Path, data: bytes | None = None, *, writer: Callable[[Path], None] | None = None
) -> Path:
    """Write ``data`` (or let ``writer`` fill a temporary path) and rename it onto ``target``."""

    def fill(temporary: Path) -> None:
        if data is not None:
            temporary.write_bytes(data)
        if writer is not None:
            writer(temporary)

    write_via_temporary(target, fill)
    return target.expanduser()


def _mb(size: int) -> float:
    return size / 1024 / 1024
