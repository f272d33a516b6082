"""Use cases shared by the command line and the GUI. They return plain dataclasses.

Subpackages by capability: ``records`` (trust, framework, inspection criteria, schools,
actions, evidence, reviews), ``exchange`` (spreadsheets and school packs), ``reporting`` (board
report data, overview, inspection coverage and summary) and ``safety`` (audit, backup, restore,
recovery, check, self-test).
Services use store and domain, never Qt. Each service is imported when first used, so a command
loads only what it needs.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Generic, TypeVar, cast

if TYPE_CHECKING:
    from cst_inclusion_desktop.services.context import AppContext
    from cst_inclusion_desktop.services.exchange.keys.service import KeyService
    from cst_inclusion_desktop.services.exchange.packs.service import PackService
    from cst_inclusion_desktop.services.exchange.spreadsheets.exporter import SpreadsheetExporter
    from cst_inclusion_desktop.services.exchange.spreadsheets.importer import SpreadsheetImporter
    from cst_inclusion_desktop.services.records.actions import ActionService
    from cst_inclusion_desktop.services.records.criteria import CriteriaService
    from cst_inclusion_desktop.services.records.evidence import EvidenceService
    from cst_inclusion_desktop.services.records.identity import IdentityService
    from cst_inclusion_desktop.services.records.live import LiveService
    from cst_inclusion_desktop.services.records.reviews import ReviewService
    from cst_inclusion_desktop.services.records.schools import SchoolService
    from cst_inclusion_desktop.services.records.trust import TrustService
    from cst_inclusion_desktop.services.records.undo import UndoHistory
    from cst_inclusion_desktop.services.reporting.coverage import CoverageService
    from cst_inclusion_desktop.services.reporting.inspection import InspectionService
    from cst_inclusion_desktop.services.reporting.overview import OverviewService
    from cst_inclusion_desktop.services.reporting.report_data import ReportService
    from cst_inclusion_desktop.services.safety.check import CheckService


T = TypeVar("T")


class _OnFirstUse(Generic[T]):
    """A service made the first time it is asked for, from ``services.<module>.<name>``, given
    ``Services.<needs>`` (the context, or another service). Then kept in the instance."""

    def __init__(self, module: str, name: str, needs: str = "context") -> None:
        self._module, self._name, self._needs = module, name, needs
        self._attribute = ""

    def __set_name__(self, owner: type, attribute: str) -> None:
        self._attribute = attribute

    def __get__(self, services: Services, owner: type | None = None) -> T:
        module = importlib.import_module(f"cst_inclusion_desktop.services.{self._module}")
        made = getattr(module, self._name)(getattr(services, self._needs))
        services.__dict__[self._attribute] = made  # found there directly from now on
        return cast(T, made)


class Services:
    """Every service over one open database: ``services.actions.add(...)``."""

    trust: _OnFirstUse[TrustService] = _OnFirstUse("records.trust", "TrustService")
    schools: _OnFirstUse[SchoolService] = _OnFirstUse("records.schools", "SchoolService")
    actions: _OnFirstUse[ActionService] = _OnFirstUse("records.actions", "ActionService")
    evidence: _OnFirstUse[EvidenceService] = _OnFirstUse("records.evidence", "EvidenceService")
    reviews: _OnFirstUse[ReviewService] = _OnFirstUse("records.reviews", "ReviewService")
    live: _OnFirstUse[LiveService] = _OnFirstUse("records.live", "LiveService")
    identity: _OnFirstUse[IdentityService] = _OnFirstUse("records.identity", "IdentityService")
    criteria: _OnFirstUse[CriteriaService] = _OnFirstUse("records.criteria", "CriteriaService")
    check: _OnFirstUse[CheckService] = _OnFirstUse("safety.check", "CheckService")
    report: _OnFirstUse[ReportService] = _OnFirstUse("reporting.report_data", "ReportService")
    overview: _OnFirstUse[OverviewService] = _OnFirstUse("reporting.overview", "OverviewService")
    coverage: _OnFirstUse[CoverageService] = _OnFirstUse("reporting.coverage", "CoverageService")
    inspection: _OnFirstUse[InspectionService] = _OnFirstUse(
        "reporting.inspection", "InspectionService"
    )
    importer: _OnFirstUse[SpreadsheetImporter] = _OnFirstUse(
        "exchange.spreadsheets.importer", "SpreadsheetImporter"
    )
    exporter: _OnFirstUse[SpreadsheetExporter] = _OnFirstUse(
        "exchange.spreadsheets.exporter", "SpreadsheetExporter", needs="actions"
    )
    packs: _OnFirstUse[PackService] = _OnFirstUse("exchange.packs.service", "PackService")
    keys: _OnFirstUse[KeyService] = _OnFirstUse("exchange.keys.service", "KeyService")

    def __init__(self, context: AppContext) -> None:
        self.context = context

    @functools.cached_property
    def undo(self) -> UndoHistory:
        """This session's Undo/Redo history: the app makes its changes through it."""
        from cst_inclusion_desktop.services.records.undo import UndoHistory

        return UndoHistory(self)

    def close(self) -> None:
        self.context.close()
