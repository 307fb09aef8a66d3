"""Schema upgrades in the field: back up first, then run pending Alembic migrations.

A laptop may skip several releases; whatever revision its file is at, opening it with a
newer KIMdesk upgrades it atomically (SQLite DDL is transactional) after an encrypted
backup copy was written beside it.
"""

from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
KEEP_BACKUPS = 3


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def is_known(revision: str) -> bool:
    """False for a revision this KIMdesk does not ship: the file was written by a newer
    version, and opening it here must change nothing."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run migrations up to ``revision`` in one transaction."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def backup_name(revision: str | None) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"case-file-before-upgrade-from-{revision or 'empty'}-{stamp}.db"


def prune_backups(folder: Path, keep: int = KEEP_BACKUPS) -> None:
    backups = sorted(folder.glob("case-file-before-upgrade-*.db"))
    for old in backups[:-keep]:
        old.unlink(missing_ok=True)
