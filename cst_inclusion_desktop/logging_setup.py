"""Logging to a rotating file in the platform log directory."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from cst_inclusion_desktop import paths

LOG_FILE_NAME = "cst-inclusion.log"
_configured: Path | None = None


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
            path.parent.mkdir(parents=True, exist_ok=True)
            file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError:
            file_handler = logging.NullHandler()
        file_handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        file_handler._cst_inclusion = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
        _configured = path
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream._cst_inclusion = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(logging.DEBUG if verbose else getattr(logging, level.upper(), logging.INFO))
    return path
