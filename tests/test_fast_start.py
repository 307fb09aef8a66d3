"""The first screen imports only what it shows: the desk's window module and opening a
store load no Alembic (unless there is something to upgrade), no disclosure audit (scipy),
no HTTP client, no spreadsheet or PDF libraries."""

import json
import subprocess
import sys

from kimdesk.store import migrate

HEAVY = {"alembic", "scipy", "numpy", "httpx", "openpyxl", "reportlab", "pypdfium2",
         "uharfbuzz", "fastapi"}


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] " \
                   "for m in sys.modules})))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=600, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_desk_window_module_loads_nothing_heavy():
    assert not _loaded_after("import kimdesk.ui.main_window") & HEAVY


def test_opening_a_store_needs_no_alembic(store_dir, tmp_path):
    from kimdesk.store.case_store import CaseStore
    from kimdesk.store.key_slots import KdfParams
    from tests.conftest import PASSPHRASE

    store, _ = CaseStore.create(store_dir, PASSPHRASE, "kleve", kdf=KdfParams.fast())
    store.close()
    loaded = _loaded_after(
        "from kimdesk.store.case_store import CaseStore\n"
        f"CaseStore.open({str(store_dir)!r}, passphrase={PASSPHRASE!r}).close()")
    assert "alembic" not in loaded


def test_the_head_read_from_the_files_is_alembics_head():
    assert migrate.head_revision() == migrate._alembic_head()


def test_known_revisions_are_read_from_the_files():
    assert migrate.is_known("0001") and migrate.is_known(migrate.head_revision())
    assert not migrate.is_known("9999")
