"""Terminzettel: the next appointment, bilingual, to take home."""

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from kimdesk.printing.flowables import LINE, Styles, bilingual, table_style, text_block, translated
from kimdesk.printing.labels import Labels
from kimdesk.printing.letter import BODY_W, Letter, LetterRenderer
from kimdesk.printing.read_models import DocumentStamp, SlipData


def render_slip(data: SlipData, labels: Labels, stamp: DocumentStamp) -> bytes:
    letter = Letter(labels.de("slip_title"), labels.tr("slip_title"), data.sender,
                    data.contact, data.recipient, stamp, labels)
    renderer = LetterRenderer(letter)
    return renderer.build(slip_story(data, labels, renderer.styles))


def slip_story(data: SlipData, labels: Labels, st: Styles) -> list[Flowable]:
    appt = data.appointment
    story: list[Flowable] = bilingual(labels, "slip_title", st.title, tr_size=13, tr_bold=True)
    story.append(Spacer(1, 4 * mm))
    story += bilingual(labels, "slip_intro", st.heading, tr_size=10, tr_bold=True)
    story.append(Spacer(1, 2 * mm))
    when: list[Flowable] = [text_block(f"{labels.de(f'weekday_{appt.starts_at.weekday()}')}, "
                                       f"{appt.starts_at:%d.%m.%Y}", st.subject)]
    weekday_tr = labels.tr(f"weekday_{appt.starts_at.weekday()}")
    if weekday_tr:
        when.append(translated(labels, weekday_tr, 10))
    rows = [
        [bilingual(labels, "date", st.label), when],
        [bilingual(labels, "time", st.label),
         text_block(f"{appt.starts_at:%H:%M} Uhr", st.subject)],
    ]
    if appt.place:
        rows.append([bilingual(labels, "place", st.label), text_block(appt.place, st.body)])
    rows.append([bilingual(labels, "with_whom", st.label),
                 text_block(data.contact.name, st.body)])
    if data.contact.phone:
        rows.append([bilingual(labels, "phone", st.label),
                     text_block(data.contact.phone, st.body)])
    if appt.note:
        rows.append([bilingual(labels, "bring_along", st.label),
                     text_block(appt.note, st.body)])
    table = Table(rows, colWidths=[45 * mm, BODY_W - 45 * mm])
    table.setStyle(table_style([
        ("BOX", (0, 0), (-1, -1), 0.8, LINE),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
    ]))
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    story += bilingual(labels, "slip_cancel", st.body, tr_size=9.5)
    return story
