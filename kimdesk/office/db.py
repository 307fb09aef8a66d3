"""The one place that builds the office's engine, for SQLite or PostgreSQL, and migrates."""

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DEFAULT_URL = "sqlite:///kimdesk-office.db"
#: The PostgreSQL advisory lock every office instance takes before migrating, so two
#: instances started at once (a rolling restart, two containers) never migrate together:
#: the second waits, then finds the schema at head and does nothing. ("KIM" + "office")
MIGRATION_LOCK = 0x4B494D_0FF1CE


def normalise_url(url: str) -> str:
    """A bare path means a SQLite file; ``postgresql://`` uses the pure-Python pg8000."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+pg8000://" + url.split("://", 1)[1]
    return url


def build_engine(url: str) -> Engine:
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=8, max_overflow=8)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy's begin event issues BEGIN
            for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                           "PRAGMA busy_timeout=30000", "PRAGMA foreign_keys=ON"):
                dbapi_conn.execute(pragma).fetchall()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # IMMEDIATE: take the write lock up front, so concurrent writers wait for
            # each other (busy_timeout) instead of failing on a lock upgrade.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Migrate to head in one transaction, under the migration lock on PostgreSQL (SQLite
    serialises writers itself: the transaction begins IMMEDIATE)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # held until this transaction ends; the revision is read again after it
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(url: str, migrate: bool = True) -> Engine:
    engine = build_engine(url)
    if migrate and current_revision(engine) != head_revision():
        upgrade(engine)
    return engine
