"""The service-chain diagram (Dienstleistungskette) as a QGraphicsView with draggable boxes.

It only draws :func:`kimdesk.reconstruction.layout.layout`; dragging a box moves it and
reports the new positions through ``positions_changed`` (the editor saves them with the
reconstruction). Lanes, colours and arrow styles match the printed sheet.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from kimdesk.reconstruction.layout import COLUMN, Box, Layout, fits, layout, wrap_to_width
from kimdesk.reconstruction.service_chain import Dependency, Factor, ServiceChain

COLORS = {
    "lane_a": QColor("#f3f5f7"), "lane_b": QColor("#e9edf1"), "lane_text": QColor("#3b4550"),
    "cm": QColor("#dbe6f0"), "institution": QColor("#ffffff"), "factor": QColor("#fff1cc"),
    "border": QColor("#5b6772"), "broken": QColor("#b3261e"), "arrow": QColor("#39424b"),
    "dependency": QColor("#a66a00"), "text": QColor("#1b1f23"),
}


def fitted_font(base: QFont, text: str, width: float, max_lines: int, bold: bool = True,
                sizes: tuple[int, ...] = (12, 11, 10, 9)) -> QFont:
    """The largest size at which the text wraps into the box without cutting a word."""
    font = QFont(base)
    font.setBold(bold)
    for size in sizes:
        font.setPixelSize(size)
        if fits(text, QFontMetricsF(font).horizontalAdvance, width, max_lines):
            break
    return font


class BoxItem(QGraphicsObject):
    """One institution, the case management or a hindering factor."""

    moved = Signal()

    def __init__(self, box: Box) -> None:
        super().__init__()
        movable = box.kind != "cm"
        self.box = box
        self.setPos(box.x, box.y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges, True)
        self.setCursor(Qt.CursorShape.OpenHandCursor if movable else Qt.CursorShape.ArrowCursor)
        self.setZValue(2)
        tip = box.label + (f"\nBruchstelle: {box.note}" if box.broken and box.note else "")
        self.setToolTip(tip)

    def boundingRect(self) -> QRectF:
        return QRectF(-3, -3, self.box.w + 6, self.box.h + 6)

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        b = self.box
        fill = COLORS.get(b.kind, COLORS["institution"])
        pen = QPen(COLORS["broken"] if b.broken else COLORS["border"], 2.4 if b.broken else 1.2)
        if b.kind == "factor":
            pen = QPen(COLORS["dependency"], 1.2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(QRectF(0, 0, b.w, b.h), 6, 6)
        if b.kind == "cm":
            font = fitted_font(painter.font(), b.label, b.w - 16, 1, bold=True)
            painter.setFont(font)
            painter.setPen(COLORS["text"])
            painter.drawText(QRectF(10, 0, b.w - 20, b.h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, b.label)
            return
        max_lines = 3 if b.kind == "factor" else 2
        font = fitted_font(painter.font(), b.label, b.w - 10, max_lines, bold=b.kind != "factor")
        metrics = QFontMetricsF(font)
        lines = wrap_to_width(b.label, metrics.horizontalAdvance, b.w - 10, max_lines)
        line_h = metrics.height()
        detail = b.detail + (" · Bruch" if b.broken else "")
        total = line_h * len(lines) + (12 if b.detail else 0)
        y = (b.h - total) / 2
        painter.setFont(font)
        painter.setPen(COLORS["text"])
        for line in lines:
            painter.drawText(QRectF(3, y, b.w - 6, line_h), Qt.AlignmentFlag.AlignCenter, line)
            y += line_h
        if b.detail:
            small = QFont(font)
            small.setBold(b.broken)
            small.setPixelSize(10)
            painter.setFont(small)
            painter.setPen(COLORS["broken"] if b.broken else COLORS["lane_text"])
            painter.drawText(QRectF(3, y, b.w - 6, 12), Qt.AlignmentFlag.AlignCenter, detail)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self.moved.emit()
        return super().itemChange(change, value)


def arrow_path(start: tuple[float, float], end: tuple[float, float],
               via: tuple[float, float] | None = None, head: float = 9.0
               ) -> tuple[QPainterPath, QPolygonF]:
    (x1, y1), (x2, y2) = start, end
    path = QPainterPath(QPointF(x1, y1))
    if via is None:
        path.lineTo(QPointF(x2, y2))
        fx, fy = x1, y1
    else:
        path.quadTo(QPointF(*via), QPointF(x2, y2))
        fx, fy = via
    angle = math.atan2(y2 - fy, x2 - fx)
    left = QPointF(x2 - head * math.cos(angle - 0.4), y2 - head * math.sin(angle - 0.4))
    right = QPointF(x2 - head * math.cos(angle + 0.4), y2 - head * math.sin(angle + 0.4))
    return path, QPolygonF([QPointF(x2, y2), left, right])


class ChainView(QGraphicsView):
    """Shows a chain; ``positions_changed`` carries every box's position after a drag."""

    positions_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAccessibleName("Schaubild der Dienstleistungskette")
        self.setMinimumHeight(260)
        self._chain = ServiceChain()
        self._factors: list[Factor] = []
        self._deps: list[Dependency] = []
        self._boxes: dict[str, BoxItem] = {}
        self._arrows: list[QGraphicsItem] = []
        self._dragging = False

    # -- content -------------------------------------------------------------------------
    def show_chain(self, chain: ServiceChain, factors: list[Factor] = (),  # type: ignore[assignment]
                   dependencies: list[Dependency] = ()) -> None:  # type: ignore[assignment]
        self._chain = chain
        self._factors = list(factors)
        self._deps = list(dependencies)
        self._rebuild()

    def positions(self) -> dict[str, tuple[float, float]]:
        """Boxes the user placed (dragged now or before); the rest follow the layout."""
        out = {k: v for k, v in self._chain.positions.items() if k in self._boxes}
        for bid, item in self._boxes.items():
            if (item.pos().x(), item.pos().y()) != (item.box.x, item.box.y):
                out[bid] = (item.pos().x(), item.pos().y())
        return out

    def reset_positions(self) -> None:
        self._chain.positions = {}
        self._rebuild()
        self.positions_changed.emit({})

    def layout_now(self) -> Layout:
        return layout(self._chain, self._factors, self._deps)

    def _rebuild(self) -> None:
        scene = self.scene()
        scene.clear()
        self._boxes.clear()
        self._arrows.clear()
        lay = self.layout_now()
        for i, lane in enumerate(lay.lanes):
            rect = scene.addRect(QRectF(0, lane.y, lay.width, lane.height), QPen(Qt.PenStyle.NoPen),
                                 QBrush(COLORS["lane_a" if i % 2 == 0 else "lane_b"]))
            rect.setZValue(0)
            text = scene.addText(lane.label)
            font = QFont(text.font())
            font.setPixelSize(13)
            font.setBold(True)
            text.setFont(font)
            text.setDefaultTextColor(COLORS["lane_text"])
            text.setTextWidth(140)
            text.setPos(8, lane.y + lane.height / 2 - text.boundingRect().height() / 2)
            text.setZValue(1)
        for box in lay.boxes:
            item = BoxItem(box)
            item.moved.connect(self._on_moved)
            scene.addItem(item)
            self._boxes[box.id] = item
        self._draw_arrows(lay)
        scene.setSceneRect(QRectF(0, 0, lay.width + 40, lay.height))

    def _draw_arrows(self, lay: Layout) -> None:
        scene = self.scene()
        for item in self._arrows:
            scene.removeItem(item)
        self._arrows.clear()
        for a in lay.arrows:
            color = COLORS["dependency"] if a.kind == "dependency" else (
                COLORS["broken"] if a.broken else COLORS["arrow"])
            pen = QPen(color, 2.0 if a.broken else 1.4)
            if a.kind == "dependency":
                pen.setStyle(Qt.PenStyle.DotLine)
            elif a.broken:
                pen.setStyle(Qt.PenStyle.DashLine)
            path, head = arrow_path(a.start, a.end, a.via)
            items: list[QGraphicsItem] = [scene.addPath(path, pen),
                                          scene.addPolygon(head, QPen(color, 1), QBrush(color))]
            if a.broken:
                mx, my = a.mark_at
                cross = QPen(COLORS["broken"], 3)
                items.append(scene.addLine(mx - 6, my - 6, mx + 6, my + 6, cross))
                items.append(scene.addLine(mx - 6, my + 6, mx + 6, my - 6, cross))
            font = QFont(self.font())
            font.setPixelSize(10)
            font.setBold(a.broken)
            metrics = QFontMetricsF(font)
            text = a.label + (f" – {a.note}" if a.note else "")
            lx, ly = a.label_at
            for n, line in enumerate(wrap_to_width(text, metrics.horizontalAdvance,
                                                   COLUMN - 22,
                                                   2 if a.via is not None else 1)):
                label = scene.addSimpleText(line)
                label.setFont(font)
                label.setBrush(QBrush(color))
                label.setPos(lx, ly + n * metrics.height())
                items.append(label)
            for item in items:
                item.setZValue(1.5)
            self._arrows.extend(items)

    def _on_moved(self) -> None:
        self._chain.positions = self.positions()
        self._draw_arrows(self.layout_now())
        self._dragging = True

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001 - QMouseEvent
        super().mouseReleaseEvent(event)
        if self._dragging:
            self._dragging = False
            self.positions_changed.emit(self.positions())
