"""The PDF machinery the board paper and the annex share.

An A4 document whose headings become working bookmarks, whose footer says "Page X of Y" and
carries the whole period (wrapped, never cut), whose continuation pages repeat the heading of
the section they continue, and which is written to a temporary file and renamed into place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus.doctemplate import ActionFlowable

from cst_inclusion_desktop import APP_NAME, __version__
from cst_inclusion_desktop.atomic_write import write_via_temporary
from cst_inclusion_desktop.domain.errors import CancelledError
from cst_inclusion_desktop.reports.fonts import BOLD, REGULAR, register_fonts
from cst_inclusion_desktop.reports.styles import INK, MUTED, RULE

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
MARGIN = 15 * mm
FOOTER_SIZE = 8
FOOTER_LEADING = 10
FOOTER_LINES = 3
CONTENTS_SIZE = 10
PAGE_NUMBER_WIDTH = 30 * mm
BOOKMARK_LEVELS = {"Heading1": 0, "Heading2": 1}
"""Paragraph style names that become bookmarks, and their outline depth."""


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path
    pages: int


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """What the document says about itself: metadata, and the lines of its footer."""

    title: str
    author: str
    subject: str
    keywords: str
    footer: tuple[str, ...]


class RunningHead(Flowable):
    """Invisible marker: pages that start after it, until the next one, carry ``text`` at the
    top, so a school's pages that run on still say whose they are."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


Story = Callable[[], Sequence[Flowable]]
"""Makes the flowables (layout consumes them, so each build asks for new ones)."""


@dataclass(frozen=True, slots=True)
class Layout:
    pages: int
    headings: dict[str, int]
    """The page (1-based) of each top-level heading."""


def write_pdf(
    story: Story,
    info: PdfInfo,
    out: Path,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    *,
    invariant: bool = False,
) -> ReportResult:
    """Lay out the story into ``out``; any previous file is replaced only once the new one is
    whole. ``invariant`` gives byte-identical output for identical input (golden tests)."""
    register_fonts()
    pages: list[int] = []

    def build(path: Path) -> None:
        previous = rl_config.invariant
        rl_config.invariant = 1 if invariant else previous
        try:
            pages.append(build_pdf(list(story()), info, path, progress, cancelled).pages)
        finally:
            rl_config.invariant = previous

    write_via_temporary(Path(out), build)
    return ReportResult(Path(out).expanduser(), pages[0])


def build_pdf(
    flowables: list[Flowable],
    info: PdfInfo,
    target: Path | BinaryIO,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> Layout:
    """Lay out ``flowables`` straight into ``target``."""
    document = _Document(
        str(target) if isinstance(target, Path) else target,
        len(flowables),
        progress,
        cancelled,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_LINES * FOOTER_LEADING,
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator=f"{APP_NAME} {__version__}",
        keywords=info.keywords,
        lang="en-GB",
        initialFontName=REGULAR,
    )
    document.build(flowables, canvasmaker=_footer_canvas(info.footer, document.headings))
    return Layout(document.page_count, document.headings)


class _Document(SimpleDocTemplate):
    """Reports progress per flowable, honours Cancel, turns headings into bookmarks and draws
    the running head on continuation pages."""

    def __init__(
        self,
        filename: str | BinaryIO,
        total: int,
        progress: ProgressFn | None,
        cancelled: CancelledFn | None,
        **options: Any,
    ) -> None:
        super().__init__(filename, **options)
        self._total, self._done = total, 0
        self._progress, self._cancelled = progress, cancelled
        self._head = ""
        self._page_head = ""
        self._page_fresh = True
        self._head_opens_next_page = False
        self._outline_depth = -1
        self.page_count = 0
        self.headings: dict[str, int] = {}

    def handle_pageBegin(self) -> None:
        super().handle_pageBegin()
        self._page_head, self._page_fresh = self._head, True
        if self._head_opens_next_page:  # the section it names starts at this page's top
            self._page_head, self._head_opens_next_page = "", False

    def afterFlowable(self, flowable: Flowable) -> None:
        self._done += 1
        if self._cancelled is not None and self._done % 20 == 0 and self._cancelled():
            raise CancelledError("report cancelled; no file was written")
        if self._progress is not None and self._done % 50 == 0:
            self._progress(min(self._done, self._total), self._total, "Laying out pages")
        if isinstance(flowable, RunningHead):
            self._head = flowable.text
            if self._page_fresh:  # a new section starts this page: it is no continuation
                self._page_head = ""
            elif self._room() < 1:  # after a page break, which only used up this page's space
                self._head_opens_next_page = True
            return
        if not isinstance(flowable, (ActionFlowable, CondPageBreak, PageBreak, Spacer)):
            self._page_fresh = False
        if isinstance(flowable, Paragraph) and flowable.style.name in BOOKMARK_LEVELS:
            self._bookmark(flowable.getPlainText(), BOOKMARK_LEVELS[flowable.style.name])

    def _room(self) -> float:
        frame = vars(self.frame)
        return float(frame.get("_y", 0)) - float(frame.get("_y1p", 0))

    def _bookmark(self, title: str, level: int) -> None:
        # An outline may only go one level deeper than the entry before it.
        level = min(level, self._outline_depth + 1)
        self._outline_depth = level
        key = f"h{self._done}"
        # Open at the heading itself: the frame's cursor is just below it now.
        top = float(vars(self.frame).get("_y", self.pagesize[1])) + 30
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top, zoom=0)
        self.canv.addOutlineEntry(title, key, level=level)
        if level == 0:
            self.headings.setdefault(title, self.page_count + 1)

    def handle_pageEnd(self) -> None:
        self.page_count += 1
        if self._page_head:
            self._draw_running_head(self._page_head)
        super().handle_pageEnd()

    def _draw_running_head(self, text: str) -> None:
        canvas = self.canv
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(BOLD, FOOTER_SIZE + 1)
        line = f"{text} (continued)"
        lines = simpleSplit(line, BOLD, FOOTER_SIZE + 1, width - 2 * MARGIN)
        canvas.drawString(MARGIN, height - MARGIN + 4 * mm, lines[0])
        canvas.restoreState()


