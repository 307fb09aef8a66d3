"""Updates keep the data: a store from every shipped schema head opens in this KIMdesk
without losing a value, after an encrypted backup at its old revision; a store written by
a newer KIMdesk is refused with a German message and left byte for byte as it was."""

import re
import shutil
from pathlib import Path

import pytest

from kimdesk.store import migrate
from kimdesk.store.audit_chain import HEAD_SETTING
from kimdesk.store.case_store import DB_NAME, KEY_FILE, CaseStore, unlock_key
from kimdesk.store.connection import connect_raw
from kimdesk.store.errors import NewerSchemaError
from kimdesk.store.key_slots import KeySlotFile
from kimdesk.store.secrets import NoSecretStore
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
#: one folder per shipped schema head, named after it; the passphrase follows the name
#: rows a migration adds on purpose (table, key column value): the Verlauf's chain head,
#: the sync state's single row (0016)
ADDED_BY_MIGRATIONS = {("settings", HEAD_SETTING), ("sync_state", None)}
SHIPPED = sorted(p.name.removeprefix("store_v") for p in FIXTURES.glob("store_v*")
                 if p.is_dir())


def passphrase(revision: str) -> str:
    return f"fixture-passphrase-{revision}"


def data_key(folder: Path, revision: str) -> bytes:
    return unlock_key(KeySlotFile.load(folder / KEY_FILE), passphrase(revision), None,
                      NoSecretStore())


def dump(db: Path, key: bytes) -> dict[str, dict[int, dict]]:
    """Every row of every ordinary table, by rowid (full-text index tables left out: they
    are derived and may be rebuilt by a migration)."""
    conn = connect_raw(db, key)
    try:
        virtual = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL%'")]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                  if not r[0].startswith("sqlite_") and r[0] != "alembic_version"
                  and not any(r[0] == v or r[0].startswith(v + "_") for v in virtual)]
        out = {}
        for table in tables:
            cursor = conn.execute(f'SELECT rowid AS "__rowid", * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            out[table] = {row[0]: dict(zip(names[1:], row[1:], strict=True)) for row in cursor}
        return out
    finally:
        conn.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def shipped_heads_in_changelog() -> set[str]:
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    return set(re.findall(r"Store schema head: \*\*(\d{4})\*\*", text))


def test_every_shipped_schema_head_has_a_fixture():
    assert {"0001", "0006"} <= set(SHIPPED)
    assert shipped_heads_in_changelog() <= set(SHIPPED)


@pytest.mark.parametrize("revision", SHIPPED)
def test_store_from_shipped_head_upgrades_without_loss(tmp_path, revision):
    folder = tmp_path / "laptop"
    shutil.copytree(FIXTURES / f"store_v{revision}", folder)
    key = data_key(folder, revision)
    before = dump(folder / DB_NAME, key)
    assert sum(map(len, before.values())) > 0
    old = CaseStore.open(folder, passphrase=passphrase(revision), upgrade=False)
    with old.engine.connect() as conn:
        assert migrate.current_revision(conn) == revision
    old.close()

    store = CaseStore.open(folder, passphrase=passphrase(revision))
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    store.close()

    after = dump(folder / DB_NAME, key)
    for table, rows in before.items():
        assert table in after, f"table {table} lost in the upgrade"
        assert set(rows) <= set(after[table]), f"rows of {table} lost"
        added = {(table, after[table][rowid].get("key")) for rowid in set(after[table]) - set(rows)}
        assert added <= ADDED_BY_MIGRATIONS, f"rows added to {table}: {added}"
        for rowid, row in rows.items():
            kept = {col: after[table][rowid][col] for col in row if col in after[table][rowid]}
            assert kept == row, f"{table} row {rowid} changed"
            assert set(row) <= set(after[table][rowid]), f"a column of {table} was dropped"

    backups = sorted((folder / "backups").glob(f"case-file-before-upgrade-from-{revision}-*"))
    if revision == migrate.head_revision():
        assert backups == []  # nothing to upgrade, nothing copied
        return
    assert len(backups) == 1
    assert b"SQLite format 3" not in backups[0].read_bytes()[:16]  # encrypted
    assert dump(backups[0], key) == before  # the backup is the old store, readable


@pytest.mark.parametrize("revision", SHIPPED)
def test_upgraded_fixture_passes_the_store_check(tmp_path, revision):
    folder = tmp_path / "laptop"
    shutil.copytree(FIXTURES / f"store_v{revision}", folder)
    done = run_cli("check", "--store", str(folder),
                   env={"KIMDESK_PASSPHRASE": passphrase(revision)})
    assert done.returncode == 0, done.stderr
    assert "in Ordnung" in done.stdout


NEWER_PASSPHRASE = passphrase(SHIPPED[-1])


def make_newer_store(folder: Path) -> Path:
    """The newest fixture as a future KIMdesk would leave it: at a revision we do not know."""
    revision = SHIPPED[-1]
    shutil.copytree(FIXTURES / f"store_v{revision}", folder)
    conn = connect_raw(folder / DB_NAME, data_key(folder, revision))
    conn.execute("UPDATE alembic_version SET version_num = '0042_from_a_newer_kimdesk'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for leftover in folder.glob(f"{DB_NAME}-*"):
        leftover.unlink()
    return folder


@pytest.fixture
def newer_store(tmp_path) -> Path:
    return make_newer_store(tmp_path / "from-the-future")


def test_store_from_newer_version_is_refused_untouched(newer_store):
    before = snapshot(newer_store)
    with pytest.raises(NewerSchemaError) as refused:
        CaseStore.open(newer_store, passphrase=passphrase(SHIPPED[-1]))
    assert "neueren KIMdesk-Version" in str(refused.value)
    assert "nicht verändert" in str(refused.value)
    assert snapshot(newer_store) == before  # bytes unchanged, no backup, no WAL left


def test_cli_refuses_newer_store_with_german_message(newer_store):
    before = snapshot(newer_store)
    done = run_cli("check", "--store", str(newer_store),
                   env={"KIMDESK_PASSPHRASE": passphrase(SHIPPED[-1])})
    assert done.returncode == 3
    assert "neueren KIMdesk-Version" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(newer_store) == before
