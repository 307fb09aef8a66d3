"""the sync state's single row exists from the start

Reading the sync state (the sync screen, the worker's planner) created the row on first
use — a write inside a read, which failed with "database is locked" when another
connection committed between the read and that write (SQLite's stale WAL snapshot). With
the row in place, those reads stay reads.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 17:45:00
"""

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO sync_state (id, stage, run_id, pull_cursor, failures, last_error, "
        "last_error_kind, aggregates_fingerprint) "
        "SELECT 1, 'idle', '', 0, 0, '', '', '' "
        "WHERE NOT EXISTS (SELECT 1 FROM sync_state WHERE id = 1)")


def downgrade() -> None:
    pass  # the row was valid before as well (created on first use)
