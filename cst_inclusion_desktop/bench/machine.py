"""What the benchmark ran on, so figures from different machines are never compared blind."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from typing import Any


def describe_machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or _cpu_model(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
    }
    if hasattr(os, "getloadavg"):
        # Other work on the machine shows up in every figure: say how busy it was.
        info["load_average_1m_at_start"] = round(os.getloadavg()[0], 2)
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        info["pyside6"] = PySide6.__version__
        info["qt"] = qVersion()
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        info["pyside6"] = info["qt"] = None
    import reportlab
    import sqlalchemy

    info["sqlalchemy"] = sqlalchemy.__version__
    info["reportlab"] = reportlab.Version
    return info


def _cpu_model() -> str:
    """Linux leaves platform.processor() empty; /proc/cpuinfo names the CPU."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""
