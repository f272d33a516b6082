"""Writing an output file to a temporary file beside the target and renaming it into place.

A failed or cancelled write therefore leaves any previous file exactly as it was, and never a
half-written file under the real name. It lives outside the layers because both ``services/``
(exports, extracted evidence, packs) and ``reports/`` (the PDF) need it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from cst_inclusion_desktop.domain.errors import ValidationError

T = TypeVar("T")


def write_via_temporary(target: Path, writer: Callable[[Path], T]) -> T:
    """Let ``writer`` fill a temporary file beside ``target``, then rename it over ``target``."""
    target = target.expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError("out", str(target), "a file in an existing folder")
    if target.is_dir():
        raise ValidationError("out", str(target), "a file name, not a folder")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise ValidationError(
            "out", str(target), f"a writable folder ({error.strerror})"
        ) from error
    os.close(handle)
    temporary = Path(name)
    try:
        result = writer(temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return result
