"""a version on every row two people may edit at once (no lost updates)

Revision ID: 0011
Revises: 0015
Create Date: 2026-12-01 22:30:00

Two people can now edit the same action, review, evidence, school or principle (several SENCOs
on one server database, or two windows on one file). Each of those tables gains ``version``:
every saved change raises it by one, and a save is an ``UPDATE … WHERE id = ? AND version = ?``
with the version the person read, so the second of two saves is refused instead of silently
undoing the first (services/records/rows.py).

On PostgreSQL, every audit event now also raises ``NOTIFY cst_inclusion_changes, 'entity:id'``,
so an open window refreshes when someone else saves (store/changes.py). The payload names only
the kind of row and its id, never its content.

Existing data: every existing row starts at version 1 (the column's default); nothing else
changes. Downgrading drops the column in place (no table rebuilt). ``ALTER TABLE … ADD COLUMN`` with a constant default is instant on SQLite and on
PostgreSQL 11+, so no table is rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLES = ("principle", "school", "action", "evidence", "review")


NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION cst_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cst_inclusion_changes', NEW.entity || ':' || NEW.entity_id);
    RETURN NULL;
END
$$
"""
NOTIFY_TRIGGER = (
    "CREATE TRIGGER audit_event_notify AFTER INSERT ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION cst_notify_change()"
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NOTIFY_FUNCTION)
        op.execute("DROP TRIGGER IF EXISTS audit_event_notify ON audit_event")
        op.execute(NOTIFY_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_notify ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS cst_notify_change()")
    for table in TABLES:
        # ALTER TABLE … DROP COLUMN in place (SQLite 3.35+): a batch rebuild would drop the
        # coverage tallies' triggers (0013) and, with foreign keys on, a referenced table.
        op.get_bind().exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN version")
