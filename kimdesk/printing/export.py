"""Auskunft nach Art. 15 DSGVO: everything stored about a client, readable, in German.

Renders the read-model that :mod:`kimdesk.casework.data_export` assembles."""

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from kimdesk.printing.flowables import LIGHT, LINE, Styles, table_style, text_block
from kimdesk.printing.labels import Labels
from kimdesk.printing.letter import BODY_W, Letter, LetterRenderer
from kimdesk.printing.read_models import DocumentStamp, ExportData

TITLE = "Auskunft nach Art. 15 DSGVO"
RIGHTS = (
    "Ihre Rechte: Sie können verlangen, dass falsche Angaben berichtigt (Art. 16 DSGVO) und "
    "Angaben gelöscht werden (Art. 17 DSGVO), dass die Verarbeitung eingeschränkt wird "
    "(Art. 18 DSGVO), und Sie können der Verarbeitung widersprechen (Art. 21 DSGVO). "
    "Eine Einwilligung können Sie jederzeit für die Zukunft widerrufen. Sie können sich bei "
    "der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen "
    "beschweren (Art. 77 DSGVO).")
PURPOSE = (
    "Zweck: Beratung und Begleitung im Kommunalen Integrationsmanagement (Case Management). "
    "Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO). "
    "Die Daten liegen verschlüsselt auf dem Arbeitsgerät Ihrer Case Managerin bzw. Ihres Case "
    "Managers. Weitergegeben wird nur an Stellen, für die Sie eine Schweigepflichtentbindung "
    "erteilt haben; für Statistiken nur ohne Namen und in Zahlen, die keinen Rückschluss auf "
    "Sie zulassen.")


def render_export(data: ExportData, stamp: DocumentStamp) -> bytes:
    labels = Labels("de")
    letter = Letter(TITLE, None, data.sender, data.contact, data.recipient, stamp, labels)
    renderer = LetterRenderer(letter)
    return renderer.build(export_story(data, stamp, renderer.styles))


def export_story(data: ExportData, stamp: DocumentStamp, st: Styles) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(TITLE, st.title), Spacer(1, 3 * mm)]
    story.append(Paragraph(escape(
        f"Sie haben Auskunft darüber verlangt, welche Daten über Sie gespeichert sind. Hier "
        f"steht alles, was am {stamp.printed_at:%d.%m.%Y} im Fallordner über Sie gespeichert "
        "ist."), st.body))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(escape(PURPOSE), st.small))
    for section in data.sections:
        story.append(CondPageBreak(25 * mm))
        story.append(Paragraph(escape(section.title), st.heading))
        if section.rows:
            table = Table([[Paragraph(escape(k), st.label), text_block(v, st.cell)]
                           for k, v in section.rows], colWidths=[50 * mm, BODY_W - 50 * mm])
            table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LINEBELOW", (0, 0), (-1, -1), 0.3, LINE),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 2)]))
            story.append(table)
        elif section.table_header:
            if not section.table:
                story.append(Paragraph("Keine Einträge.", st.small))
            else:
                n = len(section.table_header)
                rows = [[Paragraph(escape(h), st.label) for h in section.table_header]]
                rows += [[text_block(v, st.cell) for v in row] for row in section.table]
                table = Table(rows, colWidths=[BODY_W / n] * n, repeatRows=1)
                table.setStyle(table_style([("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                                            ("GRID", (0, 0), (-1, -1), 0.3, LINE),
                                            ("VALIGN", (0, 0), (-1, -1), "TOP")]))
                story.append(table)
        if section.note:
            story.append(Paragraph(escape(section.note), st.tiny))
    story.append(Spacer(1, 5 * mm))
    story.append(Paragraph(escape(RIGHTS), st.small))
    return story
