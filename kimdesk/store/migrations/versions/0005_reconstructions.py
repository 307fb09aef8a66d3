"""case reconstructions and their reviews

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reconstructions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('generative_theme', sa.Text(), nullable=False),
    sa.Column('life_areas', sa.JSON(), nullable=False),
    sa.Column('timeline', sa.JSON(), nullable=False),
    sa.Column('factors', sa.JSON(), nullable=False),
    sa.Column('dependencies', sa.JSON(), nullable=False),
    sa.Column('chain', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('review', sa.JSON(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('outbox_item_id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_reconstructions_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reconstructions')),
    sa.UniqueConstraint('uid', name=op.f('uq_reconstructions_uid'))
    )
    with op.batch_alter_table('reconstructions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reconstructions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reconstructions_state'), ['state'], unique=False)

    op.create_table('reconstruction_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reconstruction_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.Column('reviewed_by', sa.String(length=200), nullable=False),
    sa.Column('findings_total', sa.Integer(), nullable=False),
    sa.Column('findings_by_kind', sa.JSON(), nullable=False),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('outbox_item_id', sa.String(length=36), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['reconstruction_id'], ['reconstructions.id'], name=op.f('fk_reconstruction_reviews_reconstruction_id_reconstructions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reconstruction_reviews'))
    )
    with op.batch_alter_table('reconstruction_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reconstruction_reviews_reconstruction_id'), ['reconstruction_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reconstruction_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reconstruction_reviews_reconstruction_id'))
    op.drop_table('reconstruction_reviews')
    with op.batch_alter_table('reconstructions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reconstructions_state'))
        batch_op.drop_index(batch_op.f('ix_reconstructions_case_id'))
    op.drop_table('reconstructions')
