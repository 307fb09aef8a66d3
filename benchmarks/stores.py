"""Benchmark stores: the real encrypted store and a plain-SQLite twin with the same schema.

The twin runs the very same services, so a ratio compares encryption cost alone.
"""

import os
import shutil
import tempfile
from pathlib import Path

from kimdesk import catalogues
from kimdesk.casework.directory import DirectoryService
from kimdesk.demo.generator import DemoGenerator
from kimdesk.store import migrate
from kimdesk.store.case_store import DB_NAME, KEY_FILE, CaseStore
from kimdesk.store.engine import build_engine
from kimdesk.store.key_slots import KdfParams, KeySlotFile

PASSPHRASE = "benchmark-passphrase"


def client_count(quick: bool) -> int:
    override = os.environ.get("KIMDESK_BENCH_CLIENTS")
    if override:
        return int(override)
    return 3000 if quick else 10_000


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="kimdesk-bench-"))


def encrypted_store(folder: Path, kdf: KdfParams | None = None) -> CaseStore:
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", kdf=kdf or KdfParams.fast())
    DirectoryService(store).load_entries(catalogues.service_directory("kleve"))
    return store


def plain_store(folder: Path) -> CaseStore:
    """Same schema and services on an unencrypted SQLite file (benchmark baseline only)."""
    folder.mkdir(parents=True, exist_ok=True)
    engine = build_engine(folder / DB_NAME, None)
    migrate.upgrade(engine)
    # no data key: its plain reads (the search, the settings) open the file unkeyed too
    store = CaseStore(folder, engine, KeySlotFile.new(folder / KEY_FILE, "plain"),
                      None)  # type: ignore[arg-type]
    store.set_settings({"district_id": "kleve"})
    DirectoryService(store).load_entries(catalogues.service_directory("kleve"))
    return store


def fill(store: CaseStore, clients: int) -> None:
    DemoGenerator(store, seed=42).generate(clients)


def cleanup(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
