"""Use cases shared by the command line and the GUI. They return plain dataclasses."""

from __future__ import annotations

from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.exchange.packs import PackService
from cst_inclusion_desktop.services.exchange.spreadsheet_export import SpreadsheetExporter
from cst_inclusion_desktop.services.exchange.spreadsheet_import import SpreadsheetImporter
from cst_inclusion_desktop.services.records.actions import ActionService
from cst_inclusion_desktop.services.records.evidence import EvidenceService
from cst_inclusion_desktop.services.records.reviews import ReviewService
from cst_inclusion_desktop.services.records.schools import SchoolService
from cst_inclusion_desktop.services.records.trust import TrustService
from cst_inclusion_desktop.services.reporting.overview import OverviewService
from cst_inclusion_desktop.services.reporting.report_data import ReportService
from cst_inclusion_desktop.services.safety.check import CheckService


class Services:
    """Every service over one open database: ``services.actions.add(...)``."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.trust = TrustService(context)
        self.schools = SchoolService(context)
        self.actions = ActionService(context)
        self.evidence = EvidenceService(context)
        self.reviews = ReviewService(context)
        self.check = CheckService(context)
        self.report = ReportService(context)
        self.overview = OverviewService(context)
        self.importer = SpreadsheetImporter(context)
        self.exporter = SpreadsheetExporter(self.actions)
        self.packs = PackService(context)

    def close(self) -> None:
        self.context.close()
