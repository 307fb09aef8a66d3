"""pytest-qt: the reconstruction window saves the sheet privately (0600) or says why not."""

import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kimdesk.store.errors import DiskFullError
from kimdesk.ui.reconstruction import window as window_module
from kimdesk.ui.reconstruction.window import ReconstructionWindow
from tests.conftest import HANG_GUARD_MS
from tests.reconstructions.conftest import settle


@pytest.fixture
def window(qtbot, demo_case, service, runner):
    widget = ReconstructionWindow(service, runner, demo_case)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.editor is not None, timeout=HANG_GUARD_MS)
    return widget


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def answers(monkeypatch):
    """Draft sheet: "Ja"; warnings are recorded instead of shown."""
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _parent, _title, text, *a, **k:
                                     warnings.append(text) or QMessageBox.StandardButton.Ok))
    return warnings


def _save_to(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "PDF (*.pdf)")))


def test_sheet_is_written_readable_by_the_owner_only(qtbot, monkeypatch, out, window,
                                                     answers):
    target = out / "blatt.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)  # an older, world-readable file at the chosen place
    _save_to(monkeypatch, target)
    with qtbot.waitSignal(window.sheet_saved, timeout=HANG_GUARD_MS) as saved:
        window._save_sheet(window.editor.reconstruction_id)
    assert saved.args == [str(target)]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"%PDF")
    assert answers == []
    assert [p.name for p in out.iterdir()] == ["blatt.pdf"]  # no temp file left


def test_print_button_path_writes_the_sheet(qtbot, monkeypatch, out, window, answers):
    target = out / "neu.pdf"
    _save_to(monkeypatch, target)
    with qtbot.waitSignal(window.sheet_saved, timeout=HANG_GUARD_MS):
        window.editor._print()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert window.editor.error.text() == ""


def test_a_full_disk_is_a_german_message_not_a_traceback(qtbot, monkeypatch, out, window,
                                                         answers, runner):
    target = out / "voll.pdf"
    _save_to(monkeypatch, target)

    def full(*_args, **_kwargs):
        raise DiskFullError()
    monkeypatch.setattr(window_module, "write_atomic", full)
    window._save_sheet(window.editor.reconstruction_id)
    settle(runner)
    assert len(answers) == 1 and "Datenträger ist voll" in answers[0]
    assert not target.exists()


def test_cancelling_the_file_dialog_writes_nothing(qtbot, monkeypatch, out, window,
                                                   answers, runner):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: asked.append(1) or ("", "")))
    window._save_sheet(window.editor.reconstruction_id)
    qtbot.waitUntil(lambda: asked == [1], timeout=HANG_GUARD_MS)
    settle(runner)
    assert list(out.iterdir()) == []
