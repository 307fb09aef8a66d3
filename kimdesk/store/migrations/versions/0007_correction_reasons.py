"""the reason of a correction or deletion in the Verlauf

Every entry of a file can be corrected (the client's right to rectification); the Verlauf
names the changed fields and, in this column, why — written by the case manager, kept in
the encrypted store like the rest of the file, never synchronised.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with a constant default: no table rebuild, existing rows read ''
    op.add_column('audit_log', sa.Column('reason', sa.Text(), nullable=False,
                                         server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('audit_log') as batch:
        batch.drop_column('reason')
