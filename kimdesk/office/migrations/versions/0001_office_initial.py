"""office initial schema: devices, enrollment codes, nonces, received items, publications

Revision ID: office_0001
Revises:
Create Date: 2026-11-23 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'office_0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('devices',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_devices'))
    )
    op.create_table('enrollment_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('device_name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('code_hash', name=op.f('pk_enrollment_codes'))
    )
    op.create_table('seen_nonces',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'nonce', name=op.f('pk_seen_nonces'))
    )
    op.create_index(op.f('ix_seen_nonces_seen_at'), 'seen_nonces', ['seen_at'], unique=False)
    op.create_table('received_items',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('superseded_by', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_received_items'))
    )
    op.create_index(op.f('ix_received_items_device_id'), 'received_items', ['device_id'],
                    unique=False)
    op.create_index('ix_received_items_device_key', 'received_items',
                    ['device_id', 'dedupe_key'], unique=False)
    op.create_table('publications',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('uid', sa.String(length=80), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_publications'))
    )
    op.create_index('ix_publications_kind_uid', 'publications', ['kind', 'uid'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_publications_kind_uid', table_name='publications')
    op.drop_table('publications')
    op.drop_index('ix_received_items_device_key', table_name='received_items')
    op.drop_index(op.f('ix_received_items_device_id'), table_name='received_items')
    op.drop_table('received_items')
    op.drop_index(op.f('ix_seen_nonces_seen_at'), table_name='seen_nonces')
    op.drop_table('seen_nonces')
    op.drop_table('enrollment_codes')
    op.drop_table('devices')
