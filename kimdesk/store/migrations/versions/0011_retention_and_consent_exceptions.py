"""retention holds (Löschkonzept) and recorded consent exceptions

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'retention_holds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('keep_until', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE',
                                name=op.f('fk_retention_holds_client_id_clients')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_holds')))
    op.create_index(op.f('ix_retention_holds_client_id'), 'retention_holds', ['client_id'])
    op.create_table(
        'consent_exceptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('institution', sa.String(length=200), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE',
                                name=op.f('fk_consent_exceptions_client_id_clients')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_exceptions')))
    op.create_index(op.f('ix_consent_exceptions_client_id'), 'consent_exceptions',
                    ['client_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_consent_exceptions_client_id'), table_name='consent_exceptions')
    op.drop_table('consent_exceptions')
    op.drop_index(op.f('ix_retention_holds_client_id'), table_name='retention_holds')
    op.drop_table('retention_holds')
