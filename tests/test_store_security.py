"""The store is encrypted at rest, and every way in is a key slot."""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from kimdesk.casework.clients import ClientService
from kimdesk.store.case_store import CaseStore
from kimdesk.store.errors import StoreLockedError, WrongPassphraseError
from kimdesk.store.key_slots import KdfParams
from kimdesk.store.secrets import NoSecretStore, OsKeyring
from tests.conftest import PASSPHRASE, run_cli

NAMES = [("Al-Hassan", "Muhammad"), ("Shevchenko", "Yuliia"), ("Tesfamariam", "Selamawit")]


def _files_hash(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_client_name_appears_in_any_file_beside_the_store(store, store_dir):
    clients = ClientService(store)
    for family, given in NAMES:
        clients.create(family, given_names=given, address="Hauptstraße 5, Goch")
    # WAL still holds the pages; check before and after a checkpoint
    for phase in ("wal", "checkpointed"):
        for path in store_dir.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for family, given in NAMES:
                    assert family.encode() not in data, (phase, path.name)
                    assert given.encode() not in data, (phase, path.name)
                assert b"Hauptstra" not in data
        store.checkpoint()
    backup = store.backup(store_dir / "backups" / "manual.db")
    assert b"Shevchenko" not in backup.read_bytes()


def test_plain_sqlite_cannot_read_the_store(store, store_dir):
    ClientService(store).create("Al-Hassan", given_names="Muhammad")
    store.checkpoint()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(store_dir / "case-file.db").execute(
            "SELECT * FROM sqlite_master").fetchall()


def test_wrong_passphrase_leaves_files_untouched(store, store_dir):
    ClientService(store).create("Al-Hassan", given_names="Muhammad")
    store.close()
    before = _files_hash(store_dir)
    with pytest.raises(WrongPassphraseError):
        CaseStore.open(store_dir, passphrase="falsch-falsch")
    assert _files_hash(store_dir) == before


def test_wrong_passphrase_on_the_command_line_exits_2_with_one_german_sentence(store, store_dir):
    store.close()
    before = _files_hash(store_dir)
    result = run_cli("stats", "--store", str(store_dir),
                     env={"KIMDESK_PASSPHRASE": "ganz-falsch-1"})
    assert result.returncode == 2
    assert result.stderr.strip() == "Die Passphrase ist falsch. Bitte erneut eingeben."
    assert "Traceback" not in result.stderr + result.stdout
    assert _files_hash(store_dir) == before


def test_changing_the_passphrase_rewraps_without_reencrypting(store, store_dir):
    ClientService(store).create("Shevchenko", given_names="Yuliia")
    store.checkpoint()
    db_before = (store_dir / "case-file.db").read_bytes()
    store.change_passphrase("eine-ganz-neue-passphrase", kdf=KdfParams.fast())
    store.close()
    assert (store_dir / "case-file.db").read_bytes() == db_before
    with pytest.raises(WrongPassphraseError):
        CaseStore.open(store_dir, passphrase=PASSPHRASE)
    reopened = CaseStore.open(store_dir, passphrase="eine-ganz-neue-passphrase")
    assert ClientService(reopened).search("shevchenko")[0].given_names == "Yuliia"
    reopened.close()


def test_forgotten_passphrase_recovered_with_the_recovery_key(store_dir):
    store, recovery = CaseStore.create(store_dir, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    ClientService(store).create("Tesfamariam", given_names="Selamawit")
    store.close()
    typed = recovery.lower().replace("-", " ").replace("o", "0")  # as a person might type it
    recovered = CaseStore.open(store_dir, recovery_key=typed)
    recovered.change_passphrase("neu-gesetzt-nach-verlust", kdf=KdfParams.fast())
    recovered.close()
    again = CaseStore.open(store_dir, passphrase="neu-gesetzt-nach-verlust")
    assert ClientService(again).count() == 1
    again.close()
    with pytest.raises(WrongPassphraseError):
        CaseStore.open(store_dir, recovery_key="AAAA-" * 7 + "AAAA")


def test_recovery_on_the_command_line(store_dir):
    store, recovery = CaseStore.create(store_dir, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    store.close()
    result = run_cli("unlock-with-recovery", "--store", str(store_dir),
                     env={"KIMDESK_RECOVERY_KEY": recovery,
                          "KIMDESK_NEW_PASSPHRASE": "nach-der-wiederherstellung"})
    assert result.returncode == 0, result.stderr
    assert CaseStore.open(store_dir, passphrase="nach-der-wiederherstellung")


def test_remember_on_device_uses_the_keyring_and_works_without_one(store, store_dir,
                                                                     memory_keyring):
    assert OsKeyring().available()
    assert store.remember_on_device(OsKeyring())
    store.close()
    assert memory_keyring.passwords  # only a random wrapping key, never the passphrase
    assert PASSPHRASE not in str(memory_keyring.passwords)
    reopened = CaseStore.open(store_dir, secret_store=OsKeyring())
    reopened.forget_device(OsKeyring())
    reopened.close()
    with pytest.raises(StoreLockedError):
        CaseStore.open(store_dir, secret_store=OsKeyring())
    with pytest.raises(StoreLockedError):
        CaseStore.open(store_dir, secret_store=NoSecretStore())


def test_store_without_keyring_backend_still_opens_with_passphrase(store, store_dir):
    assert not store.remember_on_device(NoSecretStore())
    store.close()
    assert CaseStore.open(store_dir, passphrase=PASSPHRASE)


def test_flipped_bytes_make_check_exit_3(store, store_dir, tmp_path):
    clients = ClientService(store)
    for i in range(300):
        clients.create(f"Nachname{i}", given_names="Test", address="x" * 200)
    store.checkpoint()
    store.close()
    copy = tmp_path / "copy"
    shutil.copytree(store_dir, copy)
    db = copy / "case-file.db"
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    for i in range(middle, middle + 16):
        data[i] ^= 0xFF
    db.write_bytes(bytes(data))
    ok = run_cli("check", "--store", str(store_dir), env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert ok.returncode == 0, ok.stderr
    bad = run_cli("check", "--store", str(copy), env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert bad.returncode == 3
    assert "beschädigt" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_flipped_header_bytes_exit_3(store, store_dir):
    store.close()
    db = store_dir / "case-file.db"
    data = bytearray(db.read_bytes())
    data[20] ^= 0xFF
    db.write_bytes(bytes(data))
    bad = run_cli("stats", "--store", str(store_dir), env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert bad.returncode == 3
    assert "beschädigt" in bad.stderr


def test_a_folder_that_is_no_store_exits_3(tmp_path):
    (tmp_path / "case-file.db").write_bytes(b"hello")
    (tmp_path / "key-slots.json").write_text("{ not json")
    result = run_cli("stats", "--store", str(tmp_path), env={"KIMDESK_PASSPHRASE": "x" * 10})
    assert result.returncode == 3
    assert "Traceback" not in result.stderr


def test_generated_demo_names_are_nowhere_in_the_files(store, store_dir):
    from kimdesk.demo.generator import DemoGenerator

    DemoGenerator(store, seed=9).generate(150)
    names = {r.family_name for r in ClientService(store).all()} | {
        r.given_names for r in ClientService(store).all()}
    names = {n for n in names if len(n) >= 5}
    assert len(names) > 50
    for phase in ("wal", "checkpointed"):
        blobs = [p.read_bytes() for p in store_dir.rglob("*") if p.is_file()]
        leaked = {n for n in names for blob in blobs if n.encode() in blob}
        assert leaked == set(), phase
        store.checkpoint()


def test_backup_is_a_complete_encrypted_store_elsewhere(store, store_dir, tmp_path):
    ClientService(store).create("Tesfamariam", given_names="Selamawit")
    usb = tmp_path / "usb"
    usb.mkdir()
    target = store.export_backup(usb)
    assert target.parent == usb and sorted(p.name for p in target.iterdir()) == [
        "case-file.db", "key-slots.json"]
    assert all(b"Tesfamariam" not in p.read_bytes() for p in target.iterdir())
    assert store.setting("last_backup_at")
    store.close()
    copy = CaseStore.open(target, passphrase=PASSPHRASE)
    assert ClientService(copy).search("tesfamariam")[0].given_names == "Selamawit"
    copy.close()


def test_backup_to_a_missing_drive_says_so_in_german(store, tmp_path):
    from kimdesk.store.errors import StoreError

    with pytest.raises(StoreError, match="nicht erreichbar"):
        store.export_backup(tmp_path / "no-stick")


def test_backup_on_the_command_line(store, store_dir, tmp_path):
    store.close()
    result = run_cli("backup", "--store", str(store_dir), "--to", str(tmp_path),
                     env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert "Sicherung geschrieben" in result.stdout


def test_usage_errors_are_german_and_not_exit_2(tmp_path):
    result = run_cli("find")
    assert result.returncode == 1
    assert "Der Aufruf ist unvollständig oder fehlerhaft" in result.stderr
    assert "Traceback" not in result.stderr


def test_nothing_of_kimdesk_logging_reaches_stderr_by_default(store, capsys):
    import logging

    logging.getLogger("kimdesk.ui").error("Al-Hassan, Muhammad")
    assert "Al-Hassan" not in capsys.readouterr().err


def test_database_errors_do_not_carry_row_values(store):
    from sqlalchemy.exc import IntegrityError

    from kimdesk.store.models import Client

    ClientService(store).create("Haddad", given_names="Rania")
    with store.session() as s:
        uid = s.query(Client).one().uid
        s.add(Client(uid=uid, family_name="Geheimname", given_names="X"))
        with pytest.raises(IntegrityError) as err:
            s.flush()
    assert "Geheimname" not in str(err.value)


def test_a_crash_while_creating_leaves_no_half_store(tmp_path, monkeypatch):
    from kimdesk.store import migrate

    folder = tmp_path / "neu"

    def crash(*_args, **_kwargs):
        raise OSError("power cut")

    monkeypatch.setattr(migrate, "upgrade", crash)
    with pytest.raises(OSError):
        CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    assert not (folder / "case-file.db").exists() and not (folder / "key-slots.json").exists()
    monkeypatch.undo()
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    store.close()
    assert CaseStore.open(folder, passphrase=PASSPHRASE).district_id == "kleve"


def test_creating_in_an_existing_folder_keeps_its_permissions(tmp_path):
    folder = tmp_path / "Dokumente"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    store.close()
    assert folder.stat().st_mode & 0o777 == 0o755
    assert (folder / "case-file.db").stat().st_mode & 0o777 == 0o600
