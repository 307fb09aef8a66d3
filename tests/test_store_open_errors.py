"""Opening a store that is not as it should be: every case ends in one German sentence and
the right exit code, without SQLCipher's own noise, and nothing is left lying around."""

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kimdesk.casework.clients import ClientService
from kimdesk.store.case_store import DB_NAME, KEY_FILE, CaseStore
from kimdesk.store.errors import NotAStoreError
from kimdesk.store.key_slots import KdfParams
from tests.conftest import PASSPHRASE, run_cli

ENV = {"KIMDESK_PASSPHRASE": PASSPHRASE}


def _one_german_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "ERROR" not in stderr and "sqlcipher" not in stderr.lower(), stderr
    assert "unerwarteter Fehler" not in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


def _store(folder: Path, clients: int = 1) -> None:
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    service = ClientService(store)
    for i in range(clients):
        service.create(f"Nachname{i}", given_names="Test", address="x" * 200)
    store.checkpoint()
    store.close()


# -- 10: SQLCipher's own log stays off stderr --------------------------------------------
def test_a_damaged_database_gives_one_sentence_without_sqlcipher_noise(store_dir):
    _store(store_dir, clients=300)
    db = store_dir / DB_NAME
    data = bytearray(db.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 4096 * 3):
        data[i] ^= 0x5A
    db.write_bytes(bytes(data))
    result = run_cli("check", "--store", str(store_dir), env=ENV)
    assert result.returncode == 3, result.stderr
    _one_german_sentence(result.stderr)


def test_a_foreign_database_gives_one_sentence_without_sqlcipher_noise(tmp_path):
    _store(tmp_path / "a")
    _store(tmp_path / "b")
    os.replace(tmp_path / "b" / DB_NAME, tmp_path / "a" / DB_NAME)  # keys do not match
    result = run_cli("stats", "--store", str(tmp_path / "a"), env=ENV)
    assert result.returncode == 3
    _one_german_sentence(result.stderr)
    assert "beschädigt" in result.stderr


def test_debug_may_show_sqlcipher_log(tmp_path):
    _store(tmp_path / "a")
    _store(tmp_path / "b")
    os.replace(tmp_path / "b" / DB_NAME, tmp_path / "a" / DB_NAME)
    result = run_cli("stats", "--store", str(tmp_path / "a"),
                     env={**ENV, "KIMDESK_DEBUG": "1"})
    assert result.returncode == 3
    assert "hmac check failed" in result.stderr  # the detail, for this device's eyes only


# -- 9: the key file's shape and bounded KDF parameters ----------------------------------
def _slots(folder: Path) -> dict:
    return json.loads((folder / KEY_FILE).read_text("utf-8"))


def _slot(data: dict, kind: str) -> dict:
    return next(s for s in data["slots"] if s["kind"] == kind)


def _swap_kinds(data: dict) -> None:
    _slot(data, "passphrase")["kind"], _slot(data, "recovery")["kind"] = "x", "passphrase"
    _slot(data, "x")["kind"] = "recovery"


BROKEN = {
    "no store_id": lambda d: d.pop("store_id"),
    "store_id not text": lambda d: d.update(store_id=17),
    "slots not a list": lambda d: d.update(slots={"passphrase": 1}),
    "slot not an object": lambda d: d["slots"].append("passphrase"),
    "slot without kdf": lambda d: _slot(d, "passphrase").pop("kdf"),
    "kdf not an object": lambda d: _slot(d, "passphrase").update(kdf="argon2id"),
    "lanes 0": lambda d: _slot(d, "passphrase")["kdf"].update(lanes=0),
    "memory 2^31 KiB": lambda d: _slot(d, "passphrase")["kdf"].update(memory_kib=2**31),
    "iterations 10^6": lambda d: _slot(d, "passphrase")["kdf"].update(iterations=10**6),
    "iterations as text": lambda d: _slot(d, "passphrase")["kdf"].update(iterations="3"),
    "iterations true": lambda d: _slot(d, "passphrase")["kdf"].update(iterations=True),
    "salt not base64": lambda d: _slot(d, "passphrase")["kdf"].update(salt="%%%"),
    "nonce not base64": lambda d: _slot(d, "passphrase").update(nonce="nicht*base64"),
    "nonce empty": lambda d: _slot(d, "passphrase").update(nonce=""),
    "nonce too short": lambda d: _slot(d, "passphrase").update(
        nonce=base64.b64encode(b"123").decode()),
    "wrapped key missing": lambda d: _slot(d, "passphrase").pop("wrapped_key"),
    "slot kinds swapped": _swap_kinds,
    "two passphrase slots": lambda d: d["slots"].append(dict(_slot(d, "passphrase"))),
    "unknown slot kind": lambda d: _slot(d, "recovery").update(kind="fingerprint"),
    "recovery salt missing": lambda d: _slot(d, "recovery").pop("salt"),
}


