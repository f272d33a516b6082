"""Run the real app and report the first paint of its main window, for the cold-start figure.

``python -m cst_inclusion_desktop.bench.paint_hook [app arguments]`` subscribes to the app's
``ui.app.window_shown_hooks`` and then runs the ordinary command line. The first paint event
prints one JSON line (wall-clock time, peak RSS) to stdout and quits the app, so the benchmark
measures a real cold start: process launch to pixels. The app never imports the benchmark.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from cst_inclusion_desktop.ui.widgets.first_paint import after_first_paint

MARKER = "CST_BENCH_PAINTED"


def peak_rss_mb() -> float | None:
    """This process's peak resident memory in MB (None where the OS does not say).

    Linux: VmHWM from /proc, because getrusage's ru_maxrss survives exec and so reports the
    launching process's size when that was larger (the benchmark's own process often is).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)  # macOS: bytes


def _report_and_quit() -> None:
    line = {"painted_at": time.time(), "peak_rss_mb": peak_rss_mb()}
    print(f"{MARKER} {json.dumps(line)}", flush=True)
    QApplication.quit()


def watch_first_paint(window: QWidget) -> None:
    # Queued, so the report runs once the whole first paint pass has been drawn.
    after_first_paint(window, lambda: QTimer.singleShot(0, _report_and_quit))


def main(argv: list[str]) -> int:
    from cst_inclusion_desktop import cli
    from cst_inclusion_desktop.ui import app

    app.window_shown_hooks.append(watch_first_paint)
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
