"""The service chain of a received reconstruction as inline SVG, drawn from its data.

The wire diagram is nodes (``kind``: ``case_management``, a life area, ``break`` or
``factor``) and labelled edges. Lanes are life areas (case management on top), each
institution has its own column in the order it joined, break points sit in a lane below
the institution where the chain broke, hindering factors in the last lane. The same
information is given as a list beside the picture for screen readers.
"""

from dataclasses import dataclass
from html import escape
from typing import Any

from kimdesk.core.chart_geometry import box_edge
from kimdesk.core.chart_geometry import wrap as _wrap
from kimdesk.office.web.district import label

CM = "case_management"
LANE_HEADER, LANE_H, NODE_W, NODE_H, COLUMN, MARGIN = 140.0, 72.0, 132.0, 50.0, 156.0, 10.0
EDGE_FONT = 11.0  # px, .ws-edge-label in workspace.css


@dataclass(frozen=True)
class Box:
    id: str
    x: float
    y: float
    w: float
    h: float
    label: str
    kind: str

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.w / 2, self.y + self.h / 2


def _lane_label(kind: str) -> str:
    if kind == CM:
        return "Case Management"
    if kind == "break":
        return "Bruchstellen"
    if kind == "factor":
        return "Hinderliche Faktoren"
    return label("life_areas", kind)


def _clip(box: Box, toward: tuple[float, float]) -> tuple[float, float]:
    return box_edge(box.center, box.w, box.h, toward)


def _label_at(start: tuple[float, float], end: tuple[float, float]) -> tuple[float, float]:
    """Where an edge's label starts (baseline): beside a vertical arrow, vertically centred
    on it — so it stays in the gap between the boxes it joins, never on a box — and above
    the middle of any other line."""
    (x1, y1), (x2, y2) = start, end
    if abs(x2 - x1) < 1:
        return x1 + 6, (y1 + y2) / 2 + EDGE_FONT / 2 - 1
    return (x1 + x2) / 2 + 4, (y1 + y2) / 2 - 4


def layout(diagram: dict[str, Any]) -> tuple[list[tuple[str, float]], list[Box], float, float]:
    nodes = diagram.get("nodes", [])
    edges = diagram.get("edges", [])
    kinds = {n["id"]: n.get("kind") or CM for n in nodes}
    institutions = [n for n in nodes if kinds[n["id"]] not in (CM, "break", "factor")]
    lanes = [CM] if any(kinds[n["id"]] == CM for n in nodes) else []
    for n in institutions:
        if kinds[n["id"]] not in lanes:
            lanes.append(kinds[n["id"]])
    for extra in ("break", "factor"):
        if any(k == extra for k in kinds.values()):
            lanes.append(extra)
    lane_y = {k: MARGIN + i * LANE_H for i, k in enumerate(lanes)}
    x0 = MARGIN + LANE_HEADER + 10
    column = {n["id"]: i for i, n in enumerate(institutions)}
    n_cols = max(len(institutions), 1)
    boxes: list[Box] = []
    pad = (LANE_H - NODE_H) / 2
    for n in nodes:
        kind = kinds[n["id"]]
        if kind == CM:
            boxes.append(Box(n["id"], x0, lane_y[CM] + pad, n_cols * COLUMN - (COLUMN - NODE_W),
                             NODE_H, n["label"], CM))
    for n in institutions:
        boxes.append(Box(n["id"], x0 + column[n["id"]] * COLUMN, lane_y[kinds[n["id"]]] + pad,
                         NODE_W, NODE_H, n["label"], "institution"))
    source_of = {e["to"]: e["from"] for e in edges}
    used: set[int] = set()
    factor_col = 0
    for n in nodes:
        kind = kinds[n["id"]]
        if kind == "break":
            col = column.get(source_of.get(n["id"], ""), 0)
            while col in used:
                col += 1
            used.add(col)
            boxes.append(Box(n["id"], x0 + col * COLUMN, lane_y["break"] + pad, NODE_W, NODE_H,
                             n["label"], "break"))
        elif kind == "factor":
            boxes.append(Box(n["id"], x0 + factor_col * COLUMN, lane_y["factor"] + pad, NODE_W,
                             NODE_H, n["label"], "factor"))
            factor_col += 1
    cols = max([n_cols, factor_col, *(c + 1 for c in used)])
    width = x0 + cols * COLUMN + MARGIN
    height = MARGIN * 2 + len(lanes) * LANE_H
    return [(k, lane_y[k]) for k in lanes], boxes, width, height


