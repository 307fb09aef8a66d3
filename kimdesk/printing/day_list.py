"""Tagesliste: today's appointments and what is due, on paper for outreach visits.

Rendered from the Heute agenda (a read-model, no database access). It carries names, so it
is printed or saved only after the same warning as every other printout.
"""

from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from kimdesk.printing.flowables import Styles, table_style

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
#: the agenda sections a day list shows, in this order
PRINTED = ("appointments", "steps", "follow_ups", "reminders", "expiring")


def build_day_list(agenda: Any, titles: dict[str, str], author: str = "") -> bytes:
    """A4 PDF of ``agenda`` (kimdesk.casework.today.Agenda)."""
    styles = Styles()
    out = BytesIO()
    day = agenda.today
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm,
                            title=f"Tagesliste {day:%d.%m.%Y}", author=author or "KIMdesk")
    story: list[Any] = [
        Paragraph(f"Tagesliste — {WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}", styles.title),
        Paragraph("Vertraulich: enthält Namen. Nach dem Termin vernichten, nicht liegen "
                  "lassen.", styles.tiny), Spacer(1, 4 * mm)]
    for key in PRINTED:
        items = agenda.sections.get(key, [])
        if not items:
            continue
        story.append(Paragraph(titles.get(key, key), styles.heading))
        rows = [[Paragraph("Wann", styles.label), Paragraph("Klient*in", styles.label),
                 Paragraph("Was", styles.label), Paragraph("erledigt", styles.label)]]
        rows += [[Paragraph(f"{i.on:%d.%m.}" if i.on else "", styles.cell),
                  Paragraph(_escape(i.client_name), styles.cell),
                  Paragraph(_escape(i.text), styles.cell), ""] for i in items]
        table = Table(rows, colWidths=[18 * mm, 48 * mm, 92 * mm, 16 * mm], repeatRows=1)
        table.setStyle(table_style([
            ("GRID", (0, 0), (-1, -1), 0.4, "#9aa3ab"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), "#eceef0")]))
        story.append(table)
    if len(story) == 3:
        story.append(Paragraph("Heute steht nichts an.", styles.body))
    doc.build(story)
    return out.getvalue()


def _escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
