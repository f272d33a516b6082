"""The reporting service the app and the command line call: ``services.report``.

It hands out the board paper and its annex (``paper_service``), each assembled from one
read-only snapshot with every figure as it stood at the period's end.
"""

from __future__ import annotations

from cst_inclusion_desktop.domain.board_paper import Annex, BoardPaper, BoardPaperRequest
from cst_inclusion_desktop.services.context import AppContext, CancelCheck, ProgressCallback
from cst_inclusion_desktop.services.reporting.paper_service import PaperService, Periods

__all__ = ["ReportService"]


class ReportService:
    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.paper = PaperService(context)

    def periods(self, request: BoardPaperRequest) -> Periods:
        """The period, the compared period and the trend's terms a request means today."""
        return self.paper.periods(request)

    def board_paper(
        self,
        request: BoardPaperRequest,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> BoardPaper:
        """The board paper: every figure as it stood at the period's end."""
        return self.paper.board_paper(request, progress, cancelled)

    def annex(
        self,
        request: BoardPaperRequest,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Annex:
        """The annex: the detail behind the board paper."""
        return self.paper.annex(request, progress, cancelled)
