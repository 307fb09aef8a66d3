"""workspace: accounts, sessions, audit log, reconstruction status, themes, decisions,
directory, settings; device app version and pull cursor

Revision ID: office_0002
Revises: office_0001
Create Date: 2026-12-03 10:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'office_0002'
down_revision = 'office_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('devices') as batch:
        batch.add_column(sa.Column('app_version', sa.String(length=40), nullable=True))
        batch.add_column(sa.Column('pull_cursor', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('team', sa.String(length=80), nullable=True))
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('username', sa.String(length=80), nullable=False),
        sa.Column('display_name', sa.String(length=120), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('password_hash', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('disabled_at', sa.DateTime(), nullable=True),
        sa.Column('failed_logins', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.Column('last_login_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
        sa.UniqueConstraint('username', name=op.f('uq_accounts_username')))
    op.create_table(
        'web_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('csrf_token', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], ondelete='CASCADE',
                                name=op.f('fk_web_sessions_account_id_accounts')),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_web_sessions')))
    op.create_index(op.f('ix_web_sessions_account_id'), 'web_sessions', ['account_id'])
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('target', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')))
    op.create_index(op.f('ix_audit_log_at'), 'audit_log', ['at'])
    op.create_table(
        'themes',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('principal_goal', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')))
    op.create_table(
        'reconstruction_states',
        sa.Column('key', sa.String(length=24), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], ondelete='SET NULL',
                                name=op.f('fk_reconstruction_states_theme_id_themes')),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_reconstruction_states')))
    op.create_table(
        'theme_goals',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], ondelete='CASCADE',
                                name=op.f('fk_theme_goals_theme_id_themes')),
        sa.ForeignKeyConstraint(['parent_id'], ['theme_goals.id'], ondelete='CASCADE',
                                name=op.f('fk_theme_goals_parent_id_theme_goals')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_goals')))
    op.create_index(op.f('ix_theme_goals_theme_id'), 'theme_goals', ['theme_id'])
    op.create_table(
        'theme_institutions',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], ondelete='CASCADE',
                                name=op.f('fk_theme_institutions_theme_id_themes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_institutions')))
    op.create_index(op.f('ix_theme_institutions_theme_id'), 'theme_institutions',
                    ['theme_id'])
    op.create_table(
        'theme_meetings',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('minutes', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], ondelete='CASCADE',
                                name=op.f('fk_theme_meetings_theme_id_themes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_meetings')))
    op.create_index(op.f('ix_theme_meetings_theme_id'), 'theme_meetings', ['theme_id'])
    op.create_table(
        'decisions',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], ondelete='SET NULL',
                                name=op.f('fk_decisions_theme_id_themes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')))
    op.create_table(
        'directory_entries',
        sa.Column('id', sa.String(length=80), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('type', sa.String(length=40), nullable=False),
        sa.Column('municipality', sa.String(length=80), nullable=False),
        sa.Column('life_areas', sa.JSON(), nullable=False),
        sa.Column('languages', sa.JSON(), nullable=False),
        sa.Column('phone', sa.String(length=60), nullable=False),
        sa.Column('email', sa.String(length=200), nullable=False),
        sa.Column('address', sa.String(length=500), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_directory_entries')))
    op.create_table(
        'directory_versions',
        sa.Column('version', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.Column('last_seq', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('version', name=op.f('pk_directory_versions')))
    op.create_table(
        'workspace_settings',
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_workspace_settings')))


def downgrade() -> None:
    for table in ('workspace_settings', 'directory_versions', 'directory_entries',
                  'decisions', 'theme_meetings', 'theme_institutions', 'theme_goals',
                  'reconstruction_states', 'themes', 'audit_log', 'web_sessions', 'accounts'):
        op.drop_table(table)
    with op.batch_alter_table('devices') as batch:
        batch.drop_column('team')
        batch.drop_column('pull_cursor')
        batch.drop_column('app_version')
