"""Opening a store and reading through its plain readers: no SQLAlchemy until a session is
asked for, snapshots that see what the engine committed, connections closed with the
store, and the GUI-thread guard watching these reads too."""

import subprocess
import sys

import pytest

from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import KdfParams
from kimdesk.store.reader import Reader
from tests.conftest import PASSPHRASE


def test_opening_a_store_and_reading_its_settings_loads_no_sqlalchemy(store_dir):
    store, _ = CaseStore.create(store_dir, PASSPHRASE, "kleve", case_manager="Frau Ente",
                                kdf=KdfParams.fast())
    store.close()
    code = ("import sys\nfrom kimdesk.store.case_store import CaseStore\n"
            f"s = CaseStore.open({str(store_dir)!r}, passphrase={PASSPHRASE!r})\n"
            "print(s.setting('case_manager'), s.district_id)\n"
            "print('sqlalchemy' in sys.modules)\n"
            "s.session().close()\nprint('sqlalchemy' in sys.modules)\ns.close()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, check=True)
    assert done.stdout.split("\n")[:3] == ["Frau Ente kleve", "False", "True"]


def test_settings_read_plainly_are_what_the_session_wrote(store):
    values = {"n": 3, "f": 1.5, "s": "12", "l": [1, "a"], "d": {"x": None}, "none": None,
              "t": True}
    store.set_settings(values)
    settings = store.settings()
    assert {k: settings[k] for k in values} == values
    assert store.setting("s") == "12" and store.setting("missing", "-") == "-"


def test_a_snapshot_sees_what_was_committed_before_it_began(store):
    store.set_settings({"step": 1})
    with store.read() as db:
        assert db.one("SELECT value FROM settings WHERE key = 'step'") == 1
        store.set_settings({"step": 2})  # committed by the engine meanwhile
        assert db.one("SELECT value FROM settings WHERE key = 'step'") == 1  # one snapshot
    assert store.setting("step") == 2


def test_readers_are_reused_and_closed_with_the_store(store):
    with store.read() as db:
        first = db._conn
    with store.read() as db:
        assert db._conn is first
    store.close()
    with pytest.raises(Exception) as caught:
        first.execute("SELECT 1")
    assert Reader.is_database_error(caught.value) or "closed" in str(caught.value)


def test_a_failed_read_does_not_return_its_connection(store):
    with pytest.raises(Exception) as caught, store.read() as db:
        broken = db._conn
        db.rows("SELECT * FROM no_such_table")
    assert Reader.is_database_error(caught.value)
    with store.read() as db:
        assert db._conn is not broken
        assert db.one("SELECT count(*) FROM settings") > 0


def test_the_gui_thread_guard_sees_plain_reads_from_ui_code(store,
                                                            _no_database_work_on_the_gui_thread):
    from tests.conftest import UI_PACKAGE

    namespace: dict = {}
    exec(compile("def slot(store):\n    with store.read() as db:\n"  # noqa: S102 - a test
                 "        return db.one('SELECT count(*) FROM settings')\n",
                 f"{UI_PACKAGE}/pretend_view.py", "exec"), namespace)
    seen = _no_database_work_on_the_gui_thread
    store.setting("district_id")  # test code on the main thread: allowed
    assert seen == []
    namespace["slot"](store)
    assert seen == ["pretend_view.py:3 in slot: SELECT (plain reader)"]
    seen.clear()  # (the guard would fail this test on the way out)
