"""the trust's register of school signing keys

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-01 22:30:00

School packs are now signed (Ed25519) and encrypted to the trust. The trust records, per school
URN, the fingerprint (and public key) its packs must be signed with, and the sequence number,
creation time and SHA-256 of the newest pack it imported, so an older pack replayed later is
refused. Existing data is untouched: the table starts empty, and each school's first signed pack
registers its key once the trust lead confirms the fingerprint.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "school_key",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("school_urn", sa.String(6), nullable=False),
        sa.Column("school_name", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(19), nullable=False),
        sa.Column("public_key", sa.String(100), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("registered_by", sa.String(200), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("last_created_at", sa.DateTime(), nullable=True),
        sa.Column("last_pack_sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_key")),
        sa.UniqueConstraint("school_urn", name=op.f("uq_school_key_school_urn")),
    )


def downgrade() -> None:
    op.drop_table("school_key")
