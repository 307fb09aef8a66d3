"""Hilfe → Über KIMdesk: the support desk can read the app version and the store's schema."""

import shutil
import tomllib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from kimdesk.casework.profiles import Profile
from kimdesk.store import migrate
from tests.conftest import HANG_GUARD_MS
from tests.ui.conftest import unlock

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def test_f1_shows_app_version_and_store_schema(qtbot, desk_window):
    ws = desk_window.workspace
    qtbot.keyClick(desk_window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: ws.about is not None and ws.about.isVisible(), timeout=HANG_GUARD_MS)
    text = ws.about.text()
    assert f"KIMdesk {VERSION}" in text
    assert f"Schema {migrate.head_revision()} (aktuell)" in text
    ws.about.copy()
    assert QApplication.clipboard().text() == text
    ws.about.reject()


def test_help_menu_opens_about_for_an_upgraded_old_store(qtbot, window, kimdesk_home):
    """A laptop still on 0.1.0's schema: after the update the dialog shows the new head."""
    folder = kimdesk_home / "profiles" / "alt"
    shutil.copytree(ROOT / "tests" / "fixtures" / "store_v0006", folder)
    window.show_unlock(Profile(folder, "Alt", "kleve"))
    unlock(window, "fixture-passphrase-0006")
    assert window.state() == "work"
    ws = window.workspace
    button = next(b for b in ws.toolbar.findChildren(QToolButton)
                  if b.accessibleName() == "Hilfe")
    button.menu().actions()[0].trigger()
    qtbot.waitUntil(lambda: ws.about is not None and ws.about.isVisible(), timeout=HANG_GUARD_MS)
    assert f"Alt, Schema {migrate.head_revision()} (aktuell)" in ws.about.text()
    ws.about.reject()


def test_unlocking_a_store_from_a_newer_version_says_so_and_changes_nothing(qtbot, window,
                                                                            kimdesk_home):
    from tests.test_schema_fixtures import NEWER_PASSPHRASE, make_newer_store, snapshot

    folder = make_newer_store(kimdesk_home / "profiles" / "neu")
    before = snapshot(folder)
    window.show_unlock(Profile(folder, "Neu", "kleve"))
    window.unlock_view.passphrase.setText(NEWER_PASSPHRASE)
    window.unlock_view.submit()
    qtbot.waitUntil(lambda: "neueren KIMdesk-Version" in window.unlock_view.error.text(),
                    timeout=HANG_GUARD_MS)
    assert window.state() == "unlock"
    assert "Bitte KIMdesk aktualisieren" in window.unlock_view.error.text()
    assert snapshot(folder) == before


def test_open_desk_for_the_start_benchmark_unlocks_or_says_why(kimdesk_home, profile):
    """``kimdesk self-test --open-desk`` (what benchmarks/bench_bundle.py times)."""
    from tests.conftest import run_cli

    env = {"KIMDESK_HOME": str(kimdesk_home), "QT_QPA_PLATFORM": "offscreen"}
    done = run_cli("self-test", "--open-desk", str(profile.folder),
                   env={**env, "KIMDESK_PASSPHRASE": "richtig-geheim-42"})
    assert (done.returncode, done.stdout.strip()) == (0, "entsperrt"), done.stderr
    done = run_cli("self-test", "--open-desk", str(profile.folder),
                   env={**env, "KIMDESK_PASSPHRASE": "falsch-falsch"})
    assert done.returncode == 1
    assert "ließ sich nicht entsperren" in done.stderr and "Passphrase ist falsch" in done.stderr
