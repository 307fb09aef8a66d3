"""A4 page frame in the manner of a DIN 5008 letter (form B).

First page: letterhead with the sender, the window address field (45 mm from the top,
25 mm from the left, 85 × 45 mm), the information block at 125 mm with the contact
person and the date, fold marks at 105 and 210 mm and the hole mark at 148.5 mm. Later
pages: a one-line header. Every page: footer with document id, version, "Seite x von y".
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Table,
)

from kimdesk.core.dates import german
from kimdesk.printing import fonts, shaping
from kimdesk.printing.flowables import (
    GREY,
    LINE,
    Styles,
    table_style,
    text_block,
    translated,
)
from kimdesk.printing.labels import Labels
from kimdesk.printing.read_models import Contact, DocumentStamp, Recipient, Sender

PAGE_W, PAGE_H = A4
LEFT = 25 * mm
RIGHT = 20 * mm
BODY_W = PAGE_W - LEFT - RIGHT
FIRST_BODY_TOP = 98 * mm  # below address field and information block
LATER_BODY_TOP = 22 * mm
BODY_BOTTOM = 24 * mm


@dataclass(frozen=True)
class Letter:
    """Everything the page frame prints around the content."""

    title: str  # German document title
    title_translated: str | None  # the same in the client's language
    sender: Sender
    contact: Contact
    recipient: Recipient
    stamp: DocumentStamp
    labels: Labels
    letterhead: bool = True  # False: no address field (e.g. the Art. 15 export)


def _draw_line(canvas: Canvas, text: str, x: float, y: float, size: float, labels: Labels,
               bold: bool = False, align: str = "left", translated: bool = True) -> None:
    """One line of (possibly right-to-left) text at a baseline."""
    script = labels.script if translated else "Latn"
    rtl = labels.rtl if translated else False
    shaped = shaping.shape(text, script, rtl, bold, labels.code if translated else "")
    width = shaped.width(size)
    if align == "right":
        x -= width
    shaped.draw(canvas, x, y, size)


RETURN_LINE_W = 85 * mm  # the sender's line above the address, inside the window


def return_line_size(text: str) -> float:
    """The sender's line at 7 pt, smaller (down to 5 pt) when a long sender — an office's
    full name, street and town — would run past the envelope's window."""
    width = shaping.text_width(text, 7)
    return 7.0 if width <= RETURN_LINE_W else max(5.0, 7.0 * RETURN_LINE_W / width)


