"""Writing an output file to a temporary file beside the target and renaming it into place.

A failed or cancelled write therefore leaves any previous file exactly as it was, and never a
half-written file under the real name. It lives outside the layers because both ``services/``
(exports, extracted evidence, packs, backups) and ``reports/`` (the PDF) need it.

Every path a user names for output goes through ``check_output_path``: only a regular file or a
new name is written. A FIFO, device, socket, folder or symbolic link is refused, because
renaming over it would replace the device or link with a plain file (and opening a FIFO for
writing would block). The target is examined with ``lstat``, so a link is never followed; its
*folder* may be reached through a symbolic link, as long as that resolves to a real folder
(``/tmp`` on macOS, a Documents folder moved to another disk) — the file itself is then created
inside that folder, never somewhere a link in the final name points to.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from cst_inclusion_desktop.domain.errors import ValidationError

T = TypeVar("T")
FIELD = "out"
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_output_path(target: Path) -> Path:
    """``target`` (with ``~`` expanded) if it is a regular file or does not exist yet.

    Anything else is a ValidationError naming the path and what it is; nothing is opened.
    """
    target = target.expanduser()
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return target
    except NotADirectoryError as error:  # a file where a folder of the path should be
        raise _refusal(target, "a file in an existing folder") from error
    except OSError as error:
        raise _refusal(target, f"a path that can be examined ({error.strerror})") from error
    if stat.S_ISREG(mode):
        return target
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    raise _refusal(target, f"a regular file or a new file name, not {kind}; nothing was written")


def write_via_temporary(target: Path, writer: Callable[[Path], T]) -> T:
    """Let ``writer`` fill a private temporary file beside ``target``, then rename it over
    ``target``; the temporary file is removed whatever happens."""
    target = check_output_path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():  # follows links: a linked folder is fine if it is a real folder
        raise _refusal(target, "a file in an existing folder")
    try:
        # mkstemp creates the file with mode 0600 and O_EXCL, so it is private to the user and
        # never an existing file or link.
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise _refusal(target, f"a writable folder ({error.strerror})") from error
    os.close(handle)
    temporary = Path(name)
    try:
        result = writer(temporary)
        check_output_path(target)  # again: the writer may have taken minutes
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return result


def _refusal(target: Path, expected: str) -> ValidationError:
    """The whole path leads the message: a long path shortened as a value would lose its name."""
    return ValidationError(FIELD, target.name, expected, where=str(target))
