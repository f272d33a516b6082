"""What the GUI probes share: the window size they measure at, and the check that a measured
module exists (a figure is null with a reason rather than faked)."""

from __future__ import annotations

import importlib.util

WINDOW_SIZE = (1280, 800)  # a common laptop window: ~30 table rows visible


def module_missing(name: str) -> str | None:
    """None when ``cst_inclusion_desktop.<name>`` exists, else the reason a figure is null."""
    if importlib.util.find_spec(f"cst_inclusion_desktop.{name}") is None:
        return f"cst_inclusion_desktop/{name.replace('.', '/')}.py does not exist yet"
    return None
