"""Logging to a rotating file in the platform log directory, private to the user.

The log must never hold what users typed: SQLAlchemy errors quote a failed statement's
parameters (titles, descriptions, perhaps a pupil's name), so every record is passed through
``redact`` before it is written, whatever logger it came from. The engine also hides them
(``hide_parameters=True`` in store/database.py); this is the second line.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from io import TextIOWrapper
from pathlib import Path

from cst_inclusion_desktop import paths

LOG_FILE_NAME = "cst-inclusion.log"
PARAMETERS_HIDDEN = "[parameters hidden]"
# "[parameters: (...)]" up to the line SQLAlchemy puts after it (or the end of the text).
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\(Background on this error|$))", re.DOTALL)
# PostgreSQL's "DETAIL:  Key (urn)=(100001) already exists." quotes the row.
_DETAIL = re.compile(r"^DETAIL:.*$", re.MULTILINE)
_configured: Path | None = None


def redact(text: str) -> str:
    """``text`` without the SQL parameters (and row details) a database error carries."""
    return _DETAIL.sub("DETAIL: [hidden]", _PARAMETERS.sub(PARAMETERS_HIDDEN, text))


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes SQL parameters from the message and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created 0600 (and tightened to it if older)."""

    def _open(self) -> TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        descriptor = os.open(self.baseFilename, flags, paths.PRIVATE_FILE_MODE)
        if os.name != "nt":
            os.fchmod(descriptor, paths.PRIVATE_FILE_MODE)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


def log_file_path() -> Path:
    return paths.user_log_dir() / LOG_FILE_NAME


def configure_logging(level: str = "INFO", *, verbose: bool = False) -> Path:
    """Send log records to the rotating file (and to stderr when verbose); return its path."""
    global _configured
    path = log_file_path()
    root = logging.getLogger()
    if _configured != path:
        for handler in list(root.handlers):
            if getattr(handler, "_cst_inclusion", False):
                root.removeHandler(handler)
                handler.close()
        try:
            paths.make_private_folder(path.parent)
            file_handler: logging.Handler = PrivateRotatingFileHandler(
                path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError:
            file_handler = logging.NullHandler()
        file_handler.setFormatter(
            RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        file_handler._cst_inclusion = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
        _configured = path
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
        stream._cst_inclusion = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(logging.DEBUG if verbose else getattr(logging, level.upper(), logging.INFO))
    return path
