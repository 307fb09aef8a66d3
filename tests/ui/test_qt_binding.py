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
