"""The medium under a store: read-only or full is said as such, never called damage."""

import hashlib
import os
from pathlib import Path

from kimdesk.casework.clients import ClientService
from kimdesk.store.case_store import CaseStore
from kimdesk.store.errors import DiskFullError
from kimdesk.store.key_slots import KdfParams
from tests.conftest import PASSPHRASE, run_cli
from tests.mounts import read_only_view, small_disk

ENV = {"KIMDESK_PASSPHRASE": PASSPHRASE, "KIMDESK_NEW_PASSPHRASE": "eine-neue-passphrase"}


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _store(folder: Path) -> None:
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    ClientService(store).create("Shevchenko", given_names="Nadiia")
    store.close()


def test_a_read_only_medium_is_named_for_every_command(tmp_path):
    _store(tmp_path / "src" / "store")
    (tmp_path / "liste.csv").write_text("Nachname;Vorname\nMüller;Anna\n", "utf-8")
    with read_only_view(tmp_path / "src", tmp_path / "ro") as ro:
        store = ro / "store"
        before = _hashes(store)
        for args in (("stats",), ("check",), ("find", "shevchenko"),
                     ("import", str(tmp_path / "liste.csv")), ("change-passphrase",),
                     ("backup", "--to", str(tmp_path))):
            result = run_cli(args[0], "--store", str(store), *args[1:], env=ENV)
            assert result.returncode == 1, (args, result.stderr)
            assert "schreibgeschützt" in result.stderr, (args, result.stderr)
            assert "beschädigt" not in result.stderr and "Traceback" not in result.stderr
            assert len(result.stderr.strip().splitlines()) == 1
        assert _hashes(store) == before


def test_a_store_on_a_full_disk_is_full_not_damaged(tmp_path):
    with small_disk(tmp_path / "disk", 2 * 1024 * 1024) as disk:
        _store(disk / "store")
        ballast = disk / "ballast"
        fd = os.open(ballast, os.O_WRONLY | os.O_CREAT, 0o600)
        try:  # fill the disk to the last byte
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        result = run_cli("stats", "--store", str(disk / "store"), env=ENV)
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip() == str(DiskFullError())
        os.unlink(ballast)
        assert run_cli("stats", "--store", str(disk / "store"), env=ENV).returncode == 0
