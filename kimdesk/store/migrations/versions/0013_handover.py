"""handover of case files between stores: one-time keys and packages

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'handover_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('private_key', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_keys')),
        sa.UniqueConstraint('fingerprint', name=op.f('uq_handover_keys_fingerprint')))
    op.create_table(
        'handovers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('package_id', sa.String(length=32), nullable=False),
        sa.Column('direction', sa.String(length=3), nullable=False),
        sa.Column('client_ids', sa.JSON(), nullable=False),
        sa.Column('clients', sa.Integer(), nullable=False),
        sa.Column('receipt', sa.String(length=64), nullable=False),
        sa.Column('audit_seq', sa.Integer(), nullable=False),
        sa.Column('peer_store', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_handovers')))
    op.create_index(op.f('ix_handovers_package_id'), 'handovers', ['package_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_handovers_package_id'), table_name='handovers')
    op.drop_table('handovers')
    op.drop_table('handover_keys')
