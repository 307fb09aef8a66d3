"""Alembic environment: always runs on a connection handed in by KIMdesk.

The store opens the encrypted database itself (it holds the key), so migrations never
build an engine of their own from a URL.
"""

from alembic import context

from kimdesk.store.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Autogenerate must not touch the FTS5 table and its shadow tables."""
    return not (type_ == "table" and name and name.startswith("client_search"))


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs table rebuilds for most ALTERs
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