class _PagedCanvas(Canvas):
    """Keeps pages until the end so that every footer can say "Seite x von y"."""

    footer: Callable[[Canvas, int, int], None] = staticmethod(lambda c, p, n: None)

    def __init__(self, *args, **kwargs) -> None:
        if not kwargs.get("initialFontName"):  # platypus passes None explicitly
            kwargs["initialFontName"] = fonts.face("Latn").name
        super().__init__(*args, **kwargs)
        self._pending: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pending.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pending)
        for number, state in enumerate(self._pending, start=1):
            self.__dict__.update(state)
            type(self).footer(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


class LetterRenderer:
    def __init__(self, letter: Letter) -> None:
        self.letter = letter
        self.styles = Styles()

    # -- page furniture -------------------------------------------------------------
    def _letterhead(self, canvas: Canvas, _doc: object) -> None:
        ltr = self.letter
        s = ltr.sender
        canvas.saveState()
        canvas.setFillColor(colors.black)
        top = PAGE_H - 14 * mm
        x_right = PAGE_W - RIGHT
        lines = [(s.name, 11, True), (s.department, 9, False), (s.street, 9, False),
                 (" ".join(p for p in (s.postcode, s.city) if p), 9, False)]
        for text, size, bold in lines:
            if text:
                _draw_line(canvas, text, x_right, top, size, ltr.labels, bold, "right", False)
                top -= size * 1.35
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.4)
        # fold marks (form B: 105 mm, 210 mm) and hole mark (148.5 mm)
        for y_mm, length in ((105, 5), (210, 5), (148.5, 8)):
            y = PAGE_H - y_mm * mm
            canvas.line(3 * mm, y, (3 + length) * mm, y)
        if ltr.letterhead:
            self._address_field(canvas)
        self._info_block(canvas)
        canvas.restoreState()

    def _address_field(self, canvas: Canvas) -> None:
        ltr = self.letter
        canvas.setFillColor(GREY)
        y = PAGE_H - 45 * mm - 12 * mm
        size = return_line_size(ltr.sender.return_line)
        _draw_line(canvas, ltr.sender.return_line, LEFT, y, size, ltr.labels, translated=False)
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.3)
        width = shaping.text_width(ltr.sender.return_line, size)
        canvas.line(LEFT, y - 1.2, LEFT + min(width, RETURN_LINE_W), y - 1.2)
        canvas.setFillColor(colors.black)
        y = PAGE_H - 62.7 * mm - 4 * mm
        for i, line in enumerate((ltr.recipient.name, *ltr.recipient.address_lines)):
            if i >= 6:
                break
            _draw_line(canvas, line, LEFT, y, 10, ltr.labels, bold=False, translated=False)
            y -= 12.5

    def _info_block(self, canvas: Canvas) -> None:
        ltr = self.letter
        st = self.styles
        c = ltr.contact
        rows = [("contact_person", c.name), ("phone", c.phone), ("email", c.email),
                ("hours", c.hours), ("date", german(ltr.stamp.printed_at.date()))]
        data = []
        for key, value in rows:
            if not value:
                continue
            label: list[Flowable] = [text_block(ltr.labels.de(key), st.label)]
            tr = ltr.labels.tr(key)
            if tr:
                label.append(translated(ltr.labels, tr, 7.5))
            data.append([label, text_block(value, st.small)])
        table = Table(data, colWidths=[28 * mm, 47 * mm])
        table.setStyle(table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]))
        _w, h = table.wrapOn(canvas, 75 * mm, 45 * mm)
        table.drawOn(canvas, 125 * mm, PAGE_H - 50 * mm - h)

    def _later_header(self, canvas: Canvas, _doc: object) -> None:
        ltr = self.letter
        canvas.saveState()
        canvas.setFillColor(GREY)
        y = PAGE_H - 13 * mm
        title = f"{ltr.title} · {ltr.recipient.name}"
        _draw_line(canvas, title, LEFT, y, 8, ltr.labels, translated=False)
        tr = ltr.title_translated
        if tr:
            _draw_line(canvas, tr, PAGE_W - RIGHT, y, 8, ltr.labels, align="right")
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.4)
        canvas.line(LEFT, y - 4, PAGE_W - RIGHT, y - 4)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, page: int, pages: int) -> None:
        ltr = self.letter
        lab = ltr.labels
        stamp = ltr.stamp
        canvas.saveState()
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.4)
        canvas.line(LEFT, 18 * mm, PAGE_W - RIGHT, 18 * mm)
        canvas.setFillColor(GREY)
        when = stamp.printed_at.strftime("%d.%m.%Y %H:%M")
        de = (f"{stamp.kind_label} · {lab.de('document')} {stamp.document_id} · "
              f"{lab.de('version')} {stamp.version} · {when}")
        _draw_line(canvas, de, LEFT, 14 * mm, 7.5, lab, translated=False)
        _draw_line(canvas, lab.de("page_of", page=page, pages=pages), PAGE_W - RIGHT, 14 * mm,
                   7.5, lab, bold=True, align="right", translated=False)
        if lab.bilingual:
            tr = f"{lab.tr('document')} {stamp.document_id} · {lab.tr('version')} {stamp.version}"
            _draw_line(canvas, tr, LEFT, 10 * mm, 7.5, lab)
            _draw_line(canvas, lab.tr("page_of", page=page, pages=pages) or "", PAGE_W - RIGHT,
                       10 * mm, 7.5, lab, align="right")
        if lab.needs_review and lab.other is not None:
            note = (f"Übersetzung der festen Beschriftungen ({lab.other.label}): Entwurf, noch "
                    "nicht von einer muttersprachlichen Person geprüft.")
            _draw_line(canvas, note, LEFT, 6 * mm, 6.5, lab, translated=False)
        canvas.restoreState()

    # -- build ------------------------------------------------------------------------
    def build(self, story: list[Flowable]) -> bytes:
        buffer = io.BytesIO()
        ltr = self.letter
        doc = BaseDocTemplate(
            buffer, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=LATER_BODY_TOP,
            bottomMargin=BODY_BOTTOM, title=ltr.title,
            author=ltr.sender.name, creator="KIMdesk", subject=ltr.stamp.document_id,
            lang="de-DE", initialFontName=fonts.face("Latn").name)
        first = Frame(LEFT, BODY_BOTTOM, BODY_W, PAGE_H - FIRST_BODY_TOP - BODY_BOTTOM,
                      id="first", leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)
        later = Frame(LEFT, BODY_BOTTOM, BODY_W, PAGE_H - LATER_BODY_TOP - BODY_BOTTOM,
                      id="later", leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)
        doc.addPageTemplates([
            PageTemplate("first", [first], onPage=self._letterhead),
            PageTemplate("later", [later], onPage=self._later_header),
        ])
        footer = self._footer

        class Paged(_PagedCanvas):
            pass

        Paged.footer = staticmethod(footer)
        doc.build([NextPageTemplate("later"), *story], canvasmaker=Paged)
        return buffer.getvalue()