@pytest.mark.parametrize("damage", sorted(BROKEN))
def test_a_broken_key_file_exits_3_with_a_german_sentence(tmp_path, damage):
    folder = tmp_path / "store"
    _store(folder)
    data = _slots(folder)
    BROKEN[damage](data)
    (folder / KEY_FILE).write_text(json.dumps(data), "utf-8")
    before = (folder / KEY_FILE).read_bytes()
    result = run_cli("stats", "--store", str(folder), env=ENV)
    assert result.returncode == 3, (damage, result.stderr)
    _one_german_sentence(result.stderr)
    assert "Schlüsseldatei" in result.stderr
    assert (folder / KEY_FILE).read_bytes() == before
    with pytest.raises(NotAStoreError):
        CaseStore.open(folder, passphrase=PASSPHRASE)


@pytest.mark.parametrize("iterations, memory_kib, lanes", [
    (0, 1024, 1), (10**6, 1024, 1), (4, 2**31, 1), (4, 7, 1), (4, 1024, 0), (4, 1024, 10**4)])
def test_kdf_parameters_out_of_bounds_are_refused_before_any_derivation(
        iterations, memory_kib, lanes):
    with pytest.raises(NotAStoreError):
        KdfParams.from_json({"name": "argon2id", "iterations": iterations,
                             "memory_kib": memory_kib, "lanes": lanes,
                             "salt": base64.b64encode(os.urandom(16)).decode()})


def test_the_tuned_and_the_test_parameters_are_within_the_bounds():
    for params in (KdfParams.tuned(), KdfParams.fast()):
        assert KdfParams.from_json(params.to_json()) == params


# -- 14: leftovers of a killed process are cleaned up; everything private -----------------
def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_a_killed_process_are_removed_on_the_next_open(store_dir):
    _store(store_dir)
    dead, alive = _dead_pid(), os.getpid()
    (store_dir / f".{KEY_FILE}.tmp-{dead}").write_bytes(b"{half")
    (store_dir / f".{KEY_FILE}.tmp-{alive}").write_bytes(b"{someone is writing")
    creating = store_dir / f".kimdesk-creating-{dead}-0a1b2c3d"
    creating.mkdir()
    (creating / DB_NAME).write_bytes(b"x" * 4096)
    legacy = store_dir / ".kimdesk-creating-5e6f7a8b"  # named before pids were added
    legacy.mkdir()
    (store_dir / f".{DB_NAME}.restoring").write_bytes(b"x" * 4096)
    store = CaseStore.open(store_dir, passphrase=PASSPHRASE)
    store.close()
    names = sorted(p.name for p in store_dir.iterdir())
    assert names == sorted([DB_NAME, KEY_FILE, f".{KEY_FILE}.tmp-{alive}"]), names


def test_a_wrong_passphrase_removes_nothing(store_dir):
    _store(store_dir)
    leftover = store_dir / f".{KEY_FILE}.tmp-{_dead_pid()}"
    leftover.write_bytes(b"{half")
    result = run_cli("stats", "--store", str(store_dir),
                     env={"KIMDESK_PASSPHRASE": "ganz-falsch-1"})
    assert result.returncode == 2
    assert leftover.exists()


def _modes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder.parent)): stat.S_IMODE(p.stat().st_mode)
            for p in [folder, *folder.rglob("*")]}


def test_every_file_and_folder_of_a_store_is_private_whatever_the_umask(tmp_path):
    folder = tmp_path / "store"
    previous = os.umask(0o022)
    try:
        store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast(),
                                    migrate_to="0005")
        store.close()
        store = CaseStore.open(folder, passphrase=PASSPHRASE)  # upgrade: writes backups/
        ClientService(store).create("Shevchenko", given_names="Nadiia")
        while_open = _modes(folder)  # with -wal and -shm
        store.export_backup(tmp_path)
        store.close()
    finally:
        os.umask(previous)
    assert any(name.endswith("-wal") for name in while_open)
    assert any("backups" in name for name in while_open)
    for modes in (while_open, _modes(folder), *(_modes(p) for p in tmp_path.glob("KIMdesk-*"))):
        wrong = {name: oct(mode) for name, mode in modes.items() if mode & 0o077}
        assert wrong == {}, wrong
