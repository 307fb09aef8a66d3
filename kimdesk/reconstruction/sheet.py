"""The reconstruction sheet for project-group meetings (Kleve 5.5.1/5.5.2), as a PDF.

Page 1 is the service-chain diagram, drawn as vector graphics from the same layout the
editor shows; then the narrative, the hindering factors and how they depend on each other,
the generative theme and an empty goal scheme (Grundsatzziel → Rahmenziele →
Handlungsstrategien) for the group to fill in. An unreviewed reconstruction is printed
with a clear "Entwurf" banner: only a reviewed one is meant to leave the team.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kimdesk.reconstruction.content import ReconstructionContent
from kimdesk.reconstruction.layout import COLUMN, Layout, fits, layout, wrap_to_width
from kimdesk.reconstruction.service_chain import DEPENDENCY_KINDS, life_area_label, month_label

INK = colors.HexColor("#1b1f23")
GREY = colors.HexColor("#3b4550")
LANES = (colors.HexColor("#f3f5f7"), colors.HexColor("#e9edf1"))
CM_FILL = colors.HexColor("#dbe6f0")
FACTOR_FILL = colors.HexColor("#fff1cc")
FACTOR_INK = colors.HexColor("#a66a00")
BROKEN = colors.HexColor("#b3261e")
BORDER = colors.HexColor("#5b6772")


def _fonts() -> tuple[str, str]:
    """Noto Sans from the printing helpers when installed, else Helvetica."""
    try:
        from kimdesk.printing import fonts

        return fonts.face("Latn").name, fonts.face("Latn", bold=True).name
    except Exception:  # noqa: BLE001 - any font problem falls back to the built-in face
        return "Helvetica", "Helvetica-Bold"


class DiagramFlowable(Flowable):
    """The chain diagram scaled to the frame width (never enlarged)."""

    def __init__(self, lay: Layout, max_width: float, max_height: float,
                 regular: str, bold: str) -> None:
        super().__init__()
        self.lay = lay
        self.scale = min(1.0, max_width / lay.width, max_height / lay.height)
        self.width = lay.width * self.scale
        self.height = lay.height * self.scale
        self.regular, self.bold = regular, bold

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    @staticmethod
    def _measure(font: str, size: float) -> Callable[[str], float]:
        """Width of a text in this font and size, in points."""
        return lambda text: float(stringWidth(text, font, size))

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, self.height - y * self.scale

    def draw(self) -> None:
        c, s, lay = self.canv, self.scale, self.lay
        for i, lane in enumerate(lay.lanes):
            c.setFillColor(LANES[i % 2])
            x, y = self._xy(0, lane.y + lane.height)
            c.rect(x, y, lay.width * s, lane.height * s, stroke=0, fill=1)
            c.setFillColor(GREY)
            size = max(6.5, 11 * s)
            lines = wrap_to_width(lane.label, self._measure(self.bold, size), 120 * s, 2)
            line_h = size * 1.15
            cx, cy = self._xy(8, lane.y + lane.height / 2)
            top = cy + len(lines) * line_h / 2 - size
            c.setFont(self.bold, size)
            for n, line in enumerate(lines):
                c.drawString(cx, top - n * line_h, line)
        for a in lay.arrows:
            self._arrow(a)
        for b in lay.boxes:
            self._box(b)

    def _arrow(self, a) -> None:  # noqa: ANN001 - service_chain.Arrow
        c, s = self.canv, self.scale
        color = FACTOR_INK if a.kind == "dependency" else (BROKEN if a.broken else GREY)
        c.setStrokeColor(color)
        c.setFillColor(color)
        c.setLineWidth((1.8 if a.broken else 1.1) * max(s, 0.6))
        c.setDash(2, 2) if a.kind == "dependency" else (c.setDash(5, 3) if a.broken
                                                          else c.setDash())
        (x1, y1), (x2, y2) = self._xy(*a.start), self._xy(*a.end)
        path = c.beginPath()
        path.moveTo(x1, y1)
        if a.via is not None:
            vx, vy = self._xy(*a.via)
            path.curveTo(x1 + (vx - x1) * 2 / 3, y1 + (vy - y1) * 2 / 3,
                         x2 + (vx - x2) * 2 / 3, y2 + (vy - y2) * 2 / 3, x2, y2)
            fx, fy = vx, vy
        else:
            path.lineTo(x2, y2)
            fx, fy = x1, y1
        c.drawPath(path, stroke=1, fill=0)
        c.setDash()
        head = 7 * max(s, 0.6)
        ang = math.atan2(y2 - fy, x2 - fx)
        tri = c.beginPath()
        tri.moveTo(x2, y2)
        tri.lineTo(x2 - head * math.cos(ang - 0.4), y2 - head * math.sin(ang - 0.4))
        tri.lineTo(x2 - head * math.cos(ang + 0.4), y2 - head * math.sin(ang + 0.4))
        tri.close()
        c.drawPath(tri, stroke=0, fill=1)
        if a.broken:
            mx, my = self._xy(*a.mark_at)
            d = 5 * max(s, 0.7)
            c.setLineWidth(2.2 * max(s, 0.7))
            c.setStrokeColor(BROKEN)
            c.line(mx - d, my - d, mx + d, my + d)
            c.line(mx - d, my + d, mx + d, my - d)
        font = self.bold if a.broken else self.regular
        size = max(6.2, 9 * s)
        text = a.label + (f" – {a.note}" if a.note else "")
        lx, ly = a.label_at
        lines = wrap_to_width(text, lambda t: stringWidth(t, font, size), (COLUMN - 22) * s,
                              2 if a.via is not None else 1)
        c.setFont(font, size)
        for n, line in enumerate(lines):
            px, py = self._xy(lx, ly)
            c.drawString(px, py - size - n * size * 1.15, line)

    def _box(self, b) -> None:  # noqa: ANN001 - service_chain.Box
        c, s = self.canv, self.scale
        x, y = self._xy(b.x, b.y + b.h)
        w, h = b.w * s, b.h * s
        fill = {"cm": CM_FILL, "factor": FACTOR_FILL}.get(b.kind, colors.white)
        stroke = BROKEN if b.broken else (FACTOR_INK if b.kind == "factor" else BORDER)
        c.setFillColor(fill)
        c.setStrokeColor(stroke)
        c.setLineWidth((2.2 if b.broken else 0.9) * max(s, 0.6))
        c.roundRect(x, y, w, h, 4 * s, stroke=1, fill=1)
        c.setFillColor(INK)
        bold = b.kind != "factor"
        font = self.bold if bold else self.regular
        if b.kind == "cm":
            size = max(7, 11 * s)
            c.setFont(font, size)
            c.drawString(x + 8 * s, y + h / 2 - size / 3, b.label)
            return
        max_lines = 3 if b.kind == "factor" else 2
        sizes = sorted({max(5.5, c * s) for c in (12, 11, 10, 9)} | {6.0, 5.5}, reverse=True)
        for size in sizes:
            if fits(b.label, self._measure(font, size), w - 8 * s, max_lines):
                break
        else:  # a long single word: the regular face is narrower than the bold one
            font = self.regular
        lines = wrap_to_width(b.label, lambda t: stringWidth(t, font, size), w - 8 * s,
                              max_lines)
        detail_size = max(5.8, 8.5 * s)
        block = len(lines) * size * 1.15 + (detail_size * 1.2 if b.detail else 0)
        ty = y + h / 2 + block / 2 - size
        c.setFont(font, size)
        for line in lines:
            c.drawCentredString(x + w / 2, ty, line)
            ty -= size * 1.15
        if b.detail:
            c.setFillColor(BROKEN if b.broken else GREY)
            c.setFont(self.bold if b.broken else self.regular, detail_size)
            c.drawCentredString(x + w / 2, ty + size * 0.15,
                                b.detail + (" · Bruch" if b.broken else ""))


def _break_points(content: ReconstructionContent) -> list[str]:
    nodes = {n.id: n for n in content.chain.nodes}
    out = []
    for h in content.chain.handoffs:
        if h.broken and h.source in nodes and h.target in nodes:
            out.append(f"{month_label(h.month)}: Übergabe von {nodes[h.source].label} an "
                       f"{nodes[h.target].label} unterbrochen"
                       + (f" ({h.note})" if h.note else ""))
    for n in content.chain.nodes:
        if n.broken:
            out.append(f"{n.label} ({life_area_label(n.life_area, True)}): stockt"
                       + (f" – {n.note}" if n.note else ""))
    return out


def build_sheet(content: ReconstructionContent, reviewed: bool, printed_on: date | None = None
                ) -> bytes:
    """The sheet as PDF bytes (A4 landscape)."""
    regular, bold = _fonts()
    buf = io.BytesIO()
    page_w, page_h = landscape(A4)
    margin = 14 * mm
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=margin,
                            rightMargin=margin, topMargin=12 * mm, bottomMargin=14 * mm,
                            title=content.title or "Fallrekonstruktion",
                            author="KIMdesk", subject="Fallrekonstruktion")
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=13.5, textColor=INK)
    h1 = ParagraphStyle("h1", parent=base, fontName=bold, fontSize=15, leading=19)
    h2 = ParagraphStyle("h2", parent=base, fontName=bold, fontSize=11.5, leading=15,
                        spaceBefore=8, spaceAfter=3)
    small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=GREY)
    banner = ParagraphStyle("banner", parent=base, fontName=bold, textColor=colors.white,
                            backColor=BROKEN, borderPadding=(4, 6, 4, 6), fontSize=10.5)
    stamp = (printed_on or date.today()).strftime("%d.%m.%Y")

    def para(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story: list[Flowable] = []
    if not reviewed:
        story += [para("ENTWURF – nicht datenschutzgeprüft. Nur zur internen Vorbereitung im "
                       "Regionalteam, nicht weitergeben.", banner), Spacer(1, 8)]
    story.append(para(content.title or "Fallrekonstruktion", h1))
    areas = ", ".join(life_area_label(a, True) for a in content.life_areas)
    story.append(para(f"Fallrekonstruktion für die Projektgruppe · Lebensbereiche: {areas} · "
                      f"gedruckt am {stamp}" + (" · datenschutzgeprüft" if reviewed else ""),
                      small))
    story.append(Spacer(1, 6))
    lay = layout(content.chain, content.factors, content.dependencies)
    avail_w = page_w - 2 * margin
    avail_h = page_h - 12 * mm - 14 * mm - 70
    story.append(DiagramFlowable(lay, avail_w, avail_h, regular, bold))
    story.append(Spacer(1, 4))
    story.append(para("Spuren = Lebensbereiche · Kästen = beteiligte Stellen (nur die Art) · "
                      "Pfeile = Übergaben in zeitlicher Folge (relative Zeit) · rot "
                      "gestrichelt mit × = Übergabe unterbrochen · rot umrandet = "
                      "Bruchstelle · gelb = hinderliche Faktoren, gepunktet = Zusammenhang",
                      small))
    story.append(PageBreak())
    if content.goal.strip():
        story += [para("Zielsetzung", h2), para(content.goal)]
    story += [para("Fallschilderung", h2), para(content.narrative.strip() or "–")]
    if content.factors:
        story.append(para("Hinderliche Faktoren und ihre Zusammenhänge", h2))
        for f in content.factors:
            area = f" ({life_area_label(f.life_area, True)})" if f.life_area else ""
            story.append(para(f"• {f.text}{area}"))
        names = {f.id: f.text for f in content.factors}
        for d in content.dependencies:
            if d.source in names and d.target in names:
                story.append(para(f"Zusammenhang: {names[d.source]} "
                                  f"{DEPENDENCY_KINDS.get(d.kind, d.kind)} {names[d.target]}"))
    breaks = _break_points(content)
    if breaks:
        story.append(para("Bruchstellen in der Dienstleistungskette", h2))
        story += [para(f"• {line}") for line in breaks]
    story += [para("Generatives Thema", h2), para(content.generative_theme.strip() or "–")]
    scheme = Table(
        [[para("Grundsatzziel", h2), para(content.generative_theme.strip() or "")],
         [para("Rahmenziele", h2), ""], [para("Handlungsstrategien", h2), ""]],
        colWidths=[48 * mm, avail_w - 48 * mm], rowHeights=[None, 28 * mm, 36 * mm])
    scheme.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, BORDER),
                                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("BACKGROUND", (0, 0), (0, -1), LANES[1])]))
    story += [Spacer(1, 8), KeepTogether([para("Zielschema für die Projektgruppe (5.5.2)", h2),
                                          scheme])]

    def footer(canvas, _doc) -> None:  # noqa: ANN001 - reportlab callback
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(margin, 8 * mm, "KIMdesk · Fallrekonstruktion · anonymisiert und "
                                          "abstrahiert – keine Namen, keine genauen Daten")
        canvas.drawRightString(page_w - margin, 8 * mm, f"Seite {canvas.getPageNumber()}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
