"""A damaged database is reported, never replaced: an emptied or schema-less file is damage,
only creation makes a new database, and the newest sound backup is offered."""

import shutil
from pathlib import Path

import pytest

from kimdesk.casework.clients import ClientService
from kimdesk.store import migrate
from kimdesk.store.case_store import DB_NAME, CaseStore
from kimdesk.store.connection import connect_raw
from kimdesk.store.errors import NotAStoreError
from kimdesk.store.key_slots import KdfParams
from tests.conftest import PASSPHRASE, run_cli

ENV = {"KIMDESK_PASSPHRASE": PASSPHRASE}


def _store_with_clients(folder: Path, revision: str = "head") -> None:
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast(),
                                migrate_to=revision)
    if revision == "head":
        ClientService(store).create("Shevchenko", given_names="Nadiia")
    store.close()


def _backups(folder: Path) -> list[Path]:
    return sorted((folder / "backups").glob("*.db")) if (folder / "backups").exists() else []


def test_an_emptied_database_is_damage_and_stays_as_it_was(store_dir):
    _store_with_clients(store_dir)
    (store_dir / DB_NAME).write_bytes(b"")
    for command in ("check", "stats"):
        result = run_cli(command, "--store", str(store_dir), env=ENV)
        assert result.returncode == 3, (command, result.stdout, result.stderr)
        assert "leer" in result.stderr and "Traceback" not in result.stderr
        assert "in Ordnung" not in result.stdout
    assert (store_dir / DB_NAME).stat().st_size == 0  # not re-initialised
    assert not any("empty" in p.name or "None" in p.name for p in _backups(store_dir))
    with pytest.raises(NotAStoreError):
        CaseStore.open(store_dir, passphrase=PASSPHRASE)
    assert (store_dir / DB_NAME).stat().st_size == 0


def test_a_database_without_schema_version_is_damage_not_an_old_store(store_dir):
    _store_with_clients(store_dir)
    slots_key = CaseStore.open(store_dir, passphrase=PASSPHRASE)
    key = slots_key._data_key
    slots_key.close()
    (store_dir / DB_NAME).unlink()
    conn = connect_raw(store_dir / DB_NAME, key)  # keyed, valid, but no KIMdesk schema
    conn.execute("CREATE TABLE something (x)")
    conn.commit()
    conn.close()
    before = (store_dir / DB_NAME).read_bytes()
    with pytest.raises(NotAStoreError) as err:
        CaseStore.open(store_dir, passphrase=PASSPHRASE)
    assert "Schemaversion" in str(err.value)
    assert (store_dir / DB_NAME).read_bytes() == before
    assert _backups(store_dir) == []


def test_a_truncated_database_is_reported_by_check(store_dir):
    _store_with_clients(store_dir)
    data = (store_dir / DB_NAME).read_bytes()
    (store_dir / DB_NAME).write_bytes(data[: len(data) // 2])
    result = run_cli("check", "--store", str(store_dir), env=ENV)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "beschädigt" in result.stderr


def test_the_newest_sound_backup_is_offered_and_restores(store_dir):
    _store_with_clients(store_dir, revision="0005")  # an older schema: opening backs up
    store = CaseStore.open(store_dir, passphrase=PASSPHRASE)
    ClientService(store).create("Shevchenko", given_names="Nadiia")
    store.close()
    # A second, damaged backup that is newer must not be offered.
    backups = _backups(store_dir)
    assert len(backups) == 1
    broken = store_dir / "backups" / "case-file-before-upgrade-from-0006-29991231-235959.db"
    broken.write_bytes(b"\0" * 4096)
    shutil.copy(store_dir / DB_NAME, store_dir.parent / "sound.db")
    (store_dir / DB_NAME).write_bytes(b"")

    result = run_cli("check", "--store", str(store_dir), env=ENV)
    assert result.returncode == 3
    assert backups[0].name in result.stderr and broken.name not in result.stderr
    assert "kimdesk restore" in result.stderr

    result = run_cli("restore", "--store", str(store_dir), "--backup", str(backups[0]),
                     env=ENV)
    assert result.returncode == 0, result.stderr
    assert "zurückgespielt" in result.stdout
    damaged = list(store_dir.glob("case-file.db.beschaedigt-*"))
    assert len(damaged) == 1 and damaged[0].stat().st_size == 0  # kept for inspection
    assert run_cli("check", "--store", str(store_dir), env=ENV).returncode == 0
    store = CaseStore.open(store_dir, passphrase=PASSPHRASE)
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    # The backup was taken before the client was added: restoring gives what it holds.
    assert ClientService(store).count() == 0
    store.close()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(store_dir, tmp_path):
    _store_with_clients(store_dir)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\0" * 8192)
    before = (store_dir / DB_NAME).read_bytes()
    result = run_cli("restore", "--store", str(store_dir), "--backup", str(bad), env=ENV)
    assert result.returncode == 3, result.stdout
    assert "Sicherung" in result.stderr and "Traceback" not in result.stderr
    assert (store_dir / DB_NAME).read_bytes() == before
