"""A KIMdesk process that has unlocked a store writes no core dump when it crashes, shows
no passphrase in its environment, and creates private files (umask 077)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kimdesk.demo.generator import DemoGenerator
from kimdesk.store.case_store import DB_NAME, CaseStore
from kimdesk.store.key_slots import KdfParams
from tests.conftest import HANG_GUARD_S, PASSPHRASE

ROOT = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")}
    env["KIMDESK_PASSPHRASE"] = PASSPHRASE
    return env


def _start_with_cores(args: list[str], cwd: Path) -> subprocess.Popen:
    """``args`` under ``ulimit -c unlimited`` (as a careless or curious setup would have)."""
    command = "ulimit -c unlimited && exec " + " ".join(f"'{a}'" for a in args)
    return subprocess.Popen(["bash", "-c", command], cwd=cwd, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_until_store_open(proc: subprocess.Popen, database: Path) -> None:
    """Until the process has the database open (the key is in its memory)."""
    deadline = time.monotonic() + HANG_GUARD_S
    fd_dir = Path(f"/proc/{proc.pid}/fd")
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        try:
            targets = [os.readlink(fd) for fd in fd_dir.iterdir()]
        except (FileNotFoundError, ProcessLookupError):
            targets = []
        if str(database) in targets:
            return
        time.sleep(0.01)
    raise AssertionError("the store was never opened")


@pytest.fixture
def busy_store(tmp_path) -> tuple[Path, bytes]:
    """A store with enough clients that ``kimdesk find`` and ``demo-data`` take a moment."""
    folder = tmp_path / "store"
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    DemoGenerator(store, seed=6).generate(300)
    key = store._data_key
    store.close()
    return folder, key


def _cores_are_written_here(cwd: Path) -> bool:
    """A control: a plain process crashing under the same setup leaves a core file."""
    proc = _start_with_cores([sys.executable, "-c", "import os; os.abort()"], cwd)
    proc.wait(HANG_GUARD_S)
    found = [p for p in cwd.iterdir() if p.name.startswith("core")]
    for p in found:
        p.unlink()
    return bool(found)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="core dumps: Linux")
def test_a_crash_after_unlocking_writes_no_core_dump(busy_store, tmp_path):
    folder, key = busy_store
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    if not _cores_are_written_here(cwd):
        pytest.skip("this machine writes no core files into the working folder "
                    "(core_pattern); the limits are checked by the next test")
    crashes = 0
    for _ in range(3):
        proc = _start_with_cores([sys.executable, "-m", "kimdesk.cli", "demo-data", "--store",
                                  str(folder), "--clients", "20000", "--seed",
                                  str(100 + crashes)], cwd)
        _wait_until_store_open(proc, folder / DB_NAME)
        proc.send_signal(signal.SIGSEGV)
        assert proc.wait(HANG_GUARD_S) == -signal.SIGSEGV
        crashes += 1
        cores = [p for p in cwd.iterdir() if p.name.startswith("core")]
        leaked = [p for p in cores if key.hex().encode() in p.read_bytes()
                  or PASSPHRASE.encode() in p.read_bytes()]
        assert cores == [], (len(cores), f"{len(leaked)} with the key or passphrase")
    assert crashes == 3


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc: Linux")
def test_an_unlocked_process_has_no_core_limit_no_passphrase_in_its_environment_and_umask_077(
        busy_store, tmp_path):
    folder, _ = busy_store
    proc = _start_with_cores([sys.executable, "-m", "kimdesk.cli", "demo-data", "--store",
                              str(folder), "--clients", "20000", "--seed", "200"], tmp_path)
    try:
        _wait_until_store_open(proc, folder / DB_NAME)
        limits = Path(f"/proc/{proc.pid}/limits").read_text()
        status = Path(f"/proc/{proc.pid}/status").read_text()
        environ = Path(f"/proc/{proc.pid}/environ").read_bytes()
    finally:
        proc.kill()
        proc.wait(HANG_GUARD_S)
    core_line = next(line for line in limits.splitlines() if line.startswith("Max core"))
    assert core_line.split()[4:6] == ["0", "0"], core_line  # soft and hard
    assert "Umask:\t0077" in status
    assert PASSPHRASE.encode() not in environ


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl, /proc: Linux")
def test_harden_turns_off_dumping_and_takes_secrets_out_of_the_environment():
    probe = ("import ctypes, os\n"
             "from kimdesk import process_guard as g\n"
             "g.harden()\n"
             "libc = ctypes.CDLL(None)\n"
             "print(libc.prctl(3, 0, 0, 0, 0))\n"  # PR_GET_DUMPABLE
             "print('KIMDESK_PASSPHRASE' in os.environ)\n"
             "print(open('/proc/self/environ', 'rb').read().count(b'richtig-geheim-42'))\n"
             "print(g.take_secret('KIMDESK_PASSPHRASE'))\n"
             "print(g.take_secret('KIMDESK_PASSPHRASE'))\n"
             "print(subprocess_env := os.popen('env').read().count('KIMDESK_PASSPHRASE'))\n")
    result = subprocess.run([sys.executable, "-c", probe], env=_env(), capture_output=True,
                            text=True, timeout=HANG_GUARD_S, cwd=ROOT)
    assert result.stdout.split() == ["0", "False", "0", PASSPHRASE, "None", "0"], \
        result.stdout + result.stderr
