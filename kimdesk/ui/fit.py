"""Does a window fit its screen? Finds controls that are outside the visible area or cut.

Used by the fit test (every screen and dialog at 1366×768 and at 1920×1080 with 150 %)
and by ``kimdesk screenshots``. A control inside a scroll area counts as visible when the
scroll area itself is: scrolling reaches it — except sideways in an area that does not
scroll sideways (a form column): content wider than such an area is cut. A list whose
lines are wider than the list is cut too (a list of titles is read, not scrolled sideways).
"""

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QScrollArea,
    QTabBar,
    QToolBar,
    QWidget,
)

#: a pixel or two of rounding is no cut
SLACK = 2
_CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QLabel)


def _scrolled(widget: QWidget, top: QWidget) -> bool:
    """True when an ancestor is the viewport of a scroll area (scrolling reaches it)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return True
        parent = area
    return False


def _describe(widget: QWidget) -> str:
    text = ""
    for attr in ("text", "title", "accessibleName"):
        value = getattr(widget, attr, None)
        if callable(value):
            try:
                text = value()
            except TypeError:
                continue
            if text:
                break
    return f"{type(widget).__name__} „{str(text).replace('&', '')[:40]}“"


def _cut(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        if not widget.text() or widget.pixmap() is not None and not widget.pixmap().isNull():
            return ""
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            return "abgeschnitten (Höhe)" if widget.height() + SLACK < needed else ""
    hint = widget.minimumSizeHint()
    if widget.width() + SLACK < hint.width():
        return f"abgeschnitten (Breite {widget.width()} < {hint.width()})"
    if widget.height() + SLACK < hint.height():
        return f"abgeschnitten (Höhe {widget.height()} < {hint.height()})"
    return ""


def _cut_sideways(widget: QWidget) -> list[str]:
    """Content wider than a scroll area that never scrolls sideways: its right part is
    unreachable (e.g. a form whose drop-down grew with a long option)."""
    if not isinstance(widget, QScrollArea) or widget.horizontalScrollBarPolicy() != \
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        return []
    inner, shown = widget.widget(), widget.viewport().width()
    if inner is None or inner.width() <= shown + SLACK:
        return []
    return [f"Bereich „{inner.accessibleName() or type(inner).__name__}“ seitlich "
            f"abgeschnitten (Inhalt {inner.width()} breit, sichtbar {shown})"]


def _list_cut(widget: QWidget) -> list[str]:
    """A list whose lines are wider than it: their ends are hidden or behind a sideways
    scroll bar (e.g. the Statistik table titles in a narrow column)."""
    if not isinstance(widget, QListView) or widget.model() is None:
        return []
    shown = widget.viewport().width()
    widest = max((widget.visualRect(widget.model().index(row, 0)).right() + 1
                  + widget.horizontalOffset() for row in range(widget.model().rowCount())),
                 default=0)
    if widget.horizontalScrollBar().maximum() <= SLACK and widest <= shown + SLACK:
        return []
    return [f"Liste „{widget.accessibleName() or type(widget).__name__}“ seitlich "
            f"abgeschnitten (Zeilen {widest} breit, sichtbar {shown})"]


def layout_problems(top: QWidget, width: int, height: int) -> list[str]:
    """Everything on ``top`` that a person at a ``width`` × ``height`` window cannot see whole."""
    problems: list[str] = []
    if top.width() > width or top.height() > height:
        hint = top.minimumSizeHint()
        problems.append(f"Fenster {top.width()}×{top.height()} größer als {width}×{height} "
                        f"(braucht mindestens {hint.width()}×{hint.height()})")
    area = QRect(0, 0, min(top.width(), width), min(top.height(), height))
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top:
            continue
        problems += _cut_sideways(widget) + _list_cut(widget)
        if _scrolled(widget, top):
            continue
        where = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
        if isinstance(widget, QToolBar):
            problems += [f"Werkzeugleiste: „{a.text()}“ passt nicht hinein"
                         for a in widget.actions() if a.isVisible() and not a.isSeparator()
                         and widget.widgetForAction(a) is not None
                         and not widget.widgetForAction(a).isVisible()]
        if isinstance(widget, QTabBar) and any(
                not widget.tabRect(i).isValid() or widget.tabRect(i).right() > widget.width()
                for i in range(widget.count())):
            problems.append("Reiter: nicht alle sichtbar")
        if not isinstance(widget, _CONTROLS) or where.isEmpty() or \
                isinstance(widget.parentWidget(), (QLineEdit, QComboBox)):
            continue  # (a line edit's clear button, an editable drop-down's line edit)
        if not area.contains(where):
            problems.append(f"{_describe(widget)} liegt außerhalb ({where.x()},{where.y()} "
                            f"{where.width()}×{where.height()})")
            continue
        cut = _cut(widget)
        if cut:
            problems.append(f"{_describe(widget)} {cut}")
    return problems
