"""Charts as plain geometry: bars, lines, texts at coordinates, computed once and drawn by
two renderers — inline SVG in the office's workspace and reportlab drawings in the
steering-group report — so the screen and the paper show the same picture.

Rules kept here, for both: series differ in colour *and* in form (line dash; bars in legend
order), every bar carries its value (no information in colour alone, WCAG 1.4.1), a missing
value is written out ("keine Meldung"), never drawn as a zero, and axes end on whole,
readable ticks. Coordinates are in px of a ``width`` × ``height`` box, y downwards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Series colours, each at least 4.5:1 against white (text) and 3:1 against the grid.
COLOURS = ("#1d3596", "#0a6b63", "#9a4a00", "#6b3fa0", "#a3123c", "#3d4152")
DASHES = ("", "6 4", "2 3", "10 3 2 3", "1 2", "4 2")
#: font size (px) of each text role
SIZES = {"title": 14.0, "label": 13.0, "value": 13.0, "legend": 13.0, "tick": 12.0,
         "missing": 12.0}
TICKS = 4
MISSING = "keine Meldung"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    role: str = "label"  # a key of SIZES
    anchor: str = "start"  # start | middle | end


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    role: str = "grid"  # grid | axis | legend
    stroke: str = ""
    dash: str = ""


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    dash: str = ""


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    fill: str


Shape = Rect | Text | Line | Polyline | Dot


@dataclass(frozen=True)
class Chart:
    title: str
    width: float
    height: float
    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class Bar:
    """One category with one value per series; ``missing`` says why a value is None."""

    label: str
    values: tuple[int | None, ...]
    missing: tuple[str, ...] = ()

    def why(self, index: int) -> str:
        return self.missing[index] if index < len(self.missing) else MISSING


STEPS = tuple(m * 10 ** k for k in range(10) for m in (1, 2, 5))


def box_edge(center: tuple[float, float], w: float, h: float,
             toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from a box's centre toward a point leaves the box: arrows between
    boxes start and end there (the chain diagram on screen, on paper and in the office)."""
    cx, cy = center
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return cx, cy
    sx = (w / 2) / abs(dx) if dx else float("inf")
    sy = (h / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return cx + dx * s, cy + dy * s


def axis(value: float) -> tuple[float, float]:
    """(axis end, tick step): the smallest step of 1, 2 or 5 times a power of ten that
    reaches ``value`` in at most ``TICKS + 1`` intervals, and the first multiple of it that
    reaches ``value`` — whole, readable ticks without much empty axis."""
    if value <= 0:
        return float(TICKS), 1.0
    step = next((s for s in STEPS if math.ceil(value / s) <= TICKS + 1), STEPS[-1])
    return float(step * math.ceil(value / step)), float(step)


def number(value: float) -> str:
    """German thousands separator."""
    return f"{value:,.0f}".replace(",", ".")


def wrap(text: str, width: int, most: int = 3) -> list[str]:
    """Lines of at most ``width`` characters (breaking after slashes too), at most ``most``
    of them, the last one shortened with "…" if needed."""
    words: list[tuple[str, bool]] = []  # (piece, follows a slash inside the same word)
    for word in text.split():
        parts = word.split("/")
        pieces = [p + "/" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        words += [(piece, i > 0) for i, piece in enumerate(pieces)]
    lines: list[str] = []
    for word, inside in words:
        glue = "" if inside else " "
        if lines and len(lines[-1]) + len(glue) + len(word) <= width:
            lines[-1] += glue + word
        else:
            lines.append(word)
    if len(lines) > most:
        rest = " ".join(lines[most - 1:])
        lines = lines[: most - 1] + [rest[: width - 1] + "…"]
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines] or [""]


_NARROW = set("iljtfrI .,:;/()[]-'!|")
_WIDE = set("mwMW")


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` runs at ``size`` px in the wider of the two faces (Noto Sans
    on paper, Fira Sans on screen): narrow letters a third of an em, m and w nine tenths,
    capitals two thirds, the rest three fifths — so legend entries never run into each
    other."""
    em = sum(0.3 if c in _NARROW else 0.9 if c in _WIDE else 0.68 if c.isupper() else 0.6
             for c in text)
    return em * size


def _legend(series: Sequence[str], x: float, y: float, width: float, lines: bool = False
            ) -> tuple[list[Shape], float]:
    """The legend from (x, y), wrapping into rows within ``width``; and its height."""
    out: list[Shape] = []
    x0, rows = x, 1
    for i, name in enumerate(series):
        item = (36 if lines else 25) + text_width(name, SIZES["legend"]) + 6
        if x > x0 and x + item > width:
            x, y, rows = x0, y + 20, rows + 1
        colour = COLOURS[i % len(COLOURS)]
        if lines:
            out.append(Line(x, y - 4, x + 22, y - 4, "legend", colour, DASHES[i % len(DASHES)]))
        else:
            out.append(Rect(x, y - 11, 12, 12, colour))
        out.append(Text(x + (28 if lines else 17), y, name, "legend"))
        x += item
    return out, rows * 20.0


def bar_chart(title: str, bars: Sequence[Bar], series: Sequence[str] = (),
              width: float = 620) -> Chart:
    """Horizontal bars, grouped per category when there are several series."""
    n = max(len(series), 1)
    label_w, value_w = 230.0, 110.0
    bar_h, gap, line_h = (16.0 if n == 1 else 14.0), 10.0, 15.0
    pitch = bar_h + (2.0 if n == 1 else 3.0)  # a value (13 px) never touches the next bar
    legend, legend_h = _legend(series, 0.0, 42, width) if n > 1 else ([], 0.0)
    top = 30.0 + legend_h + (8.0 if n > 1 else 0.0)
    area = width - label_w - value_w
    values = [v for b in bars for v in b.values if v is not None]
    scale, step = axis(max(values, default=0))
    group_h = n * bar_h + (n - 1) * (pitch - bar_h)
    labels = [wrap(b.label, 32) for b in bars]
    heights = [max(group_h, len(lines) * line_h) for lines in labels]
    height = top + sum(heights) + gap * len(bars) + 26
    shapes: list[Shape] = [Text(0, 16, title, "title"), *legend]
    tick = 0.0
    while tick <= scale:
        x = label_w + area * tick / scale
        shapes.append(Line(x, top - 6, x, height - 22))
        shapes.append(Text(x, height - 6, number(tick), "tick", "middle"))
        tick += step
    y = top
    for bar, lines, row_h in zip(bars, labels, heights, strict=True):
        mid = y + row_h / 2
        for i, line in enumerate(lines):
            shapes.append(Text(label_w - 8, mid + 4.5 - (len(lines) - 1) * line_h / 2
                               + i * line_h, line, "label", "end"))
        y += (row_h - group_h) / 2
        for s in range(n):
            by = y + s * pitch
            value = bar.values[s] if s < len(bar.values) else None
            if value is None:
                shapes.append(Text(label_w + 4, by + bar_h - 3, bar.why(s), "missing"))
                continue
            w = area * value / scale
            shapes.append(Rect(label_w, by, max(w, 0.0), bar_h, COLOURS[s % len(COLOURS)]))
            shapes.append(Text(label_w + w + 5, by + bar_h - 3, number(value), "value"))
        y += group_h + (row_h - group_h) / 2 + gap
    shapes.append(Line(label_w, top - 6, label_w, height - 22, "axis"))
    return Chart(title, width, height, tuple(shapes))


def line_chart(title: str, labels: Sequence[str],
               series: Sequence[tuple[str, Sequence[int | None]]], width: float = 620,
               height: float = 300) -> Chart:
    """Values over periods (oldest left), one line per series; a missing value breaks the
    line and is marked "keine Meldung" under the axis."""
    legend, legend_h = _legend([name for name, _ in series], 56.0, 42, width, lines=True)
    left, right, top, bottom = 56.0, 20.0, 38.0 + legend_h, 52.0
    area_w, area_h = width - left - right, height - top - bottom
    values = [v for _, vs in series for v in vs if v is not None]
    scale, step = axis(max(values, default=0))
    x_step = area_w / max(len(labels) - 1, 1)
    shapes: list[Shape] = [Text(0, 16, title, "title"), *legend]
    tick = 0.0
    while tick <= scale:
        y = top + area_h - area_h * tick / scale
        shapes.append(Line(left, y, width - right, y))
        shapes.append(Text(left - 6, y + 4, number(tick), "tick", "end"))
        tick += step
    for i, label in enumerate(labels):
        x = left + i * x_step
        shapes.append(Text(x, top + area_h + 18, label, "tick", "middle"))
        if all(vs[i] is None for _, vs in series if i < len(vs)):
            shapes.append(Text(x, top + area_h + 34, MISSING, "missing", "middle"))
    for s, (_name, vs) in enumerate(series):
        colour, dash = COLOURS[s % len(COLOURS)], DASHES[s % len(DASHES)]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(vs):
            if v is None:
                runs.append([])
                continue
            runs[-1].append((left + i * x_step, top + area_h - area_h * v / scale))
        for run in runs:
            if len(run) > 1:
                shapes.append(Polyline(tuple(run), colour, dash))
            shapes += [Dot(x, y, 3.5, colour) for x, y in run]
    shapes.append(Line(left, top + area_h, width - right, top + area_h, "axis"))
    return Chart(title, width, height, tuple(shapes))
