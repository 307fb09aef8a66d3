"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 drops a reference to
None on every call of a method that returns nothing; on Python 3.11, where None is not yet
immortal, the desk then aborts after a few thousand calls ("Fatal Python error:
none_dealloc"), in the middle of work or at exit. pyproject.toml keeps that release out."""

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel


def test_methods_returning_nothing_keep_the_reference_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setText("x")
        QCoreApplication.processEvents()
    assert sys.getrefcount(None) >= before - 20  # (other code may let go of a few)


def test_pysides_source_scan_is_a_byte_search_with_pysides_answers():
    """kimdesk.ui replaces PySide's per-module ``inspect.getsource`` (a tenth of the start)
    by reading the file's bytes; for every module it must answer as PySide would."""
    import importlib

    import kimdesk.ui  # noqa: F401 - installs the byte search
    from kimdesk.ui import pyside_imports

    uses_pyside = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    assert getattr(uses_pyside, pyside_imports.MARK, False)
    for name in ("kimdesk.ui.workspace", "kimdesk.ui.tasks", "kimdesk.core.dates",
                 "kimdesk.casework.today", "json", "sqlalchemy.orm.session"):
        module = importlib.import_module(name)
        assert uses_pyside(module) == uses_pyside.original(module), name
    assert uses_pyside(importlib.import_module("kimdesk.ui.workspace"))
    assert not uses_pyside(importlib.import_module("kimdesk.core.dates"))
