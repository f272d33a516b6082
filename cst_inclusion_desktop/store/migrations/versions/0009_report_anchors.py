"""the anchors of the reports and packs the app made; each row's latest audit event indexed

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-01 22:30:00

A new, empty table ``report_anchor``: each board paper, annex and pack prints the audit chain's
head (sequence number and hash) and the app keeps a copy here, so `check` proves the history up
to each one unchanged. Existing data is untouched; reports made before this version carry no
anchor and are not listed. An index on the audit log (entity, row id, sequence) is added so
`check` finds each row's latest event quickly; no row is changed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_anchor",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_anchor")),
    )
    # `check` reads each row's latest audit event from this index alone.
    op.create_index("ix_audit_event_latest", "audit_event", ["entity", "entity_id", "seq"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_latest", table_name="audit_event")
    op.drop_table("report_anchor")
