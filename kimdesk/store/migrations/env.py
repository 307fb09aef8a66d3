"""Alembic environment: always runs on a connection handed in by KIMdesk.

The store opens the encrypted database itself (it holds the key), so migrations never
build an engine of their own from a URL.
"""

from alembic import context

from kimdesk.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs table rebuilds for most ALTERs
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
