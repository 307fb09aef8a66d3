"""index on contacts (form, date) for the aggregate tables

The aggregates of a period (issue #5) count the contacts of a date range by form.  Through
``ix_contacts_date`` every contact of the period is a look-up into the wide contact rows
(notes), and every page of those has to be decrypted, then the forms are sorted.  With
``(form, date)`` the count is one pass over the index in form order; no contact row is read.
``kimdesk.store.aggregate_queries`` names the index (``INDEXED BY``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 12:00:00
"""

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain CREATE INDEX: no table rebuild, the contact rows stay where they are
    op.create_index('ix_contacts_form_date', 'contacts', ['form', 'date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_contacts_form_date', table_name='contacts')
