"""Shared fixtures: real encrypted stores in temporary folders, an in-memory keyring."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from kimdesk import catalogues
from kimdesk.casework.directory import DirectoryService
from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import KdfParams

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PASSPHRASE = "richtig-geheim-42"

#: How long a test waits for an event before calling it a hang. Never a guess of how long
#: the work takes: every wait returns as soon as its event happens, so this bound only
#: matters when something is stuck — and CI's 2-core machine may be very busy.
HANG_GUARD_S = 300
HANG_GUARD_MS = HANG_GUARD_S * 1000


def wait_until(condition, what: str = "condition") -> None:  # noqa: ANN001 - a callable
    """Poll ``condition`` until it holds (for threads that signal nothing we can wait on)."""
    deadline = time.monotonic() + HANG_GUARD_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {HANG_GUARD_S} s")
        time.sleep(0.01)


class MemoryKeyring(KeyringBackend):
    """Stands in for the OS keyring backend (outside the product, so mocked)."""

    priority = 10

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_dir: Path):
    """A fresh encrypted store for Kreis Kleve with its service directory."""
    s, _ = CaseStore.create(store_dir, PASSPHRASE, "kleve", case_manager="Test CM",
                            kdf=KdfParams.fast())
    DirectoryService(s).load_entries(catalogues.service_directory("kleve"))
    yield s
    s.close()


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None
            ) -> subprocess.CompletedProcess:
    """Run the real ``kimdesk`` command line in a subprocess."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "kimdesk.cli", *args], capture_output=True,
                          text=True, env=full_env, input=stdin, timeout=300)


@pytest.fixture(autouse=True)
def _no_leftover_windows():
    """A window left open by one test must not keep the focus (and its keyboard shortcuts)
    from the next one."""
    yield
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in app.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    app.processEvents()


# -- nothing slow on the GUI thread -----------------------------------------------------------
UI_PACKAGE = str(Path(__file__).resolve().parents[1] / "kimdesk" / "ui")


def ui_caller_on_gui_thread() -> str | None:
    """Where UI code reached the database on the GUI thread ("file:line in function"), or
    None: tests may use the store on the main thread, slots and views may not."""
    if threading.current_thread() is not threading.main_thread():
        return None
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename.startswith(UI_PACKAGE):
            code = frame.f_code
            return f"{Path(code.co_filename).name}:{frame.f_lineno} in {code.co_name}"
        frame = frame.f_back
    return None


@pytest.fixture(autouse=True)
def _no_database_work_on_the_gui_thread():
    """Every SQL statement is checked: one sent by UI code on the GUI thread fails the test
    (the desk would freeze for as long as the sync worker holds the database)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from kimdesk.store.reader import Reader

    seen: list[str] = []

    def check(_conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
        where = ui_caller_on_gui_thread()
        if where is not None:
            seen.append(f"{where}: {statement.split()[0]}")

    def watched(read):  # noqa: ANN001, ANN202 - a Reader method
        def run(self, sql, params=()):  # noqa: ANN001, ANN202
            where = ui_caller_on_gui_thread()
            if where is not None:
                seen.append(f"{where}: {sql.split()[0]} (plain reader)")
            return read(self, sql, params)
        return run

    plain = Reader.rows, Reader.first
    Reader.rows, Reader.first = watched(Reader.rows), watched(Reader.first)
    event.listen(Engine, "before_cursor_execute", check)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", check)
        Reader.rows, Reader.first = plain
    assert not seen, "UI code used the database on the GUI thread:\n" + "\n".join(
        dict.fromkeys(seen))
