"""Laying out BoardReportData as an A4 PDF: ``write_board_report(data, out)``.

Only layout lives here; every number was decided by the service. The file is built under a
temporary name in the target folder and renamed into place at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from cst_inclusion_desktop import APP_NAME, __version__
from cst_inclusion_desktop.atomic_write import write_via_temporary
from cst_inclusion_desktop.domain.errors import CancelledError
from cst_inclusion_desktop.domain.report_model import BoardReportData
from cst_inclusion_desktop.reports import sections
from cst_inclusion_desktop.reports.fonts import REGULAR, register_fonts
from cst_inclusion_desktop.reports.styles import MUTED, RULE

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
MARGIN = 15 * mm


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path
    pages: int


def write_board_report(
    data: BoardReportData,
    out: Path,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    *,
    invariant: bool = False,
) -> ReportResult:
    """Write the report to ``out``; any previous file is replaced only once the new one is whole.

    ``invariant`` gives byte-identical output for identical data (fixed dates and ids inside the
    PDF), for golden tests.
    """
    register_fonts()
    pages: list[int] = []

    def build(path: Path) -> None:
        previous = rl_config.invariant
        rl_config.invariant = 1 if invariant else previous
        try:
            pages.append(_build(data, path, progress, cancelled))
        finally:
            rl_config.invariant = previous

    write_via_temporary(Path(out), build)
    return ReportResult(Path(out).expanduser(), pages[0])


def _build(
    data: BoardReportData, path: Path, progress: ProgressFn | None, cancelled: CancelledFn | None
) -> int:
    flowables = sections.all_sections(data)
    document = _Document(
        str(path),
        data,
        len(flowables),
        progress,
        cancelled,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=f"{data.title} — {data.trust_name}",
        author=data.trust_name,
        subject=f"{data.title}, {data.period.text}",
        creator=f"{APP_NAME} {__version__}",
        keywords=f"inclusion, SEND, board report, {data.framework_name}",
        lang="en-GB",
        initialFontName=REGULAR,
    )
    footer = f"{data.trust_name} · {data.title} · {data.period.text}"
    document.build(flowables, canvasmaker=_footer_canvas(footer))
    return document.page_count


class _Document(SimpleDocTemplate):
    """Reports progress per flowable, honours Cancel, and adds top-level headings as bookmarks."""

    def __init__(
        self,
        filename: str,
        data: BoardReportData,
        total: int,
        progress: ProgressFn | None,
        cancelled: CancelledFn | None,
        **options: Any,
    ) -> None:
        super().__init__(filename, **options)
        self._total, self._done = total, 0
        self._progress, self._cancelled = progress, cancelled
        self.page_count = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        self._done += 1
        if self._cancelled is not None and self._done % 20 == 0 and self._cancelled():
            raise CancelledError("report cancelled; no file was written")
        if self._progress is not None and self._done % 50 == 0:
            self._progress(min(self._done, self._total), self._total, "Laying out pages")
        if isinstance(flowable, Paragraph) and flowable.style.name == "Heading1":
            key = f"h{self._done}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)

    def handle_pageEnd(self) -> None:
        self.page_count += 1
        super().handle_pageEnd()


def _footer_canvas(footer: str) -> type[Canvas]:
    class FooterCanvas(Canvas):
        """Holds every page until the end so each footer can say "Page X of Y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = kwargs.get("initialFontName") or REGULAR
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab's page-count recipe

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            width, _ = self._pagesize  # type: ignore[attr-defined]
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
            self.setFillColor(MUTED)
            self.setFont(REGULAR, 7.5)
            self.drawString(MARGIN, 10 * mm, _fit(self, footer, width - 2 * MARGIN - 30 * mm))
            self.drawRightString(width - MARGIN, 10 * mm, f"Page {number} of {total}")
            self.restoreState()

    return FooterCanvas


def _fit(canvas: Canvas, text: str, width: float) -> str:
    while text and canvas.stringWidth(text, REGULAR, 7.5) > width:
        text = text[:-2] + "…"
    return text
