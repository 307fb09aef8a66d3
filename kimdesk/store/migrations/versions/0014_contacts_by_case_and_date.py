"""index on contacts (case_id, date) for Heute's "no contact for six weeks"

Heute lists the open cases whose last contact is older than six weeks. Through
``ix_contacts_case_id`` that meant grouping every contact ever recorded (78,000 with
10,000 clients: 0.2 s at every start); with ``(case_id, date)`` the last contact of a case
is one seek into the index, and no contact row is read. The new index serves every look-up
by case the old one did (its first column), so the old one goes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:00:00
"""

from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain index statements: no table rebuild, the contact rows stay where they are
    op.create_index('ix_contacts_case_id_date', 'contacts', ['case_id', 'date'], unique=False)
    op.drop_index('ix_contacts_case_id', table_name='contacts')


def downgrade() -> None:
    op.create_index('ix_contacts_case_id', 'contacts', ['case_id'], unique=False)
    op.drop_index('ix_contacts_case_id_date', table_name='contacts')
