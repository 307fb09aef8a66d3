"""The keyboard on every screen: one Alt+letter per control, Enter on a focused button,
one Tab stop per table.

``duplicate_mnemonics`` finds clashes among what is on screen (the keyboard test walks
every screen with it); ``make_unique`` gives each clashing control of a page another
letter of its own text, so forms that grow stay usable by keyboard; ``prepare`` does all
of it for a screen.
"""

from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QPushButton,
    QTabBar,
    QWidget,
)


def mnemonic(text: str) -> str:
    """The letter after a single ``&`` ("&&" is a literal ampersand), lower case, or ""."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return ""


def _texts(widget: QWidget) -> list[tuple[str, str]]:
    """(text, what) pairs of the mnemonic-bearing texts a widget shows."""
    if isinstance(widget, QLabel) and widget.buddy() is not None:
        return [(widget.text(), "Beschriftung")]
    if isinstance(widget, QAbstractButton):
        return [(widget.text(), "Schaltfläche")]
    if isinstance(widget, QGroupBox):
        return [(widget.title(), "Gruppe")]
    if isinstance(widget, QTabBar):
        return [(widget.tabText(i), "Reiter") for i in range(widget.count())
                if widget.isTabVisible(i)]
    return []


def visible_mnemonics(top: QWidget) -> dict[str, list[str]]:
    """Letter → the texts that use it, for every control visible on ``top``'s window."""
    found: dict[str, list[str]] = defaultdict(list)
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not top.window():
            continue
        for text, _what in _texts(widget):
            key = mnemonic(text)
            if key:
                found[key].append(text.replace("&&", "+").replace("&", ""))
    return found


def duplicate_mnemonics(top: QWidget) -> list[str]:
    return [f"Alt+{key.upper()}: {' / '.join(texts)}"
            for key, texts in sorted(visible_mnemonics(top).items()) if len(texts) > 1]


def _with_mnemonic(text: str, letter: str) -> str | None:
    """``text`` with its mnemonic moved to ``letter`` (word starts first), or None."""
    plain = text.replace("&&", "\0").replace("&", "")
    starts = [i for i, ch in enumerate(plain) if ch.isalnum() and (i == 0 or not
                                                                    plain[i - 1].isalnum())]
    for i in starts + list(range(len(plain))):
        if plain[i].lower() == letter:
            return (plain[:i] + "&" + plain[i:]).replace("\0", "&&")
    return None


def _candidates(text: str) -> list[str]:
    plain = text.replace("&&", "").replace("&", "")
    starts = [ch.lower() for i, ch in enumerate(plain)
              if ch.isalpha() and (i == 0 or not plain[i - 1].isalnum())]
    return starts + [ch.lower() for ch in plain if ch.isalpha()]


def _set_text(widget: QWidget, text: str) -> None:
    if isinstance(widget, QGroupBox):
        widget.setTitle(text)
    elif isinstance(widget, QLabel | QAbstractButton):
        widget.setText(text)


def _late(widget: QWidget) -> bool:
    """Notices that come and go (a draft to restore) yield to the page's own controls."""
    current: QWidget | None = widget
    while current is not None:
        if current.objectName() == "draftNotice":
            return True
        current = current.parentWidget()
    return False


def make_unique(root: QWidget, reserved: str = "") -> None:
    """Give every control under ``root`` (one screen or one Akte tab) its own letter.

    The first control keeps a letter it asks for; a later one that asks for a taken letter
    gets the first free word-start letter of its text, else any free letter, else none.
    ``reserved`` holds letters used around the page (e.g. the Akte's "Drucken").
    Call it again after adding controls; the root remembers what is reserved.
    """
    if reserved:
        root.setProperty("mnemonicsReserved", reserved)
    taken = set(str(root.property("mnemonicsReserved") or "").lower())
    for widget in sorted(root.findChildren(QWidget), key=_late):
        if isinstance(widget, QTabBar):
            continue
        for text, _what in _texts(widget):
            key = mnemonic(text)
            if not key:
                continue
            if key not in taken:
                taken.add(key)
                continue
            free = next((c for c in _candidates(text) if c not in taken), "")
            new = _with_mnemonic(text, free) if free else None
            _set_text(widget, new or text.replace("&&", "\0").replace("&", "")
                      .replace("\0", "&&"))
            if free and new:
                taken.add(free)
    root.setProperty("mnemonicsRoot", True)


def refresh_around(widget: QWidget) -> None:
    """After ``widget`` joined a screen: make the letters of its screen unique again."""
    parent = widget.parentWidget()
    while parent is not None and not parent.property("mnemonicsRoot"):
        parent = parent.parentWidget()
    if parent is not None:
        make_unique(parent)


def prepare(root: QWidget, reserved: str = "") -> None:
    """Make a screen keyboard-ready: unique letters, Enter presses the focused button
    (outside dialogs Qt ignores it), Tab leaves a table instead of walking its cells."""
    make_unique(root, reserved)
    for button in root.findChildren(QPushButton):
        button.setAutoDefault(True)
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
