"""PySide6 reads the whole source of every module imported after it, with ``inspect``.

Its ``__feature__`` import hook (PYSIDE-2029) asks of each new module whether its source
mentions "PySide6" — so that ``from __feature__ import snake_case`` can be switched per
module — and answers by ``inspect.getsource``: tokenising every file of SQLAlchemy,
cryptography and KIMdesk once more at start. That was about a tenth of the desk's start.
The same question is answered here by reading the file's bytes; modules without a source
file go to PySide's own answer. KIMdesk uses no ``__feature__``; the answer stays the same.
"""

import sys
from collections.abc import Callable
from types import ModuleType

MARK = "_kimdesk_reads_bytes"


def read_bytes_instead() -> bool:
    """Replace PySide6's source scan by a byte search; False where PySide has none (then
    nothing is changed — a later PySide may have dropped or fixed the scan)."""
    import PySide6.QtCore  # noqa: F401 - installs the hook and its module

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, MARK, False):
        return True
    feature._mod_uses_pyside = _byte_search(original)  # type: ignore[attr-defined]
    return True


def _byte_search(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, MARK, True)
    uses_pyside.original = original  # type: ignore[attr-defined]  # (for the test)
    return uses_pyside
