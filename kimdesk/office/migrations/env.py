"""Alembic environment of the office database: runs on a connection handed in."""

from alembic import context

from kimdesk.office.models import OfficeBase
from kimdesk.office.web import models as _workspace_models  # noqa: F401 - registers tables

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=OfficeBase.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
