"""Re-keying: the database gets a new data key, so an old key file with the old passphrase
opens no later copy; a kill at any moment leaves a store that opens with the new key or
with the old one, never with neither."""

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kimdesk.casework.clients import ClientService
from kimdesk.demo.generator import DemoGenerator
from kimdesk.store import backups
from kimdesk.store.case_store import DB_NAME, KEY_FILE, CaseStore
from kimdesk.store.errors import NotAStoreError, StoreError, WrongPassphraseError
from kimdesk.store.key_slots import KdfParams, new_recovery_key
from tests.conftest import HANG_GUARD_S, PASSPHRASE, run_cli

ENV = {"KIMDESK_PASSPHRASE": PASSPHRASE}
NEW = "eine-ganz-andere-passphrase-7"


def _store(folder: Path, clients: int = 50, revision: str = "head") -> str:
    store, recovery = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast(),
                                       migrate_to=revision)
    if revision != "head":
        store.close()
        store = CaseStore.open(folder, passphrase=PASSPHRASE)  # upgrade: writes a backup
    DemoGenerator(store, seed=15).generate(clients)
    store.close()
    return recovery


def _key(folder: Path, **secret: str) -> bytes:
    store = CaseStore.open(folder, **secret)
    try:
        return store._data_key
    finally:
        store.close()


def _names(folder: Path) -> list[str]:
    store = CaseStore.open(folder, passphrase=PASSPHRASE)
    try:
        return sorted(c.display_name for c in ClientService(store).all())
    finally:
        store.close()


def test_after_a_passphrase_change_an_old_key_file_still_opens_the_database_unless_rekeyed(
        tmp_path):
    folder = tmp_path / "store"
    _store(folder)
    stolen = (folder / KEY_FILE).read_bytes()  # e.g. on a backup stick
    changed = run_cli("change-passphrase", "--store", str(folder),
                      env={**ENV, "KIMDESK_NEW_PASSPHRASE": NEW})
    assert changed.returncode == 0, changed.stderr
    assert "kimdesk rekey" in changed.stderr  # the hint that the data key stayed
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / KEY_FILE).write_bytes(stolen)
    assert _key(copy, passphrase=PASSPHRASE) == _key(folder, passphrase=NEW)  # the defect

    rekeyed = run_cli("rekey", "--store", str(folder), env={"KIMDESK_PASSPHRASE": NEW})
    assert rekeyed.returncode == 0, rekeyed.stderr
    assert "neu verschlüsselt" in rekeyed.stdout
    shutil.rmtree(copy)
    shutil.copytree(folder, copy)
    (copy / KEY_FILE).write_bytes(stolen)
    with pytest.raises(NotAStoreError):
        CaseStore.open(copy, passphrase=PASSPHRASE)
    store = CaseStore.open(folder, passphrase=NEW)  # opens with the current passphrase
    assert ClientService(store).count() == 50
    store.close()


def test_change_passphrase_with_rekey_gives_a_new_recovery_key_and_keeps_every_record(
        tmp_path):
    folder = tmp_path / "store"
    old_recovery = _store(folder, revision="0006")
    before = _names(folder)
    old_key = _key(folder, passphrase=PASSPHRASE)
    result = run_cli("change-passphrase", "--store", str(folder), "--rekey",
                     env={**ENV, "KIMDESK_NEW_PASSPHRASE": NEW})
    assert result.returncode == 0, result.stderr
    recovery = next(line.strip() for line in result.stdout.splitlines()
                    if line.startswith("    "))
    new_key = _key(folder, recovery_key=recovery)
    assert new_key != old_key and not backups.key_fits(folder / DB_NAME, old_key)
    with pytest.raises(WrongPassphraseError):
        CaseStore.open(folder, recovery_key=old_recovery)
    with pytest.raises(WrongPassphraseError):
        CaseStore.open(folder, passphrase=PASSPHRASE)
    store = CaseStore.open(folder, passphrase=NEW)
    try:
        assert sorted(c.display_name for c in ClientService(store).all()) == before
        first = before[0].split(",")[0]
        assert ClientService(store).search(first)  # the search index came along
    finally:
        store.close()
    upgrade_backups = list((folder / "backups").glob("*.db"))
    assert upgrade_backups and all(backups.verify(p, new_key) for p in upgrade_backups)
    assert sorted(p.name for p in folder.iterdir()) == ["backups", DB_NAME, KEY_FILE]


def test_rekey_is_refused_while_another_process_has_the_store_open(tmp_path):
    folder = tmp_path / "store"
    _store(folder, clients=5)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from kimdesk.store.case_store import CaseStore\n"
         f"s = CaseStore.open({str(folder)!r}, passphrase={PASSPHRASE!r})\n"
         "s.settings(); print('open', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[1])
    try:
        assert holder.stdout.readline().strip() == "open"
        before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                  for p in folder.iterdir() if p.is_file() and p.suffix != ".db-shm"}
        result = run_cli("rekey", "--store", str(folder), env=ENV)
        assert result.returncode == 1
        assert "anderen Fenster oder Programm geöffnet" in result.stderr
        after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in folder.iterdir() if p.is_file() and p.suffix != ".db-shm"}
        assert after[KEY_FILE] == before[KEY_FILE]
    finally:
        holder.communicate("", timeout=HANG_GUARD_S)


