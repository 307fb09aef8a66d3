"""audit heads: the Verlauf heads each device sent, to notice a cut-off or rewritten log

Revision ID: office_0003
Revises: office_0002
Create Date: 2026-12-03 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'office_0003'
down_revision = 'office_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'audit_heads',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('chain_hash', sa.String(length=64), nullable=False),
        sa.Column('signature', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('broken_seq', sa.BigInteger(), nullable=True),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_heads')))
    op.create_index('ix_audit_heads_device_status_seq', 'audit_heads',
                    ['device_id', 'status', 'seq'])


def downgrade() -> None:
    op.drop_index('ix_audit_heads_device_status_seq', table_name='audit_heads')
    op.drop_table('audit_heads')
