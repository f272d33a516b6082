"""Medians of repeated measurements, in milliseconds."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_ms(work: Callable[[], Any], runs: int, setup: Callable[[], Any] | None = None) -> float:
    """Run ``work`` ``runs`` times (``setup`` before each, untimed) and return the median, ms."""
    samples = []
    for _ in range(max(runs, 1)):
        if setup is not None:
            setup()
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 3)


def ratio(measured: float | None, floor: float | None) -> float | None:
    """How many times its floor a figure is (None when either side is missing)."""
    if measured is None or floor is None or floor <= 0:
        return None
    return round(measured / floor, 2)


def not_measured(figures: tuple[str, ...], reason: str) -> dict[str, Any]:
    """Null figures, each with the reason in ``_notes`` (a figure is never faked)."""
    return {**dict.fromkeys(figures), "_notes": dict.fromkeys(figures, reason)}
