"""Schema upgrades in the field: back up first, then run pending Alembic migrations.

A laptop may skip several releases; whatever revision its file is at, opening it with a
newer KIMdesk upgrades it atomically (SQLite DDL is transactional) after an encrypted
backup copy was written beside it.
"""

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

    from kimdesk.store.reader import Reader

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
KEEP_BACKUPS = 3


def alembic_config() -> "Config":
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w]+|None)['\"]?", re.M)


@lru_cache(maxsize=1)
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """Every shipped revision and every one that has a successor, read from the files."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*.py"):
        found = dict((k, v) for k, v in _REVISION.findall(path.read_text("utf-8")))
        revisions.add(found["revision"])
        if found.get("down_revision", "None") != "None":
            parents.add(found["down_revision"])
    return frozenset(revisions), frozenset(parents)


def head_revision() -> str:
    """The newest migration, read from the files without importing Alembic (a store is
    opened at every unlock; Alembic is loaded only when there is something to upgrade)."""
    revisions, parents = _revisions()
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


_VERSION = "SELECT version_num FROM alembic_version"
_HAS_VERSION = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"


def read_revision(db: "Reader") -> str | None:
    """The store's revision from ``alembic_version`` (None for an empty database), over a
    plain reader: opening a store needs no SQLAlchemy."""
    if db.first(_HAS_VERSION) is None:
        return None  # no such table: nothing migrated yet
    row = db.first(_VERSION)
    return None if row is None else str(row[0])


def current_revision(conn: "Connection") -> str | None:
    """:func:`read_revision` on an SQLAlchemy connection (its driver connection)."""
    from kimdesk.store.reader import Reader

    return read_revision(Reader(conn.connection.driver_connection))


def is_known(revision: str) -> bool:
    """False for a revision this KIMdesk does not ship: the file was written by a newer
    version, and opening it here must change nothing."""
    return revision in _revisions()[0]


def upgrade(engine: "Engine", revision: str = "head") -> None:
    """Run migrations up to ``revision`` in one transaction."""
    from alembic import command

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
