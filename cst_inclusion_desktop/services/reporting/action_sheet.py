"""Gathers one action's record (fields, reviews, evidence) for its printed sheet."""

from __future__ import annotations

from datetime import UTC, datetime

from cst_inclusion_desktop.domain.action_sheet import ActionSheet
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.records.actions import ActionService
from cst_inclusion_desktop.services.records.evidence import EvidenceService
from cst_inclusion_desktop.services.records.reviews import ReviewService
from cst_inclusion_desktop.services.records.trust import TrustService


class ActionSheetService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def sheet(self, action_id: str) -> ActionSheet:
        """The live record of one action (archived evidence left out, as the app shows it)."""
        action = ActionService(self.context).get(action_id)
        reviews = sorted(
            ReviewService(self.context).list(action.id),
            key=lambda review: (review.date, review.created_at),
            reverse=True,
        )
        return ActionSheet(
            trust_name=TrustService(self.context).get().name,
            action=action,
            reviews=tuple(reviews),
            evidence=tuple(EvidenceService(self.context).list(action.id)),
            generated_by=self.context.settings.user_name or self.context.actor,
            generated_at=datetime.now(UTC),
        )
