"""the Verlauf becomes a hash chain (content hash, link hash, redaction mark)

Existing entries are chained in id order as they are at the upgrade; from then on every
change to them breaks the chain (issue #12, point 4). Ids are renumbered into one gapless
sequence first, keeping their order, so the chain can tell a missing entry from a gap that
was there before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:00:00
"""

import sqlalchemy as sa
from alembic import op

from kimdesk.store.audit_chain import GENESIS, HEAD_SETTING, content_digest, link

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_hash', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('chain_hash', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('redacted_by', sa.Integer(), nullable=True))
    bind = op.get_bind()
    log = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('at', sa.DateTime),
                   sa.column('actor', sa.String), sa.column('action', sa.String),
                   sa.column('entity', sa.String), sa.column('entity_id', sa.Integer),
                   sa.column('client_id', sa.Integer), sa.column('summary', sa.Text),
                   sa.column('reason', sa.Text),
                   sa.column('content_hash', sa.String), sa.column('chain_hash', sa.String))
    ids = [row[0] for row in bind.execute(sa.select(log.c.id).order_by(log.c.id))]
    if ids and ids != list(range(1, len(ids) + 1)):
        # negative first, so no new id meets an old one on the way
        for old in ids:
            bind.execute(log.update().where(log.c.id == old).values(id=-old))
        for new, old in enumerate(ids, start=1):
            bind.execute(log.update().where(log.c.id == -old).values(id=new))
    previous = GENESIS
    rows = bind.execute(sa.select(log.c.id, log.c.at, log.c.actor, log.c.action,
                                  log.c.entity, log.c.entity_id, log.c.client_id,
                                  log.c.summary, log.c.reason).order_by(log.c.id)).all()
    for row in rows:
        content = content_digest(row.id, row.at, row.actor or "", row.action, row.entity,
                                 row.entity_id, row.client_id, row.summary or "",
                                 row.reason or "")
        previous = link(previous, content)
        bind.execute(log.update().where(log.c.id == row.id)
                     .values(content_hash=content, chain_hash=previous))
    settings = sa.table('settings', sa.column('key', sa.String), sa.column('value', sa.JSON))
    bind.execute(settings.delete().where(settings.c.key == HEAD_SETTING))
    bind.execute(settings.insert().values(key=HEAD_SETTING,
                                          value={"seq": len(rows), "chain_hash": previous}))


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('redacted_by')
        batch_op.drop_column('chain_hash')
        batch_op.drop_column('content_hash')
