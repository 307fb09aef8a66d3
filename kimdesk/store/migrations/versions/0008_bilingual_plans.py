"""goals and steps in the client's language beside the German

A goal and a step can carry their text in the client's language (written with the
client or an interpreter); the printed Zielvereinbarung shows it under the German when the
printout's second language is that language.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN with constant defaults: no table rebuild, existing plans read ''
    op.add_column('goals', sa.Column('title_other', sa.Text(), nullable=False,
                                     server_default=''))
    op.add_column('goals', sa.Column('other_language', sa.String(10), nullable=False,
                                     server_default=''))
    op.add_column('plan_steps', sa.Column('description_other', sa.Text(), nullable=False,
                                          server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('plan_steps') as batch:
        batch.drop_column('description_other')
    with op.batch_alter_table('goals') as batch:
        batch.drop_column('other_language')
        batch.drop_column('title_other')
