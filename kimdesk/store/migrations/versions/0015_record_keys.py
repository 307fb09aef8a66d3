"""record keys for the cell key method

Every record the anonymised figures count (client, case, contact, referral, gap report)
gets a random 32-bit ``record_key``; a published cell is perturbed by the sum of the keys
of its records (docs/disclosure-control.md).  Existing rows get keys here, new rows when
they are created (``kimdesk.store.models.base.new_record_key``).  Keys never leave the
store.

The contacts-by-form count reads ``(form, date, record_key)`` from one index, so it stays
an index-only pass (``kimdesk.store.aggregate_queries``).

Nothing else changes: aggregates of the old format still waiting in the outbox are left
to sync, which drops them when it rebuilds those periods with cell keys
(``kimdesk.store.outbox.drop_old_aggregates``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

KEYED = ('clients', 'cases', 'contacts', 'referrals', 'gap_reports')


def upgrade() -> None:
    for table in KEYED:
        # a plain ADD COLUMN (no table rebuild); SQLite's random() draws from the
        # operating system's randomness (SQLCipher: OpenSSL), masked to 32 bits
        op.add_column(table, sa.Column('record_key', sa.BigInteger(), nullable=False,
                                       server_default='0'))
        op.execute(f"UPDATE {table} SET record_key = random() & 4294967295")
    op.drop_index('ix_contacts_form_date', table_name='contacts')
    op.create_index('ix_contacts_form_date_key', 'contacts', ['form', 'date', 'record_key'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_contacts_form_date_key', table_name='contacts')
    op.create_index('ix_contacts_form_date', 'contacts', ['form', 'date'], unique=False)
    for table in KEYED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('record_key')
