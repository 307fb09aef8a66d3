"""Printing: one integration plan beside a plain one-page reportlab document, same fonts.

The baseline is the cheapest thing reportlab does with the same embedded Noto fonts — one
A4 page with a heading, a paragraph and a small table — so the ratio shows what letter
layout, bilingual labels and HarfBuzz shaping cost on this machine.
"""

import io
import time

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from benchmarks.report import median, scenario
from kimdesk.printing import fonts
from kimdesk.printing.labels import Labels
from kimdesk.printing.plan import render_plan
from kimdesk.printing.samples import sample_plan, sample_stamp


def _one_page() -> bytes:
    regular, bold, arabic = fonts.face("Latn"), fonts.face("Latn", True), fonts.face("Arab")
    body = ParagraphStyle("b", fontName=regular.name, fontSize=10, leading=13)
    head = ParagraphStyle("h", fontName=bold.name, fontSize=15, leading=19)
    arab = ParagraphStyle("a", fontName=arabic.name, fontSize=10, leading=14)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, initialFontName=regular.name)
    rows = [[Paragraph(f"Schritt {i}", body), Paragraph("Case Management", body),
             Paragraph("01.04.2025", body)] for i in range(10)]
    table = Table(rows)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), regular.name)])
    doc.build([Paragraph("Integrationsplan – Zielvereinbarung", head),
               Paragraph("Wir haben diese Ziele gemeinsam vereinbart. " * 3, body),
               Paragraph("خطة الاندماج", arab), table])
    return buffer.getvalue()


def _time(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run(quick: bool) -> dict:
    repeat = 5 if quick else 15
    labels = Labels("ar")
    typical = sample_plan(goals=5, steps=15)
    long_plan = sample_plan(goals=12, steps=40)
    start = time.perf_counter()
    first = render_plan(typical, labels, sample_stamp("ar"))  # loads and registers the fonts
    cold_ms = (time.perf_counter() - start) * 1000
    _one_page()
    baseline = median(_time(_one_page, repeat))
    plan_ms = median(_time(lambda: render_plan(typical, labels, sample_stamp("ar")), repeat))
    long_ms = median(_time(lambda: render_plan(long_plan, labels, sample_stamp("ar")),
                           max(3, repeat // 3)))
    return {
        "printing.plan_ar_5_goals_15_steps": scenario(
            plan_ms, "ms", baseline, "≤ 200 ms", cold_ms=round(cold_ms, 1),
            pages=first.count(b"/Type /Page\n") or None,
            baseline_what="one A4 page, plain reportlab, same Noto fonts"),
        "printing.plan_ar_12_goals_40_steps": scenario(
            long_ms, "ms", baseline, "≤ 200 ms",
            baseline_what="one A4 page, plain reportlab, same Noto fonts"),
    }
