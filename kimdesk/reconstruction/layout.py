"""Where the service chain's boxes, lanes and arrows go — for the screen and the PDF.

Pure geometry, no Qt: :func:`layout` places everything automatically; positions the case
manager dragged (``ServiceChain.positions``) win over the automatic ones. The editor's
``QGraphicsView`` and the PDF sheet both draw the same :class:`Layout`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kimdesk.core.chart_geometry import box_edge
from kimdesk.reconstruction.service_chain import (
    CM_LANE,
    CM_NODE,
    DEPENDENCY_KINDS,
    Dependency,
    Factor,
    ServiceChain,
    life_area_label,
    month_label,
)

# geometry (points in the PDF, pixels on screen at 100 %)
LANE_HEADER = 112.0
LANE_HEIGHT = 66.0
NODE_W = 120.0
NODE_H = 46.0
FACTOR_H = 54.0
COLUMN = 132.0  # one column per institution, so no arrow crosses a box
MARGIN = 12.0


@dataclass(frozen=True)
class Box:
    id: str
    x: float
    y: float
    w: float
    h: float
    label: str
    detail: str
    kind: str  # "cm", "institution", "factor"
    broken: bool = False
    note: str = ""

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.w / 2, self.y + self.h / 2


@dataclass(frozen=True)
class Lane:
    id: str
    label: str
    y: float
    height: float


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    start: tuple[float, float]
    end: tuple[float, float]
    label: str
    kind: str  # "handoff" or "dependency"
    broken: bool = False
    note: str = ""
    via: tuple[float, float] | None = None  # control point of a curved arrow

    @property
    def label_at(self) -> tuple[float, float]:
        """Where the label starts: beside the line, near the source end."""
        if self.via is not None:
            return self.via[0] + 4, self.via[1] - 6
        (x1, y1), (x2, y2) = self.start, self.end
        if abs(x1 - x2) < 1:  # vertical hand-off: right of the line (and of a break cross)
            return x1 + (11 if self.broken else 5), min(y1, y2) + 2
        return (x1 + x2) / 2 + 6, (y1 + y2) / 2 - 12

    @property
    def mark_at(self) -> tuple[float, float]:
        """Where the break cross sits."""
        if self.via is not None:
            return self.via
        (x1, y1), (x2, y2) = self.start, self.end
        return (x1 + x2) / 2, (y1 + y2) / 2


@dataclass(frozen=True)
class Layout:
    lanes: tuple[Lane, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    width: float
    height: float

    def box(self, box_id: str) -> Box | None:
        return next((b for b in self.boxes if b.id == box_id), None)


def _clip(box: Box, toward: tuple[float, float]) -> tuple[float, float]:
    return box_edge(box.center, box.w, box.h, toward)


def _cm_arrow(cm: Box, other: Box, to_cm: bool) -> tuple[tuple[float, float],
                                                          tuple[float, float]]:
    """A vertical arrow between the case-management bar and a box below (or above) it."""
    x = min(max(other.center[0], cm.x + 8), cm.x + cm.w - 8)
    below = other.y >= cm.y + cm.h
    bar = (x, cm.y + cm.h) if below else (x, cm.y)
    near = (x, other.y) if below else (x, other.y + other.h)
    return (near, bar) if to_cm else (bar, near)


def layout(chain: ServiceChain, factors: Iterable[Factor] = (),
           dependencies: Iterable[Dependency] = ()) -> Layout:
    """Lanes top to bottom (case management first); institutions left to right in the
    order they joined, one column each; the case management is a bar over all columns,
    so every hand-off is a short vertical arrow. Factors follow on the right."""
    factors = [f for f in factors if f.text.strip()]
    lane_ids = [CM_LANE, *chain.lanes]
    for area in [*(n.life_area for n in chain.nodes), *(f.life_area for f in factors)]:
        area = area or CM_LANE
        if area not in lane_ids:
            lane_ids.append(area)
    lanes = tuple(Lane(a, life_area_label(a, short=True), MARGIN + i * LANE_HEIGHT, LANE_HEIGHT)
                  for i, a in enumerate(lane_ids))
    lane_y = {lane.id: lane.y for lane in lanes}
    lane_rank = {a: i for i, a in enumerate(lane_ids)}
    x0 = MARGIN + LANE_HEADER + 12

    others = [n for n in chain.nodes if n.id != CM_NODE]
    access = {h.source for h in chain.handoffs if h.target == CM_NODE}
    others.sort(key=lambda n: (n.id not in access, n.month, lane_rank.get(n.life_area, 99)))
    boxes: list[Box] = []
    for col, node in enumerate(others):
        nx = x0 + col * COLUMN
        ny = lane_y.get(node.life_area, MARGIN) + (LANE_HEIGHT - NODE_H) / 2
        nx, ny = chain.positions.get(node.id, (nx, ny))
        boxes.append(Box(node.id, nx, ny, NODE_W, NODE_H, node.label,
                         f"ab {month_label(node.month)}", "institution", node.broken,
                         node.note))
    columns_end = x0 + max(len(others), 1) * COLUMN - (COLUMN - NODE_W)
    cm_node = chain.node(CM_NODE)
    if cm_node is not None:
        boxes.insert(0, Box(CM_NODE, x0, lane_y[CM_LANE] + (LANE_HEIGHT - NODE_H) / 2,
                            columns_end - x0, NODE_H, cm_node.label, "", "cm"))

    factor_x = columns_end + 40
    per_lane: dict[str, int] = {}
    for f in factors:
        area = f.life_area or CM_LANE
        slot = per_lane.get(area, 0)
        per_lane[area] = slot + 1
        fx = factor_x + slot * COLUMN
        fy = lane_y[area] + (LANE_HEIGHT - FACTOR_H) / 2
        fx, fy = chain.positions.get(f.id, (fx, fy))
        boxes.append(Box(f.id, fx, fy, NODE_W, FACTOR_H, f.text, "", "factor"))

    by_id = {b.id: b for b in boxes}
    arrows: list[Arrow] = []
    for h in chain.handoffs:
        a, b = by_id.get(h.source), by_id.get(h.target)
        if a is None or b is None:
            continue
        if CM_NODE in (h.source, h.target) and a is not b:
            cm, other = (a, b) if h.source == CM_NODE else (b, a)
            start, end = _cm_arrow(cm, other, to_cm=h.target == CM_NODE)
        else:
            start, end = _clip(a, b.center), _clip(b, a.center)
        arrows.append(Arrow(h.source, h.target, start, end, month_label(h.month), "handoff",
                            h.broken, h.note))
    for d in dependencies:
        a, b = by_id.get(d.source), by_id.get(d.target)
        if a is None or b is None or a is b:
            continue
        label = DEPENDENCY_KINDS.get(d.kind, d.kind)
        if abs(a.x - b.x) < NODE_W:  # same column: bow out to the right
            start, end = (a.x + a.w, a.center[1]), (b.x + b.w, b.center[1])
            via = (max(a.x + a.w, b.x + b.w) + 34, (start[1] + end[1]) / 2)
            arrows.append(Arrow(d.source, d.target, start, end, label, "dependency", via=via))
        else:
            arrows.append(Arrow(d.source, d.target, _clip(a, b.center), _clip(b, a.center),
                                label, "dependency"))
    right = [b.x + b.w for b in boxes] + [a.via[0] + 70 for a in arrows if a.via]
    width = max([*right, x0 + COLUMN]) + MARGIN
    height = max([b.y + b.h for b in boxes] + [lanes[-1].y + LANE_HEIGHT]) + MARGIN
    return Layout(lanes, tuple(boxes), tuple(arrows), width, height)


def wrap(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    """Break a label into at most ``max_lines`` lines by characters."""
    return wrap_to_width(text, len, max_chars, max_lines)


def wrap_to_width(text: str, measure: Callable[[str], float], width: float,
                  max_lines: int = 2) -> list[str]:
    """Break text into lines no wider than ``width`` (as ``measure`` says); an ellipsis
    marks what was cut. Used by the screen (font metrics) and the PDF (string widths)."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if measure(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    cut = len(lines) > max_lines
    lines = lines[:max_lines]
    out = []
    for n, line in enumerate(lines):
        last = n == len(lines) - 1
        if measure(line) > width or (cut and last):
            while line and measure(line + "…") > width:
                line = line[:-1]
            line = line.rstrip() + "…"
        out.append(line)
    return out


def fits(text: str, measure: Callable[[str], float], width: float, max_lines: int) -> bool:
    """Whether the text wraps into the lines without cutting a word."""
    return not any(line.endswith("…") for line in wrap_to_width(text, measure, width,
                                                                max_lines))