class HeadingPage(Flowable):
    """The page number of a top-level heading further on, for the contents list: drawn as a
    form that is filled in once the whole document is laid out (one pass, no second build)."""

    def __init__(self, heading: str) -> None:
        super().__init__()
        self.heading = heading

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, CONTENTS_SIZE * 1.2

    def draw(self) -> None:
        canvas = self.canv
        forms = vars(canvas).get("contents_forms")
        if forms is None:
            return
        name = forms.setdefault(self.heading, f"contents{len(forms)}")
        canvas.saveState()
        canvas.translate(self.width, 2)
        canvas.doForm(name)
        canvas.restoreState()


def _footer_canvas(footer: tuple[str, ...], headings: Mapping[str, int]) -> type[Canvas]:
    class FooterCanvas(Canvas):
        """Holds every page until the end so each footer can say "Page X of Y" and the contents
        can give each heading's page."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = kwargs.get("initialFontName") or REGULAR
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.contents_forms: dict[str, str] = {}

        def bookmarkPage(self, key: Any, *args: Any, **options: Any) -> Any:
            # Pages are only handed to the PDF at save(), so the document's page counter stands
            # still meanwhile; point the bookmark at the page it will really become.
            pdf = vars(self)["_doc"]
            counter = pdf.pageCounter
            pdf.pageCounter = len(self._pages) + 1
            try:
                return super().bookmarkPage(key, *args, **options)
            finally:
                pdf.pageCounter = counter

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            for heading, name in self.contents_forms.items():
                self.beginForm(name, -120, -15, 15, 30)
                self.setFont(REGULAR, CONTENTS_SIZE)
                self.setFillColor(INK)
                self.drawRightString(0, 0, str(headings.get(heading, "")))
                self.endForm()
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            width, _ = vars(self)["_pagesize"]
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            top = MARGIN + FOOTER_LINES * FOOTER_LEADING - 2 * mm
            self.line(MARGIN, top, width - MARGIN, top)
            self.setFillColor(MUTED)
            self.setFont(REGULAR, FOOTER_SIZE)
            text_width = width - 2 * MARGIN - PAGE_NUMBER_WIDTH
            lines = footer_lines(footer, text_width)
            for index, line in enumerate(lines):
                self.drawString(MARGIN, top - (index + 1) * FOOTER_LEADING, line)
            self.drawRightString(width - MARGIN, top - FOOTER_LEADING, f"Page {number} of {total}")
            self.restoreState()

    return FooterCanvas


def footer_lines(parts: Sequence[str], width: float) -> list[str]:
    """The footer's parts, each wrapped at spaces to ``width`` (never cut); parts that fit
    share a line. The bottom margin leaves room for FOOTER_LINES of them."""
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and _width(joined) <= width:
            lines[-1] = joined
        else:
            lines += simpleSplit(part, REGULAR, FOOTER_SIZE, width)
    return lines


def _width(text: str) -> float:
    return float(stringWidth(text, REGULAR, FOOTER_SIZE))