def test_rekey_needs_the_current_passphrase(tmp_path):
    folder = tmp_path / "store"
    _store(folder, clients=3)
    store = CaseStore.open(folder, passphrase=PASSPHRASE)
    try:
        with pytest.raises(WrongPassphraseError):
            store.rekey("nicht-die-passphrase", new_recovery_key(), kdf=KdfParams.fast())
        assert ClientService(store).count() == 3
    finally:
        store.close()
    assert _key(folder, passphrase=PASSPHRASE)


def _transition(tmp_path: Path, database_of: str) -> tuple[Path, bytes, bytes, str, str]:
    """The on-disk state between steps 3 and 5: a key file naming both keys (the new
    slots and the old as ``previous``), beside the old or the new database."""
    old = tmp_path / "old"
    old_recovery = _store(old, clients=20)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    recovery = new_recovery_key()
    store = CaseStore.open(new, passphrase=PASSPHRASE)
    store.rekey(PASSPHRASE, recovery, kdf=KdfParams.fast())
    store.close()
    both = json.loads((new / KEY_FILE).read_text())
    both["previous"] = json.loads((old / KEY_FILE).read_text())["slots"]
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    shutil.copy2((old if database_of == "old" else new) / DB_NAME, state / DB_NAME)
    (state / KEY_FILE).write_text(json.dumps(both))
    return state, _key(old, passphrase=PASSPHRASE), _key(new, passphrase=PASSPHRASE), \
        old_recovery, recovery


def test_killed_after_writing_both_keys_but_before_the_swap_the_store_rolls_back(tmp_path):
    state, old_key, _new_key, old_recovery, _recovery = _transition(tmp_path, "old")
    assert _key(state, recovery_key=old_recovery) == old_key  # the old recovery key works
    assert "previous" not in json.loads((state / KEY_FILE).read_text())
    assert _key(state, passphrase=PASSPHRASE) == old_key


def test_killed_after_the_swap_the_store_rolls_forward(tmp_path):
    state, _old_key, new_key, old_recovery, recovery = _transition(tmp_path, "new")
    with pytest.raises(StoreError):  # the old recovery key belongs to the old data key
        CaseStore.open(state, recovery_key=old_recovery)
    assert _key(state, passphrase=PASSPHRASE) == new_key
    assert "previous" not in json.loads((state / KEY_FILE).read_text())
    assert _key(state, recovery_key=recovery) == new_key


def _open_fd(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc: Linux")
def test_kills_during_rekeying_leave_a_store_that_opens_with_the_new_or_the_old_key(tmp_path):
    folder = tmp_path / "store"
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    DemoGenerator(store, seed=16).generate(2000)  # about 7 MB to re-encrypt
    store.close()
    names = _names(folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")} | ENV
    command = [sys.executable, "-m", "kimdesk.cli", "rekey", "--store", str(folder)]

    def started() -> tuple[subprocess.Popen, float]:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + HANG_GUARD_S
        while not _open_fd(proc.pid, folder / DB_NAME) and proc.poll() is None:
            assert time.monotonic() < deadline, "rekey never opened the store"
            time.sleep(0.002)
        return proc, time.monotonic()

    proc, begun = started()  # one whole run: how long the work after opening takes
    assert proc.wait(HANG_GUARD_S) == 0
    window = time.monotonic() - begun
    rng = random.Random(15)
    outcome = {"old key": 0, "new key": 0, "completed": 0, "both in key file": 0}
    kills = 0
    rounds = 0
    # 30 rounds; then, on a machine whose load changed since the timed run, more rounds
    # with a longer reach (at most 30) until both outcomes were seen
    while rounds < 30 or (rounds < 60 and 0 in (outcome["old key"], outcome["new key"])):
        reach = 1.1 * window * (1.25 ** max(0, rounds - 29))
        rounds += 1
        key_before = _key(folder, passphrase=PASSPHRASE)
        proc, _ = started()
        time.sleep(rng.uniform(0.0, reach))  # a random moment of the work
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        code = proc.wait(HANG_GUARD_S)
        if "previous" in json.loads((folder / KEY_FILE).read_text()):
            outcome["both in key file"] += 1
        if code == 0:
            outcome["completed"] += 1
        key_after = _key(folder, passphrase=PASSPHRASE)  # never neither
        outcome["old key" if key_after == key_before else "new key"] += 1
        assert "previous" not in json.loads((folder / KEY_FILE).read_text())
        assert _names(folder) == names
    print(f"rekey kill test: {rounds} rounds, {kills} kills, {outcome}, "
          f"work took {window:.2f} s")
    assert kills >= 15 and outcome["old key"] >= 1 and outcome["new key"] >= 1
    assert sorted(p.name for p in folder.iterdir()) == [DB_NAME, KEY_FILE]
