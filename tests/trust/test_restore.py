"""Restore a whole-store backup into a new profile — with the backup's passphrase or its
recovery key — verified (cipher_integrity_check, kimdesk check) before anything appears;
backups on another disk rotate."""

import os

import pytest

from kimdesk.casework.clients import ClientService
from kimdesk.casework.profiles import list_profiles, restore_profile
from kimdesk.store import backup_sets
from kimdesk.store.case_store import DB_NAME, KEY_FILE, CaseStore
from kimdesk.store.connection import connect_raw
from kimdesk.store.errors import NotAStoreError, StoreExistsError, WrongPassphraseError
from kimdesk.store.files import is_store
from kimdesk.store.integrity import check_store
from kimdesk.store.key_slots import KdfParams
from tests.conftest import PASSPHRASE, run_cli

NEW = "Kaffee Tasse Fahrrad Mond 7"


@pytest.fixture
def recovery_store(tmp_path):
    store, recovery = CaseStore.create(tmp_path / "laptop", PASSPHRASE, "kleve",
                                       case_manager="Test CM", kdf=KdfParams.fast())
    ClientService(store, "Test CM").create("Shevchenko", given_names="Nadiia")
    yield store, recovery
    store.close()


def _backup(store, disk):
    disk.mkdir(exist_ok=True)
    return store.export_backup(disk)


def test_restore_with_the_backups_passphrase_into_a_new_store(recovery_store, tmp_path):
    store, _ = recovery_store
    backup = _backup(store, tmp_path / "usb")
    restored = backup_sets.restore_into(backup, tmp_path / "new", passphrase=PASSPHRASE)
    try:
        assert [c.family_name for c in ClientService(restored).all()] == ["Shevchenko"]
        assert check_store(restored) == []
        assert restored.key_slots.store_id == store.key_slots.store_id
        with restored.session() as s:
            from kimdesk.store.models import AuditEntry

            last = s.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
            assert (last.action, last.entity, last.summary) == ("restored", "store",
                                                                backup.name)
    finally:
        restored.close()
    assert not [p for p in (tmp_path / "new").iterdir() if p.name.startswith(".")]
    assert os.stat(tmp_path / "new").st_mode & 0o077 == 0


def test_restore_with_the_recovery_key_sets_a_new_passphrase(recovery_store, tmp_path):
    store, recovery = recovery_store
    backup = _backup(store, tmp_path / "usb")
    with pytest.raises(WrongPassphraseError):
        backup_sets.restore_into(backup, tmp_path / "new", recovery_key="AAAA-" * 7 + "AAAA")
    assert not is_store(tmp_path / "new")
    restored = backup_sets.restore_into(backup, tmp_path / "new", recovery_key=recovery,
                                        new_passphrase=NEW, kdf=KdfParams.fast())
    restored.close()
    CaseStore.open(tmp_path / "new", passphrase=NEW).close()
    with pytest.raises(WrongPassphraseError):
        CaseStore.open(tmp_path / "new", passphrase=PASSPHRASE)
    CaseStore.open(backup, passphrase=PASSPHRASE).close()  # the backup is unchanged


def test_a_damaged_backup_is_refused_and_nothing_appears(recovery_store, tmp_path):
    store, _ = recovery_store
    backup = _backup(store, tmp_path / "usb")
    data = bytearray((backup / DB_NAME).read_bytes())
    data[4096 + 200] ^= 0xFF  # one byte of page 2
    (backup / DB_NAME).write_bytes(bytes(data))
    with pytest.raises(NotAStoreError, match="cipher_integrity_check"):
        backup_sets.restore_into(backup, tmp_path / "new", passphrase=PASSPHRASE)
    assert not is_store(tmp_path / "new")
    assert not (tmp_path / "new").exists() or list((tmp_path / "new").iterdir()) == []


def test_a_backup_whose_verlauf_was_rewritten_is_refused(recovery_store, tmp_path):
    store, _ = recovery_store
    backup = _backup(store, tmp_path / "usb")
    conn = connect_raw(backup / DB_NAME, store._data_key)
    conn.execute("UPDATE audit_log SET actor = 'Jemand' WHERE id = 1")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for side in ("-wal", "-shm"):
        (backup / f"{DB_NAME}{side}").unlink(missing_ok=True)
    with pytest.raises(NotAStoreError, match="Verlauf.*Eintrag 1"):
        backup_sets.restore_into(backup, tmp_path / "new", passphrase=PASSPHRASE)
    assert not is_store(tmp_path / "new")


def test_a_backup_is_never_restored_over_an_existing_store(recovery_store, tmp_path):
    store, _ = recovery_store
    backup = _backup(store, tmp_path / "usb")
    with pytest.raises(StoreExistsError):
        backup_sets.restore_into(backup, store.folder, passphrase=PASSPHRASE)


def test_backups_rotate_and_keep_the_newest_n(recovery_store, tmp_path):
    store, _ = recovery_store
    disk = tmp_path / "usb"
    disk.mkdir()
    foreign, _ = CaseStore.create(tmp_path / "other", PASSPHRASE, "kleve", kdf=KdfParams.fast())
    foreign_backup = foreign.export_backup(disk)
    foreign.close()
    (disk / ".kimdesk-unfertig-1-abcd").mkdir()  # someone else's unfinished write
    written = [store.export_backup(disk, keep=2) for _ in range(4)]
    kept = backup_sets.backup_sets(disk, store.key_slots.store_id)
    assert [b.folder for b in kept] == written[:-3:-1]
    assert foreign_backup.is_dir() and (disk / ".kimdesk-unfertig-1-abcd").is_dir()
    store.set_settings({backup_sets.KEEP_SETTING: 1})
    newest = store.export_backup(disk)
    assert [b.folder for b in backup_sets.backup_sets(disk, store.key_slots.store_id)] == \
        [newest]


def test_kimdesk_restore_from_a_backup_folder(recovery_store, tmp_path):
    store, recovery = recovery_store
    backup = _backup(store, tmp_path / "usb")
    result = run_cli("restore", "--from", str(backup), "--to", str(tmp_path / "new"),
                     env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert "geprüft" in result.stdout
    check = run_cli("check", "--store", str(tmp_path / "new"),
                    env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert check.returncode == 0, check.stderr
    home = tmp_path / "home"
    result = run_cli("restore", "--from", str(backup), "--profile", "Goch neu", "--recovery",
                     env={"KIMDESK_RECOVERY_KEY": recovery, "KIMDESK_NEW_PASSPHRASE": NEW,
                          "KIMDESK_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    again = run_cli("restore", "--from", str(backup), "--to", str(tmp_path / "new"),
                    env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert again.returncode == 1 and "bereits" in again.stderr


def test_restore_profile_lists_the_new_profile(recovery_store, tmp_path):
    store, recovery = recovery_store
    backup = _backup(store, tmp_path / "usb")
    profile, restored = restore_profile("Goch (wiederhergestellt)", backup,
                                        recovery_key=recovery, new_passphrase=NEW,
                                        kdf=KdfParams.fast(), base=tmp_path / "profiles")
    restored.close()
    assert [p.label for p in list_profiles(tmp_path / "profiles")] == [
        "Goch (wiederhergestellt)"]
    assert profile.district_id == "kleve"
    assert (profile.folder / KEY_FILE).exists()
    CaseStore.open(profile.folder, passphrase=NEW).close()
