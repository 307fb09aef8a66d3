"""Charts in printouts: the geometry of ``kimdesk.core.chart_geometry`` (which the office's
web pages draw as SVG) as a reportlab drawing in the embedded Noto Sans, scaled to the
width it gets on the page."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, PolyLine, Rect, String
from reportlab.graphics.shapes import Line as RLLine
from reportlab.lib import colors

from kimdesk.core import chart_geometry as geo
from kimdesk.printing import fonts

GRID = colors.HexColor("#d7d8de")
AXIS = colors.HexColor("#4b4e60")
INK = colors.HexColor("#171a2b")
MUTED = colors.HexColor("#4b4e60")
ANCHORS = {"start": "start", "middle": "middle", "end": "end"}


def _dash(dash: str) -> list[float] | None:
    return [float(x) for x in dash.split()] if dash else None


def drawing(chart: geo.Chart, width: float) -> Drawing:
    """The chart scaled to ``width`` points (the height follows)."""
    scale = width / chart.width
    regular, bold = fonts.face("Latn").name, fonts.face("Latn", bold=True).name
    group = Group()
    h = chart.height
    for shape in chart.shapes:
        if isinstance(shape, geo.Rect):
            group.add(Rect(shape.x, h - shape.y - shape.h, shape.w, shape.h,
                           fillColor=colors.HexColor(shape.fill), strokeColor=None))
        elif isinstance(shape, geo.Text):
            group.add(String(shape.x, h - shape.y, shape.text,
                             fontName=bold if shape.role == "title" else regular,
                             fontSize=geo.SIZES.get(shape.role, 13.0),
                             fillColor=MUTED if shape.role in ("tick", "missing") else INK,
                             textAnchor=ANCHORS.get(shape.anchor, "start")))
        elif isinstance(shape, geo.Line):
            colour = (colors.HexColor(shape.stroke) if shape.stroke
                      else AXIS if shape.role == "axis" else GRID)
            group.add(RLLine(shape.x1, h - shape.y1, shape.x2, h - shape.y2,
                             strokeColor=colour, strokeWidth=3 if shape.role == "legend" else 1,
                             strokeDashArray=_dash(shape.dash)))
        elif isinstance(shape, geo.Polyline):
            points = [c for x, y in shape.points for c in (x, h - y)]
            group.add(PolyLine(points, strokeColor=colors.HexColor(shape.stroke),
                               strokeWidth=2.5, strokeDashArray=_dash(shape.dash)))
        elif isinstance(shape, geo.Dot):
            group.add(Circle(shape.x, h - shape.y, shape.r,
                             fillColor=colors.HexColor(shape.fill), strokeColor=None))
    group.scale(scale, scale)
    # the renderer's starting font, else it sets Helvetica once (and embeds nothing of it)
    out = Drawing(width, chart.height * scale, initialFontName=regular, initialFontSize=13)
    out.add(group)
    return out
