"""inspection criteria: the list, its toolkit, and the links from actions and evidence

Revision ID: 0008
Revises: 0010
Create Date: 2026-12-01 22:30:00

Adds ``inspection_criterion`` (code, title, summary, order, retired), the one-row
``criteria_toolkit`` (the inspection toolkit's name and date, and the list's version) and the
many-to-many links ``action_criterion`` and ``evidence_criterion`` (indexed by criterion first,
for the coverage count).

Existing data: no existing row changes. The default list shipped in
``resources/criteria/ofsted-inclusion-2025.json`` (IC1 to IC9, version 1) is inserted, so every
database, new or old, starts with the same criteria; no action or evidence item carries a
criterion until someone tags it. The insert is not audited (a migration writes no audit events):
the first audited change to a criterion records its state before. Downgrading drops the four
tables, and with them every tag.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from cst_inclusion_desktop import paths
from cst_inclusion_desktop.domain.criteria import parse_criteria_file

revision = "0008"
down_revision = "0010"
branch_labels = None
depends_on = None

DEFAULT_FILE = ("criteria", "ofsted-inclusion-2025.json")


def upgrade() -> None:
    criterion = op.create_table(
        "inspection_criterion",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_criterion")),
        sa.UniqueConstraint("code", name=op.f("uq_inspection_criterion_code")),
    )
    toolkit = op.create_table(
        "criteria_toolkit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criteria_toolkit")),
    )
    op.create_table(
        "action_criterion",
        sa.Column("action_id", sa.String(length=36), nullable=False),
        sa.Column("criterion_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_action_criterion_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["inspection_criterion.id"],
            name=op.f("fk_action_criterion_criterion_id_inspection_criterion"),
        ),
        sa.PrimaryKeyConstraint("action_id", "criterion_id", name=op.f("pk_action_criterion")),
    )
    op.create_index(
        "ix_action_criterion_coverage", "action_criterion", ["criterion_id", "action_id"]
    )
    op.create_table(
        "evidence_criterion",
        sa.Column("evidence_id", sa.String(length=36), nullable=False),
        sa.Column("criterion_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_evidence_criterion_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["inspection_criterion.id"],
            name=op.f("fk_evidence_criterion_criterion_id_inspection_criterion"),
        ),
        sa.PrimaryKeyConstraint("evidence_id", "criterion_id", name=op.f("pk_evidence_criterion")),
    )
    op.create_index(
        "ix_evidence_criterion_coverage", "evidence_criterion", ["criterion_id", "evidence_id"]
    )
    _insert_default_list(criterion, toolkit)


def _insert_default_list(criterion: sa.Table, toolkit: sa.Table) -> None:
    path = paths.resource(*DEFAULT_FILE)
    content = parse_criteria_file(path.read_text(encoding="utf-8"), path.name)
    now = datetime.now(UTC).replace(tzinfo=None)  # stored naive UTC, as UTCDateTime does
    op.bulk_insert(
        toolkit,
        [
            {
                "id": 1,
                "name": content.toolkit.name,
                "published": content.toolkit.published,
                "version": content.toolkit.version,
                "updated_at": now,
            }
        ],
    )
    op.bulk_insert(
        criterion,
        [
            {
                "id": str(uuid.uuid4()),
                "code": item.code,
                "title": item.title,
                "summary": item.summary,
                "sort_order": item.sort_order,
                "retired": item.retired,
                "created_at": now,
                "updated_at": now,
            }
            for item in content.criteria
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_evidence_criterion_coverage", table_name="evidence_criterion")
    op.drop_table("evidence_criterion")
    op.drop_index("ix_action_criterion_coverage", table_name="action_criterion")
    op.drop_table("action_criterion")
    op.drop_table("criteria_toolkit")
    op.drop_table("inspection_criterion")
