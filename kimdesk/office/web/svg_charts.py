"""Charts as inline SVG, drawn on the server: no script, no external file. The geometry is
``kimdesk.core.chart_geometry`` (the report's PDF draws the same); this module only writes
it as SVG. Each chart is an image with a title (``role="img"``); the page puts the same
numbers in a table beside it, for screen readers and for copying. Colours are SVG
presentation attributes, not inline styles (the CSP allows no ``style=``).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kimdesk.core import chart_geometry as geo
from kimdesk.core.chart_geometry import Bar

CLASSES = {"title": "ws-chart-title", "tick": "ws-tick", "missing": "ws-missing"}


def _shape(shape: geo.Shape) -> str:
    if isinstance(shape, geo.Rect):
        return (f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.w:.1f}" '
                f'height="{shape.h:.1f}" fill="{shape.fill}"/>')
    if isinstance(shape, geo.Text):
        cls = CLASSES.get(shape.role)
        return (f'<text x="{shape.x:.1f}" y="{shape.y:.1f}"'
                + (f' class="{cls}"' if cls else "")
                + (f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else "")
                + f">{escape(shape.text)}</text>")
    if isinstance(shape, geo.Line):
        if shape.role == "legend":
            return (f'<line x1="{shape.x1:.1f}" y1="{shape.y1:.1f}" x2="{shape.x2:.1f}" '
                    f'y2="{shape.y2:.1f}" stroke="{shape.stroke}" stroke-width="3"'
                    + (f' stroke-dasharray="{shape.dash}"' if shape.dash else "") + "/>")
        return (f'<line class="ws-{shape.role}" x1="{shape.x1:.1f}" y1="{shape.y1:.1f}" '
                f'x2="{shape.x2:.1f}" y2="{shape.y2:.1f}"/>')
    if isinstance(shape, geo.Polyline):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in shape.points)
        return (f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
                'stroke-width="2.5"' + (f' stroke-dasharray="{shape.dash}"' if shape.dash
                                        else "") + "/>")
    return f'<circle cx="{shape.x:.1f}" cy="{shape.y:.1f}" r="{shape.r}" fill="{shape.fill}"/>'


def svg(chart: geo.Chart, chart_id: str) -> str:
    """A chart as an inline ``<svg>`` image titled by its ``<title>``."""
    head = (f'<svg class="ws-chart" role="img" aria-labelledby="{chart_id}-titel" '
            f'viewBox="0 0 {chart.width:.0f} {chart.height:.0f}" width="{chart.width:.0f}" '
            f'height="{chart.height:.0f}" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart_id}-titel">{escape(chart.title)}</title>')
    return head + "".join(_shape(s) for s in chart.shapes) + "</svg>"


def bar_chart(title: str, bars: Sequence[Bar], series: Sequence[str] = (),
              chart_id: str = "diagramm", width: int = 620) -> str:
    return svg(geo.bar_chart(title, bars, series, width), chart_id)


def line_chart(title: str, labels: Sequence[str],
               series: Sequence[tuple[str, Sequence[int | None]]], chart_id: str = "verlauf",
               width: int = 620, height: int = 300) -> str:
    return svg(geo.line_chart(title, labels, series, width, height), chart_id)


__all__ = ["Bar", "bar_chart", "line_chart", "svg"]