def render(diagram: dict[str, Any] | None, title_id: str = "kette-titel") -> str:
    """The SVG markup (escaped), or "" if the reconstruction has no diagram."""
    if not diagram or not diagram.get("nodes"):
        return ""
    lanes, boxes, width, height = layout(diagram)
    by_id = {b.id: b for b in boxes}
    parts = [f'<svg class="ws-chain" role="img" aria-labelledby="{title_id}" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
             f'height="{height:.0f}" xmlns="http://www.w3.org/2000/svg">',
             '<defs><marker id="pfeil" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path class="ws-arrow" '
             'd="M0,0 L10,5 L0,10 z"/></marker></defs>']
    for kind, y in lanes:
        parts.append(f'<rect class="ws-lane" x="{MARGIN}" y="{y:.0f}" '
                     f'width="{width - 2 * MARGIN:.0f}" height="{LANE_H:.0f}"/>')
        lines = _wrap(_lane_label(kind), 19, 3)
        top = y + LANE_H / 2 - (len(lines) - 1) * 7.5 + 4
        parts.append(f'<text class="ws-lane-label"><title>{escape(_lane_label(kind))}</title>')
        for i, line in enumerate(lines):
            parts.append(f'<tspan x="{MARGIN + 8}" y="{top + i * 15:.0f}">{escape(line)}'
                         '</tspan>')
        parts.append('</text>')
    for e in diagram.get("edges", []):
        a, b = by_id.get(e["from"]), by_id.get(e["to"])
        if a is None or b is None or a is b:
            continue
        if CM in (a.kind, b.kind):
            cm, other = (a, b) if a.kind == CM else (b, a)
            x = min(max(other.center[0], cm.x + 8), cm.x + cm.w - 8)
            bar, near = (x, cm.y + cm.h), (x, other.y)
            start, end = (bar, near) if a is cm else (near, bar)
        else:
            start, end = _clip(a, b.center), _clip(b, a.center)
        parts.append(f'<line class="ws-edge" x1="{start[0]:.1f}" y1="{start[1]:.1f}" '
                     f'x2="{end[0]:.1f}" y2="{end[1]:.1f}" marker-end="url(#pfeil)"/>')
        if e.get("label"):
            lx, ly = _label_at(start, end)
            parts.append(f'<text class="ws-edge-label" x="{lx:.0f}" y="{ly:.0f}">'
                         f'{escape(_wrap(e["label"], 24, 1)[0])}</text>')
    for b in boxes:
        css = {"institution": "ws-node", CM: "ws-node ws-node--cm", "break":
               "ws-node ws-node--break", "factor": "ws-node ws-node--factor"}[b.kind]
        parts.append(f'<rect class="{css}" x="{b.x:.0f}" y="{b.y:.0f}" width="{b.w:.0f}" '
                     f'height="{b.h:.0f}" rx="4"/>')
        lines = _wrap(b.label, max(8, int(b.w / 6.3)), 3)
        top = b.center[1] - (len(lines) - 1) * 7.5 + 4
        for i, line in enumerate(lines):
            parts.append(f'<text x="{b.center[0]:.0f}" y="{top + i * 15:.0f}" '
                         f'text-anchor="middle">{escape(line)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def as_list(diagram: dict[str, Any] | None) -> list[str]:
    """The chain as sentences, for the list beside the picture."""
    if not diagram:
        return []
    names = {n["id"]: n["label"] for n in diagram.get("nodes", [])}
    return [f"{names.get(e['from'], '?')} → {names.get(e['to'], '?')}"
            + (f" ({e['label']})" if e.get("label") else "")
            for e in diagram.get("edges", [])]
