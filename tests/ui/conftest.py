"""UI fixtures: a private KIMDESK_HOME, profiles on real encrypted stores, the main window."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kimdesk.casework.profiles import Profile, create_profile
from kimdesk.store.key_slots import KdfParams
from kimdesk.ui.app import make_application
from kimdesk.ui.main_window import AppOptions, MainWindow
from tests.conftest import HANG_GUARD_MS, HANG_GUARD_S, wait_until

PASSPHRASE = "richtig-geheim-42"


@pytest.fixture
def kimdesk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("KIMDESK_HOME", str(home))
    return home


def make_profile(label: str, passphrase: str = PASSPHRASE, district: str = "kleve",
                 clients: list[tuple[str, str]] | None = None) -> Profile:
    profile, store, _key = create_profile(label, district, passphrase, f"{label} CM",
                                          kdf=KdfParams.fast())
    try:
        from kimdesk.casework.clients import ClientService

        for family, given in clients or []:
            cid = ClientService(store).create(family, given_names=given)
            ClientService(store).give_consent(cid, "documentation", "01.01.2020")
    finally:
        store.close()
    return profile


@pytest.fixture
def profile(kimdesk_home: Path) -> Profile:
    return make_profile("Goch", clients=[("Al-Hassan", "Muhammad"), ("Kowalska", "Anna")])


@pytest.fixture
def window(qtbot, kimdesk_home: Path):
    make_application()
    win = MainWindow(AppOptions(kdf=KdfParams.fast(), sync_start_ms=0))
    qtbot.addWidget(win)
    win.show()
    # Keyboard shortcuts go to the active window; after other tests' windows the new one
    # is not activated by itself on the offscreen platform.
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=HANG_GUARD_MS)
    yield win
    win.shutdown()


def wait(win: MainWindow) -> None:
    assert win.runner.wait_idle(HANG_GUARD_S), "background tasks did not finish"


def unlock(win: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """From the start or unlock page to the desk."""
    if win.state() == "start":
        win.start_view._open()
    win.unlock_view.passphrase.setText(passphrase)
    win.unlock_view.submit()
    wait(win)
    wait(win)
    # The sync worker starts once Heute is up and its first round writes the sync state:
    # the tests begin after that round — or at once when no round is due (a store that
    # already found it is not enrolled waits to be woken) — so that what they count and
    # read is not changed under them. (Its commit no longer fails a test's own write:
    # tests/test_store_writes.py.)
    if win.state() != "work":
        return
    wait_until(lambda: _events() or win.sync_worker is not None, "the sync worker's start")
    worker = win.sync_worker
    assert worker is not None
    wait_until(lambda: worker.rounds >= 1 or worker.resting.is_set(),
               "the sync worker's first round")


def _events() -> None:
    """Let the window's timers and deliveries run (for wait_until's conditions)."""
    QApplication.processEvents()


@pytest.fixture
def desk_window(window, profile):
    window.show_start()
    unlock(window)
    assert window.state() == "work"
    return window
