"""The status and RAG sort orders as SQL text, so the query and its index hold one expression.

The actions table sorts statuses in the order users know (planned, in progress, completed, on
hold, cancelled) and RAG red, amber, green, then not yet rated: a CASE, not the stored text.
SQLite serves an ORDER BY on an expression only from an index on the same expression with the
same literal values (a bound parameter never matches), so the CASE is written out here once and
used by both ``models`` (``ix_action_status_rank``, ``ix_action_rag_rank``, migration 0015) and
``queries``. Plain SQL: a server database reads it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from cst_inclusion_desktop.domain.enums import Rag, Status

STATUS_RANKS: Mapping[str, int] = {status.token: rank for rank, status in enumerate(Status)}
RAG_RANKS: Mapping[str, int] = {rag.token: rank for rank, rag in enumerate(Rag)}
NOT_RATED_RANK = len(RAG_RANKS)
"""Not yet rated (a NULL RAG) sorts after green."""


def rank_sql(column: str, ranks: Mapping[str, int], otherwise: int | None = None) -> str:
    """``(CASE column WHEN 'token' THEN rank … [ELSE otherwise] END)``, literals only."""
    whens = " ".join(f"WHEN '{token}' THEN {rank}" for token, rank in ranks.items())
    tail = f" ELSE {otherwise}" if otherwise is not None else ""
    return f"(CASE {column} {whens}{tail} END)"


def status_rank(column: str = "status") -> str:
    return rank_sql(column, STATUS_RANKS)


def rag_rank(column: str = "rag") -> str:
    return rank_sql(column, RAG_RANKS, NOT_RATED_RANK)
