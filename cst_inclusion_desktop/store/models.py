"""SQLAlchemy tables. Names are plain nouns (``Action``), never ``*Model`` (that is Qt's word)."""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cst_inclusion_desktop.store.sort_order import rag_rank, status_rank

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC, so every dialect round-trips the same instant."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Tracked:
    """Who created and last changed a row, and a revision counter used when packs merge."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)


class Versioned:
    """A row two people may edit at once: each saved change raises ``version`` by one, and a
    save is refused when the row is no longer at the version the person read (migration 0011;
    services/records/rows.py does the guarded update)."""

    version: Mapped[int] = mapped_column(
        Integer, nullable=False, default=1, server_default=text("1")
    )


class Setting(Base):
    """Small key/value facts about the database itself (audit chain head, etc.)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Trust(Base, Tracked):
    __tablename__ = "trust"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class Framework(Base, Tracked):
    __tablename__ = "framework"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Principle(Base, Tracked, Versioned):
    __tablename__ = "principle"
    __table_args__ = (UniqueConstraint("framework_id", "number"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    framework_id: Mapped[str] = mapped_column(ForeignKey("framework.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")


class School(Base, Tracked, Versioned):
    __tablename__ = "school"
    # Unique (the id is): the actions sorted by school come school by school in this order.
    __table_args__ = (Index("ix_school_name_order", "name", "id", unique=True),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    urn: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(30), default="other")
    senco: Mapped[str] = mapped_column(String(200), default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


_NO_DUE_DATE = text("(due_date IS NULL)")  # parenthesised: PostgreSQL needs it


class Action(Base, Tracked, Versioned):
    __tablename__ = "action"
    # The list's default order is (due_date IS NULL, due_date, id): NULL dates last, id breaking
    # ties. Indexes that end in exactly those terms give the first page without a sort
    # (migration 0003; the benchmark in docs/benchmark.md shows why each one is here).
    __table_args__ = (
        Index("ix_action_live_order", "archived", _NO_DUE_DATE, "due_date", "id"),
        Index("ix_action_school_order", "school_id", "archived", _NO_DUE_DATE, "due_date", "id"),
        Index(
            "ix_action_principle_order", "principle_id", "archived", _NO_DUE_DATE, "due_date", "id"
        ),
        # Overdue (due_date < today, open status): this gives the page in order; ix_action_status
        # (status first) counts it.
        Index("ix_action_due_status", "archived", "due_date", "id", "status"),
        # One status gives its first page in order; counts use the leading columns (0006).
        Index("ix_action_status", "status", "archived", _NO_DUE_DATE, "due_date", "id"),
        Index("ix_action_rag", "rag", "archived"),
        # Sorted by title or owner, any page is read by key from these (keyset paging, 0012).
        Index("ix_action_title_order", "archived", "title", "id"),
        Index("ix_action_owner_order", "archived", "owner", "id"),
        # Sorted by status, RAG or school, likewise (0015): the sort's CASE is the index's own
        # expression (store/sort_order.py); by school, schools in name order, then each one's.
        Index("ix_action_status_rank", "archived", text(status_rank()), "id"),
        Index("ix_action_rag_rank", "archived", text(rag_rank()), "id"),
        Index("ix_action_school_id_order", "school_id", "archived", "id"),
        # Every column the board paper reads, so its read of 100,000 actions never touches the
        # wide rows (migration 0005).
        Index(
            "ix_action_report",
            "archived",
            "school_id",
            "principle_id",
            "status",
            "rag",
            "rag_overridden",
            "start_date",
            "created_at",
            "due_date",
            "completed_date",
            "area_of_need",
            "id",
            "last_review_date",  # the overview's "not yet rated" count too (migration 0006)
        ),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))
    principle_id: Mapped[str] = mapped_column(ForeignKey("principle.id"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="planned")
    rag: Mapped[str | None] = mapped_column(String(10), nullable=True)  # NULL: not yet rated
    rag_overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    completed_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    area_of_need: Mapped[str | None] = mapped_column(String(40), nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # Kept up to date by the services so that lists sort and filter without joins.
    evidence_count: Mapped[int] = mapped_column(Integer, default=0)
    last_review_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class Blob(Base):
    """Evidence file bytes, stored once per distinct content (keyed by SHA-256)."""

    __tablename__ = "blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Evidence(Base, Tracked, Versioned):
    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_action", "action_id", "archived"),
        # date: the board report counts evidence by day from the index alone (migration 0003).
        Index("ix_evidence_school_principle", "school_id", "principle_id", "archived", "date"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))
    principle_id: Mapped[str] = mapped_column(ForeignKey("principle.id"))
    action_id: Mapped[str | None] = mapped_column(ForeignKey("action.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="document")
    title: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[dt.date] = mapped_column(Date)
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blob.sha256"), nullable=True)
    file_name: Mapped[str | None] = mapped_column(String(260), nullable=True)
    file_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class Review(Base, Tracked, Versioned):
    __tablename__ = "review"
    # rag: the board paper reads every review's day and RAG from the index alone (migration 0005).
    __table_args__ = (Index("ix_review_action_day_rag", "action_id", "date", "rag"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    action_id: Mapped[str] = mapped_column(ForeignKey("action.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    rag: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    next_review_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reviewer: Mapped[str] = mapped_column(String(200), default="")


class InspectionCriterion(Base):
    """One inspection criterion (Ofsted's inclusion criteria in the app's words; migration 0008).

    Retired criteria stay, so old records keep them; they cannot be newly added to a record.
    """

    __tablename__ = "inspection_criterion"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer)
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class CriteriaToolkit(Base):
    """The one row naming the inspection toolkit the criteria follow; ``version`` goes up by one
    on every audited change to the list."""

    __tablename__ = "criteria_toolkit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(200))
    published: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ActionCriterion(Base):
    __tablename__ = "action_criterion"
    # The coverage view counts by criterion, then reads the actions (migration 0008).
    __table_args__ = (Index("ix_action_criterion_coverage", "criterion_id", "action_id"),)
    action_id: Mapped[str] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[str] = mapped_column(
        ForeignKey("inspection_criterion.id"), primary_key=True
    )


class EvidenceCriterion(Base):
    __tablename__ = "evidence_criterion"
    __table_args__ = (Index("ix_evidence_criterion_coverage", "criterion_id", "evidence_id"),)
    evidence_id: Mapped[str] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[str] = mapped_column(
        ForeignKey("inspection_criterion.id"), primary_key=True
    )


class AuditEvent(Base):
    """Append-only; each row carries the hash of the one before it (services/safety/audit.py)."""

    __tablename__ = "audit_event"
    # Each row's latest event, straight from the index: `check` compares every row with it
    # (services/safety/row_audit_compare.py; migration 0009).
    __table_args__ = (Index("ix_audit_event_latest", "entity", "entity_id", "seq"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    operation: Mapped[str] = mapped_column(String(20))
    before_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    after_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ReportAnchor(Base):
    """The audit chain's head printed in a report or pack this app made (migration 0009), so
    `check` can later prove the history up to it unchanged. Also kept in a file beside the
    backups (services/safety/anchors.py), which outlives this table."""

    __tablename__ = "report_anchor"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(40))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class SchoolKey(Base):
    """At the trust: the key a school's packs must be signed with, and the newest pack taken.

    ``public_key`` is empty after a re-registration by fingerprint alone: the key itself
    arrives, signed, in the school's next pack."""

    __tablename__ = "school_key"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    school_urn: Mapped[str] = mapped_column(String(6), unique=True)
    school_name: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(19))
    public_key: Mapped[str] = mapped_column(String(100), default="")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    registered_by: Mapped[str] = mapped_column(String(200), default="")
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_pack_sha256: Mapped[str] = mapped_column(String(64), default="")
