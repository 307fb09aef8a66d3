"""Einwilligungserklärung: documentation and, per institution, Schweigepflichtentbindung."""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from kimdesk.printing.flowables import (
    LIGHT,
    LINE,
    Styles,
    bilingual,
    table_style,
    text_block,
)
from kimdesk.printing.labels import Labels
from kimdesk.printing.letter import BODY_W, Letter, LetterRenderer
from kimdesk.printing.plan import _label_value, signature_block
from kimdesk.printing.read_models import ConsentData, DocumentStamp

EMPTY_ROWS = 3  # lines to fill in by hand when no institution is known yet


class CheckBox(Flowable):
    """An empty square to tick by hand."""

    def __init__(self, size: float = 3.6 * mm) -> None:
        super().__init__()
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.black)
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, 0, self.size, self.size)


def yes_no(labels: Labels, st: Styles) -> Table:
    row = [CheckBox(), bilingual(labels, "yes", st.small, tr_size=8, align="left"),
           CheckBox(), bilingual(labels, "no", st.small, tr_size=8, align="left")]
    table = Table([row], colWidths=[6 * mm, 22 * mm, 6 * mm, 22 * mm], hAlign="LEFT")
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table


def render_consent(data: ConsentData, labels: Labels, stamp: DocumentStamp) -> bytes:
    letter = Letter(labels.de("consent_title"), labels.tr("consent_title"), data.sender,
                    data.contact, data.recipient, stamp, labels)
    renderer = LetterRenderer(letter)
    return renderer.build(consent_story(data, labels, renderer.styles))


def _section(labels: Labels, st: Styles, heading: str, text: str) -> list[Flowable]:
    return [*bilingual(labels, heading, st.heading, tr_size=10, tr_bold=True),
            Spacer(1, 1 * mm), *bilingual(labels, text, st.body, tr_size=9.5),
            Spacer(1, 2 * mm)]


def consent_story(data: ConsentData, labels: Labels, st: Styles) -> list[Flowable]:
    story: list[Flowable] = bilingual(labels, "consent_title", st.title, tr_size=13,
                                      tr_bold=True)
    story.append(Spacer(1, 3 * mm))
    person = data.recipient.name + (f" (* {data.recipient.birth_date})"
                                    if data.recipient.birth_date else "")
    story.append(_label_value(labels, st, "person", [text_block(person, st.body, bold=True)]))
    story.append(Spacer(1, 3 * mm))
    story += bilingual(labels, "consent_intro", st.body, tr_size=9.5)
    story.append(KeepTogether([*_section(labels, st, "consent_doc_heading", "consent_doc_text"),
                               yes_no(labels, st)]))
    story.append(Spacer(1, 2 * mm))
    story += _section(labels, st, "consent_share_heading", "consent_share_text")
    story.append(institution_table(data, labels, st))
    story.append(Spacer(1, 3 * mm))
    for key in ("consent_reconstruction", "consent_communication"):
        story.append(KeepTogether([*bilingual(labels, key, st.body, tr_size=9.5),
                                   Spacer(1, 1 * mm), yes_no(labels, st), Spacer(1, 2 * mm)]))
    story.append(Spacer(1, 2 * mm))
    story += bilingual(labels, "consent_voluntary", st.body, tr_size=9.5)
    story.append(Spacer(1, 2 * mm))
    s = data.sender
    address = ", ".join(p for p in (s.name, s.street, f"{s.postcode} {s.city}".strip(),
                                    s.email) if p)
    story.append(_label_value(labels, st, "consent_withdraw_to", [text_block(address, st.small)]))
    story.append(Spacer(1, 6 * mm))
    story.append(KeepTogether(signature_block(labels, st)))
    return story


def institution_table(data: ConsentData, labels: Labels, st: Styles) -> Table:
    header = [bilingual(labels, "institution", st.label, tr_size=7.5),
              bilingual(labels, "purpose", st.label, tr_size=7.5),
              bilingual(labels, "yes", st.label, tr_size=7.5),
              bilingual(labels, "no", st.label, tr_size=7.5)]
    rows: list[list] = [header]
    for item in data.institutions:
        rows.append([text_block(item.institution, st.cell), text_block(item.purpose, st.cell),
                     CheckBox(), CheckBox()])
    for _ in range(EMPTY_ROWS if not data.institutions else 1):
        rows.append(["", "", CheckBox(), CheckBox()])
    widths = [62 * mm, BODY_W - 62 * mm - 2 * 17 * mm, 17 * mm, 17 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1,
                  rowHeights=[None] + [None] * len(data.institutions) +
                  [9 * mm] * (len(rows) - 1 - len(data.institutions)))
    table.setStyle(table_style([
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (2, 1), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table
