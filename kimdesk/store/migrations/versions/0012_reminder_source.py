"""a Wiedervorlage remembers the entry it was made from

Heute opens the Akte on that entry (the step, the referral, the appointment …) instead of
on the case; older Wiedervorlagen read '' and still open on their case.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 14:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with constant defaults: no table rebuild, existing rows keep their data
    op.add_column('reminders', sa.Column('source_kind', sa.String(20), nullable=False,
                                         server_default=''))
    op.add_column('reminders', sa.Column('source_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('reminders') as batch:
        batch.drop_column('source_id')
        batch.drop_column('source_kind')
