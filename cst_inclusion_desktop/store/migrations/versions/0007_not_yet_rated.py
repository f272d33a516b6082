"""an action's RAG may be empty: "not yet rated" is a NULL RAG

Revision ID: 0007
Revises: 0009
Create Date: 2026-12-01 22:40:00

Until now a new action was stored as amber before anyone rated it, and "not yet rated" was
guessed from amber with no review and no hand-set RAG. ``action.rag`` may now be NULL, and NULL
is what "not yet rated" means (domain/definitions.py).

What happens to existing data: every action with no review and whose RAG nobody set by hand
(``rag_overridden`` false) gets a NULL RAG — those ambers were the old default, not a rating.
Actions with a review, or with a RAG set by hand (in the app, on the command line or by an
import that carried a RAG), keep their RAG. No audit event is written for this (the
audit chain is the services' to extend): the audit log keeps what each action was saved as, this
note is the record of the change, and ``check`` (services/safety/row_audit_compare.py) accepts
exactly this difference — NULL where an unreviewed, not hand-set action was audited as amber.

On SQLite the NOT NULL is dropped by editing the table's stored definition (the procedure
SQLite's ALTER TABLE documentation gives for removing a NOT NULL constraint): a batch copy of
the table would renumber its rowids under the full-text index, drop its triggers and lose the
expression index on ``due_date IS NULL``. The file's format does not change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0009"  # after school keys (0010), criteria (0008) and anchors (0009), merged first
branch_labels = None
depends_on = None

REQUIRED = "rag VARCHAR(10) NOT NULL"
OPTIONAL = "rag VARCHAR(10)"
UNRATED = (
    "UPDATE action SET rag = NULL WHERE NOT rag_overridden"
    " AND NOT EXISTS (SELECT 1 FROM review WHERE review.action_id = action.id)"
)


def _set_table_sql(old: str, new: str) -> None:
    connection = op.get_bind()
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar_one()
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        connection.execute(
            sa.text(
                "UPDATE sqlite_master SET sql = replace(sql, :old, :new)"
                " WHERE type = 'table' AND name = 'action'"
            ),
            {"old": old, "new": new},
        )
        connection.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        connection.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _set_table_sql(REQUIRED, OPTIONAL)
    else:
        op.alter_column("action", "rag", existing_type=sa.String(10), nullable=True)
    op.execute(UNRATED)


def downgrade() -> None:
    op.execute("UPDATE action SET rag = 'amber' WHERE rag IS NULL")
    if op.get_bind().dialect.name == "sqlite":
        _set_table_sql(OPTIONAL, REQUIRED)
    else:
        op.alter_column("action", "rag", existing_type=sa.String(10), nullable=False)
