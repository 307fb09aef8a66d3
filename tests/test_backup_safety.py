"""A backup either is whole and sound, or is not there: full disks, kills half-way, and
private modes from the first byte."""

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kimdesk.casework.clients import ClientService
from kimdesk.store import backups, migrate
from kimdesk.store.case_store import DB_NAME, KEY_FILE, CaseStore
from kimdesk.store.errors import DiskFullError
from kimdesk.store.key_slots import KdfParams
from tests.conftest import HANG_GUARD_S, PASSPHRASE, run_cli
from tests.mounts import small_disk

ENV = {"KIMDESK_PASSPHRASE": PASSPHRASE}
FULL = str(DiskFullError())


def _filled_store(folder: Path, clients: int, revision: str = "head") -> bytes:
    """A store with ``clients`` clients; returns its data key."""
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast(),
                                migrate_to=revision)
    if revision == "head":
        service = ClientService(store)
        for i in range(clients):
            service.create(f"Nachname{i}", given_names="Test", address="Hauptstraße " * 20)
        store.checkpoint()
    key = store._data_key
    store.close()
    return key


def _looks_like_a_backup(entry: Path) -> bool:
    return entry.name.startswith("KIMdesk-Sicherung")


def _assert_whole_and_sound(entry: Path, key: bytes) -> None:
    assert sorted(p.name for p in entry.iterdir()) == [DB_NAME, KEY_FILE], entry
    assert stat.S_IMODE(entry.stat().st_mode) == 0o700
    for p in entry.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert backups.verify(entry / DB_NAME, key) == migrate.head_revision()


def _nothing_readable_by_others(folder: Path) -> None:
    loose = {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in folder.rglob("*")
             if stat.S_IMODE(p.stat().st_mode) & 0o077}
    assert loose == {}


def test_a_full_disk_gives_the_disk_full_sentence_and_leaves_no_backup(tmp_path):
    store_dir = tmp_path / "store"
    key = _filled_store(store_dir, clients=400)
    db_size = (store_dir / DB_NAME).stat().st_size
    outcomes = {"written": 0, "disk full": 0}
    # too small for anything, for the key file only, a page short of the database, ...
    sizes = [4096, 16384, db_size // 2, db_size - 8192, db_size - 4096, db_size,
             db_size + 4096, db_size + 8192, db_size + 65536]
    for n, size in enumerate(sizes):
        with small_disk(tmp_path / f"stick{n}", size) as stick:
            result = run_cli("backup", "--store", str(store_dir), "--to", str(stick), env=ENV)
            entries = list(stick.iterdir())
            if result.returncode == 0:
                outcomes["written"] += 1
                assert len(entries) == 1 and _looks_like_a_backup(entries[0])
                _assert_whole_and_sound(entries[0], key)
            else:
                outcomes["disk full"] += 1
                assert result.stderr.strip() == FULL, (size, result.stderr)
                assert entries == [], (size, entries)  # nothing, not even hidden
    assert outcomes["disk full"] >= 4 and outcomes["written"] >= 1, outcomes


def test_an_upgrade_backup_on_a_full_disk_changes_nothing(tmp_path):
    with small_disk(tmp_path / "disk", 4 * 1024 * 1024) as disk:
        store_dir = disk / "store"
        _filled_store(store_dir, 0, revision="0005")
        ballast = disk / "ballast"
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        room = (store_dir / DB_NAME).stat().st_size // 2  # -shm and a few WAL pages fit
        ballast.write_bytes(b"\0" * (free - room))  # enough to open, not to back up
        before = (store_dir / DB_NAME).read_bytes()
        with pytest.raises(DiskFullError):
            CaseStore.open(store_dir, passphrase=PASSPHRASE)
        assert (store_dir / DB_NAME).read_bytes() == before
        assert list((store_dir / "backups").iterdir()) == []
        ballast.unlink()
        store = CaseStore.open(store_dir, passphrase=PASSPHRASE)  # with room: upgrades
        store.close()
        assert len(list((store_dir / "backups").glob("*.db"))) == 1


def _new_entry_or_exit(folder: Path, known: set[str], proc: subprocess.Popen) -> float:
    """Wait until something new appears in ``folder`` (the backup has begun) or the
    process ends; returns the moment (monotonic)."""
    deadline = time.monotonic() + HANG_GUARD_S
    while time.monotonic() < deadline:
        if {p.name for p in folder.iterdir()} - known or proc.poll() is not None:
            return time.monotonic()
        time.sleep(0.001)
    raise AssertionError("the backup neither began nor ended")


def test_kills_during_a_backup_never_leave_something_that_looks_like_one(tmp_path):
    from kimdesk.demo.generator import DemoGenerator

    store_dir = tmp_path / "store"
    store, _ = CaseStore.create(store_dir, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    DemoGenerator(store, seed=16).generate(3000)  # about 10 MB to copy
    store.checkpoint()
    key = store._data_key
    store.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")} | ENV
    command = [sys.executable, "-m", "kimdesk.cli", "backup", "--store", str(store_dir),
               "--to", str(usb)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    began = _new_entry_or_exit(usb, set(), proc)
    assert proc.wait(HANG_GUARD_S) == 0
    window = time.monotonic() - began  # from the first entry to the end of the run
    rng = random.Random(16)
    kills = completed = 0
    for _ in range(25):
        known = {p.name for p in usb.iterdir()}
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        _new_entry_or_exit(usb, known, proc)
        time.sleep(rng.uniform(0.0, 1.2 * window))  # a random moment of the writing
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        if proc.wait(HANG_GUARD_S) == 0:
            completed += 1
        for entry in usb.iterdir():
            if _looks_like_a_backup(entry):
                _assert_whole_and_sound(entry, key)
            else:
                assert entry.name.startswith(".kimdesk-unfertig-"), entry.name
        _nothing_readable_by_others(usb)
    print(f"backup kill test: {kills} kills while writing, {completed} runs completed, "
          f"writing took {window:.2f} s")
    assert kills >= 10
    result = run_cli("backup", "--store", str(store_dir), "--to", str(usb), env=ENV)
    assert result.returncode == 0, result.stderr
    assert all(_looks_like_a_backup(e) for e in usb.iterdir())  # unfinished ones swept
