"""Bericht an die Lenkungsgruppe: the district's figures of a period, charts, the themes of
the project groups and the steering group's decisions — on the same A4 letter frame,
fonts and footer ("Seite x von y") as every other KIMdesk printout.

The office assembles the read-model (:class:`SteeringReport`, plain values: the perturbed
district figures, never anything about a client); this module only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from kimdesk.core import chart_geometry as geo
from kimdesk.core.dates import german
from kimdesk.printing.charts import drawing
from kimdesk.printing.flowables import LIGHT, LINE, MID, Styles, table_style, text_block
from kimdesk.printing.labels import Labels
from kimdesk.printing.letter import BODY_W, Letter, LetterRenderer
from kimdesk.printing.read_models import Contact, DocumentStamp, Recipient, Sender

TITLE = "Bericht an die Lenkungsgruppe"


@dataclass(frozen=True)
class ReportTable:
    """A table as printed: header, rows of texts; columns from ``numeric_from`` on are
    numbers (right-aligned); ``totals`` are the indices of sum rows (bold)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric_from: int = 1
    totals: tuple[int, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ReportTheme:
    title: str
    status: str
    principal_goal: str
    goals: tuple[tuple[str, tuple[str, ...]], ...]  # Rahmenziel, its Handlungsstrategien
    institutions: tuple[str, ...]
    meetings: tuple[tuple[date, str], ...]
    reconstructions: int


@dataclass(frozen=True)
class ReportDecision:
    decided_on: date
    title: str
    text: str
    theme: str
    published: bool


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    hint: str = ""


@dataclass(frozen=True)
class SteeringReport:
    district: str
    period_display: str
    sender: Sender
    contact: Contact
    created_at: datetime
    document_id: str
    completeness: str
    note: str  # the method's note, once
    error_note: str
    key_figures: tuple[KeyFigure, ...]
    caseload: str  # one sentence: cases per position against the guideline
    charts: tuple[geo.Chart, ...]
    tables: tuple[ReportTable, ...]
    themes: tuple[ReportTheme, ...]
    decisions: tuple[ReportDecision, ...]


def render_steering_report(report: SteeringReport) -> bytes:
    labels = Labels("de")
    stamp = DocumentStamp(report.document_id, "steering_report", 1, report.created_at,
                          client_id=0)
    letter = Letter(TITLE, None, report.sender, report.contact,
                    Recipient("Lenkungsgruppe Kommunales Integrationsmanagement",
                              (report.district,)), stamp, labels)
    renderer = LetterRenderer(letter)
    return renderer.build(report_story(report, renderer.styles))


def _key_figures(report: SteeringReport, st: Styles) -> Table:
    cells = [[text_block(f.value, st.title), text_block(f.label, st.small)]
             + ([text_block(f.hint, st.tiny)] if f.hint else []) for f in report.key_figures]
    width = BODY_W / max(len(cells), 1)
    table = Table([cells], colWidths=[width] * len(cells))
    table.setStyle(table_style([
        ("BOX", (0, 0), (-1, -1), 0.6, LINE), ("INNERGRID", (0, 0), (-1, -1), 0.6, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
    return table


class VerticalText(Flowable):
    """A column heading turned upright (read from bottom to top), in lines of at most
    ``length`` points, for tables with many narrow number columns."""

    def __init__(self, text: str, font: str, size: float, length: float = 30 * mm) -> None:
        super().__init__()
        self.font, self.size = font, size
        self.lines: list[str] = []
        for word in text.split():
            if self.lines and stringWidth(f"{self.lines[-1]} {word}", font, size) <= length:
                self.lines[-1] += " " + word
            else:
                self.lines.append(word)
        self.leading = size * 1.2

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        longest = max((stringWidth(line, self.font, self.size) for line in self.lines),
                      default=0.0)
        return self.leading * len(self.lines), longest + 2

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFont(self.font, self.size)
        c.rotate(90)
        for i, line in enumerate(self.lines):
            c.drawString(0, -self.size - i * self.leading, line)
        c.restoreState()


MIN_NUMBER_W = 11 * mm
CELL_SIZE = 9  # pt, the table's cells
CELL_PADDING = 6  # pt, left and right
NUMBERS_SHARE = 0.6  # at most this share of the width for number columns


def _columns(t: ReportTable, st: Styles) -> tuple[list[float], bool]:
    """Column widths, and whether the number columns' headings stand upright: each number
    column as wide as the longest word of its heading and as its widest cell ("zurück-
    gehalten" in bold included), unless the headings leave the labels too little room."""
    from kimdesk.printing import fonts

    numbers = t.headers[t.numeric_from:]
    bold = fonts.face("Latn", bold=True).name
    cells = [max((stringWidth(row[j], bold, CELL_SIZE) for row in t.rows
                  if j < len(row)), default=0) + CELL_PADDING
             for j in range(t.numeric_from, len(t.headers))]
    words = [max((stringWidth(w, st.label.fontName, st.label.fontSize) for w in h.split()),
                 default=0) + 8 for h in numbers]
    widths = [max(MIN_NUMBER_W, w) for w in words]
    upright = sum(widths) > BODY_W * NUMBERS_SHARE
    if upright:
        share = max(MIN_NUMBER_W, (BODY_W * 0.45) / max(len(numbers), 1))
        widths = [min(share, 16 * mm)] * len(numbers)
    widths = [max(w, c) for w, c in zip(widths, cells, strict=True)]
    label = (BODY_W - sum(widths)) / max(t.numeric_from, 1)
    return [label] * t.numeric_from + widths, upright


def report_table(t: ReportTable, st: Styles) -> list[Flowable]:
    widths, upright = _columns(t, st)
    head: list[Flowable] = [text_block(h, st.label) for h in t.headers[:t.numeric_from]]
    over_numbers = ParagraphStyle("kim-label-right", parent=st.label, alignment=TA_RIGHT)
    head += [VerticalText(h, st.label.fontName, 7.5) if upright
             else text_block(h, over_numbers) for h in t.headers[t.numeric_from:]]
    body = [[text_block(c, st.cell_bold if i in t.totals else st.cell)
             if j < t.numeric_from else c for j, c in enumerate(row)]
            for i, row in enumerate(t.rows)]
    table = Table([head, *body], colWidths=widths, repeatRows=1)
    commands: list[tuple] = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, LINE), ("LINEBELOW", (0, 1), (-1, -1), 0.25, MID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (t.numeric_from, 0), (-1, -1), "RIGHT"),
        ("FONTSIZE", (0, 1), (-1, -1), CELL_SIZE), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("VALIGN", (t.numeric_from, 0), (-1, 0), "BOTTOM" if upright else "TOP")]
    from kimdesk.printing import fonts

    bold = fonts.face("Latn", bold=True).name
    for i in t.totals:
        commands += [("BACKGROUND", (0, i + 1), (-1, i + 1), LIGHT),
                     ("FONTNAME", (t.numeric_from, i + 1), (-1, i + 1), bold)]
    table.setStyle(table_style(commands))
    out: list[Flowable] = [CondPageBreak(40 * mm), text_block(t.title, st.heading), table]
    if t.note:
        out += [Spacer(1, 1.5 * mm), text_block(t.note, st.tiny)]
    out.append(Spacer(1, 5 * mm))
    return out


def _theme(theme: ReportTheme, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(35 * mm), text_block(theme.title, st.subject),
                           text_block(f"Stand: {theme.status} · {theme.reconstructions} "
                                      f"gebündelte Fallrekonstruktion"
                                      f"{'' if theme.reconstructions == 1 else 'en'}", st.small)]
    if theme.principal_goal:
        out += [Spacer(1, 1.5 * mm), text_block("Grundsatzziel", st.label),
                text_block(theme.principal_goal, st.body)]
    for goal, strategies in theme.goals:
        out += [Spacer(1, 1.5 * mm), text_block(f"Rahmenziel: {goal}", st.body, bold=True)]
        out += [text_block(f"– Handlungsstrategie: {s}", st.small) for s in strategies]
    if theme.institutions:
        out += [Spacer(1, 1.5 * mm),
                text_block("Beteiligte Einrichtungen: " + ", ".join(theme.institutions),
                           st.small)]
    for held_on, minutes in theme.meetings:
        first = minutes.strip().split("\n")[0][:300] if minutes.strip() else ""
        out.append(text_block(f"Sitzung am {german(held_on)}" + (f": {first}" if first else ""),
                              st.small))
    out.append(Spacer(1, 4 * mm))
    return out


def _decision(d: ReportDecision, st: Styles) -> list[Flowable]:
    head = f"Beschluss vom {german(d.decided_on)}: {d.title}"
    out: list[Flowable] = [text_block(head, st.subject)]
    if d.theme:
        out.append(text_block(f"Thema: {d.theme}", st.small))
    out += [text_block(p, st.body) for p in d.text.split("\n\n") if p.strip()]
    out.append(text_block("an die Laptops veröffentlicht" if d.published
                          else "noch nicht veröffentlicht", st.tiny))
    out.append(Spacer(1, 3 * mm))
    return [KeepTogether(out)]


def report_story(report: SteeringReport, st: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        text_block(f"{TITLE}: {report.period_display}", st.title),
        Spacer(1, 2 * mm),
        text_block(f"{report.district} · Kommunales Integrationsmanagement · erstellt am "
                   f"{german(report.created_at.date())}", st.body),
        Spacer(1, 3 * mm),
        text_block(report.completeness, st.body, bold=True),
        Spacer(1, 2 * mm),
        text_block(f"{report.note} {report.error_note}", st.small),
        Spacer(1, 5 * mm),
        text_block("Das Quartal in Zahlen" if "Quartal" in report.period_display
                   else "Der Zeitraum in Zahlen", st.heading),
        _key_figures(report, st),
        Spacer(1, 3 * mm),
    ]
    if report.caseload:
        story += [text_block(report.caseload, st.body), Spacer(1, 4 * mm)]
    for chart in report.charts:
        story += [CondPageBreak(60 * mm), drawing(chart, BODY_W), Spacer(1, 5 * mm)]
    for table in report.tables:
        story += report_table(table, st)
    story += [CondPageBreak(50 * mm), text_block("Themen und Projektgruppen", st.heading)]
    if report.themes:
        for theme in report.themes:
            story += _theme(theme, st)
    else:
        story += [text_block("Noch keine Themen angelegt.", st.body), Spacer(1, 4 * mm)]
    story += [CondPageBreak(40 * mm), text_block("Beschlüsse der Lenkungsgruppe", st.heading)]
    if report.decisions:
        for decision in report.decisions:
            story += _decision(decision, st)
    else:
        story.append(text_block("Im Zeitraum keine Beschlüsse.", st.body))
    return story
