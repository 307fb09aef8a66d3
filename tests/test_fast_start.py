"""The first screen imports only what it shows: the desk's window module and opening a
store load no Alembic (unless there is something to upgrade), no disclosure audit (scipy),
no HTTP client, no spreadsheet or PDF libraries."""

import json
import subprocess
import sys
from datetime import date

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


def test_the_unlocked_desk_shows_heute_before_the_sync_machinery_loads(tmp_path):
    """Process start to Heute on an unlocked profile: the store libraries, Heute and
    nothing of the sync machinery (HTTP client, payloads), statistics, printing or import;
    the sync worker comes a moment later."""
    from kimdesk.casework.profiles import create_profile
    from kimdesk.store.key_slots import KdfParams

    home = tmp_path / "home"
    profile, store, _ = create_profile("Start", "kleve", "start-passphrase-42", "Test CM",
                                       kdf=KdfParams.fast(), base=home / "profiles")
    store.close()
    code = (
        "import os, sys, time\n"
        f"os.environ['KIMDESK_HOME'] = {str(home)!r}\n"
        "os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "from pathlib import Path\n"
        "from kimdesk.ui.app import demo_profile, make_application\n"
        "from kimdesk.ui.main_window import AppOptions, MainWindow\n"
        "app = make_application()\n"
        f"window = MainWindow(AppOptions(demo_profile=demo_profile(Path({str(profile.folder)!r})),"
        " demo_passphrase='start-passphrase-42', sync_start_ms=600_000))\n"
        "window.show()\n"
        "window.unlock_view.submit()\n"
        "while not (window.state() == 'work' and window.workspace.today.agenda is not None):\n"
        "    window.runner.wait_idle(0.05)\n"
        "    app.processEvents()\n"
        "assert window.sync_worker is None\n"
        "window.runner.wait_idle(5)\n"
        "app.processEvents()\n")
    loaded = _loaded_after(code)
    assert "sqlalchemy" in loaded and "sqlcipher3" in loaded
    assert not loaded & (HEAVY | {"httpx", "pydantic"}), loaded & (HEAVY | {"httpx", "pydantic"})
    assert not {"kimdesk.sync.rounds", "kimdesk.ui.statistics_page", "kimdesk.ui.import_view",
                "kimdesk.ui.client_list"} & _loaded_modules_after(code)


def _loaded_modules_after(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=600, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_heute_is_read_and_shown_before_sqlalchemy_loads_and_editing_follows(tmp_path):
    """Unlocking and Heute read over plain connections: when Heute draws its agenda no
    SQLAlchemy is loaded; right after, the editing libraries load on the task runner."""
    from kimdesk.casework.profiles import create_profile
    from kimdesk.casework.today import TodayService
    from kimdesk.store.key_slots import KdfParams

    home = tmp_path / "home"
    profile, store, _ = create_profile("Start", "kleve", "start-passphrase-42", "Test CM",
                                       kdf=KdfParams.fast(), base=home / "profiles")
    from kimdesk.casework.clients import ClientService
    from kimdesk.casework.referrals import ReferralService

    client = ClientService(store).create("Haddad", given_names="Rana")
    ReferralService(store).remind(date.today(), "Bescheid nachreichen", client_id=client)
    assert TodayService(store).agenda().totals["reminders"] == 1
    store.close()
    code = (
        "import os, sys\n"
        f"os.environ['KIMDESK_HOME'] = {str(home)!r}\n"
        "os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "from pathlib import Path\n"
        "from kimdesk.ui.app import demo_profile, make_application\n"
        "from kimdesk.ui.main_window import AppOptions, MainWindow\n"
        "from kimdesk.ui import today_view\n"
        "seen = []\n"
        "show = today_view.TodayView._show\n"
        "def watched(self, agenda):\n"
        "    seen.append((agenda.totals.get('reminders'), 'sqlalchemy' in sys.modules))\n"
        "    return show(self, agenda)\n"
        "today_view.TodayView._show = watched\n"
        "app = make_application()\n"
        f"window = MainWindow(AppOptions(demo_profile=demo_profile(Path({str(profile.folder)!r})),"
        " demo_passphrase='start-passphrase-42', sync_start_ms=600_000))\n"
        "window.show()\n"
        "window.unlock_view.submit()\n"
        "while window.store_libraries != 'loaded':\n"
        "    window.runner.wait_idle(0.05)\n"
        "    app.processEvents()\n"
        "print(seen, 'sqlalchemy.orm' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[(1, False)] True", done.stdout
