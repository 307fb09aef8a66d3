"""Building blocks for the printouts: styles, shaped text, bilingual labels."""

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.platypus import Flowable, Paragraph, TableStyle

from kimdesk.printing import bidi, fonts, shaping
from kimdesk.printing.labels import Labels

GREY = colors.HexColor("#4a4a4a")
LIGHT = colors.HexColor("#eeeeee")
MID = colors.HexColor("#d9d9d9")
LINE = colors.HexColor("#9a9a9a")


class Styles:
    """Paragraph styles on the embedded Noto Sans faces."""

    def __init__(self) -> None:
        regular, bold = fonts.face("Latn"), fonts.face("Latn", bold=True)
        registerFontFamily(regular.name, normal=regular.name, bold=bold.name,
                           italic=regular.name, boldItalic=bold.name)
        self.regular, self.bold = regular.name, bold.name
        base = ParagraphStyle("kim-body", fontName=regular.name, fontSize=10, leading=13.5,
                              alignment=TA_LEFT)
        self.body = base
        self.small = ParagraphStyle("kim-small", parent=base, fontSize=8.5, leading=11)
        self.tiny = ParagraphStyle("kim-tiny", parent=base, fontSize=7, leading=8.5,
                                   textColor=GREY)
        self.cell = ParagraphStyle("kim-cell", parent=base, fontSize=9, leading=11.5)
        self.cell_bold = ParagraphStyle("kim-cell-b", parent=self.cell, fontName=bold.name)
        self.label = ParagraphStyle("kim-label", parent=base, fontName=bold.name, fontSize=8.5,
                                    leading=10.5)
        self.title = ParagraphStyle("kim-title", parent=base, fontName=bold.name, fontSize=15,
                                    leading=19)
        self.heading = ParagraphStyle("kim-h", parent=base, fontName=bold.name, fontSize=11.5,
                                      leading=15, spaceBefore=8, spaceAfter=2)
        self.subject = ParagraphStyle("kim-subject", parent=base, fontName=bold.name,
                                      fontSize=11, leading=14)


def table_style(commands: list[tuple]) -> TableStyle:
    """A TableStyle whose plain-string cells use the embedded font (never Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.face("Latn").name), *commands])


class ShapedText(Flowable):
    """Text in any script, wrapped to the width, shaped and in bidi order.

    ``align`` is "left", "right" or "center"; right-to-left text is right-aligned unless
    said otherwise.
    """

    def __init__(self, text: str, size: float = 10, script: str = "Latn", rtl: bool = False,
                 bold: bool = False, color: colors.Color = colors.black,
                 align: str | None = None, leading: float | None = None,
                 language: str = "", space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.script = script
        self.rtl = rtl
        self.bold = bold
        self.color = color
        self.align = align or ("right" if rtl else "left")
        factor = 1.55 if script == "Arab" else 1.4 if script == "Ethi" else 1.3
        self.leading = leading or size * factor
        self.language = language
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self._lines: list[str] = []
        self._width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._width = availWidth
        self._lines = shaping.wrap(self.text, availWidth, self.size, self.script, self.rtl,
                                   self.bold, self.language)
        return availWidth, self.leading * len(self._lines)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.leading)
        if fit <= 0 or fit >= len(self._lines):
            return []
        head = ShapedText("\n".join(self._lines[:fit]), self.size, self.script, self.rtl,
                          self.bold, self.color, self.align, self.leading, self.language,
                          self.spaceBefore, 0)
        tail = ShapedText("\n".join(self._lines[fit:]), self.size, self.script, self.rtl,
                          self.bold, self.color, self.align, self.leading, self.language,
                          0, self.spaceAfter)
        return [head, tail]

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(self.color)
        height = self.leading * len(self._lines)
        # baseline: leave room above for ascenders, as Paragraph does (about 0.8 em)
        for i, line in enumerate(self._lines):
            shaped = shaping.shape(line, self.script, self.rtl, self.bold, self.language)
            width = shaped.width(self.size)
            if self.align == "right":
                x = self._width - width
            elif self.align == "center":
                x = (self._width - width) / 2
            else:
                x = 0.0
            y = height - i * self.leading - (self.leading + self.size * 0.62) / 2 - \
                self.size * 0.1
            shaped.draw(canvas, x, y, self.size)


def needs_shaping(text: str, script: str = "Latn") -> bool:
    """True if plain reportlab text with Noto Sans would not render ``text`` faithfully."""
    if bidi.has_rtl(text):
        return True
    latin = fonts.face("Latn")
    return any(not latin.has(ch) for ch in text if ch not in "\n\t")


def text_block(text: str, style: ParagraphStyle, bold: bool = False) -> Flowable:
    """Free text as written by the case manager: a Paragraph when Noto Sans can carry it,
    shaped text (any script, right-to-left aware) otherwise."""
    if needs_shaping(text):
        return ShapedText(text, style.fontSize, "Latn", rtl=bidi.first_strong_is_rtl(text),
                          bold=bold,
                          color=style.textColor, align="left", leading=style.leading)
    markup = escape(text).replace("\n", "<br/>")
    if bold:
        markup = f"<b>{markup}</b>"
    return Paragraph(markup, style)


def translated(labels: Labels, text: str, size: float = 8.5, bold: bool = False,
               color: colors.Color = GREY, align: str | None = None,
               space_after: float = 0) -> ShapedText:
    """A text in the client's language (already looked up and formatted)."""
    return ShapedText(text, size, labels.script, labels.rtl, bold, color, align,
                      language=labels.code, space_after=space_after)


def second(labels: Labels, key: str, size: float = 8.5, bold: bool = False,
           color: colors.Color = GREY, align: str | None = None, space_after: float = 0,
           **fmt: object) -> list[Flowable]:
    """The label in the client's language, or nothing for a German-only printout."""
    text = labels.tr(key, **fmt)
    if not text:
        return []
    return [translated(labels, text, size, bold, color, align, space_after)]


def bilingual(labels: Labels, key: str, style: ParagraphStyle, tr_size: float | None = None,
              tr_bold: bool = False, align: str | None = None, space_after: float = 0,
              **fmt: object) -> list[Flowable]:
    """German label (Paragraph in ``style``) with the translation underneath."""
    out: list[Flowable] = [Paragraph(escape(labels.de(key, **fmt)), style)]
    out += second(labels, key, tr_size or max(style.fontSize - 1.5, 7), bold=tr_bold,
                  align=align, space_after=space_after, **fmt)
    if space_after and len(out) == 1:
        out[0] = Paragraph(escape(labels.de(key, **fmt)),
                           ParagraphStyle("x", parent=style, spaceAfter=space_after))
    return out
