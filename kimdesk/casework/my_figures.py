"""Meine Zahlen: the case manager's own exact counts per month and quarter, for her
Sachbericht. They stay on this laptop: nothing here is ever synchronised (what leaves the
laptop are the anonymised, perturbed district tables of ``kimdesk.privacy``)."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from kimdesk import catalogues
from kimdesk.core.periods import Period
from kimdesk.core.vocabulary import CASE_TYPE_LABELS, CaseType
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Case, Contact, ContactLifeArea, Referral

MONTHS = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
NEVER_SENT = ("Nur für Sie: genaue Zahlen aus Ihrem Datenbestand. Sie werden nie an das "
              "Kreisbüro gesendet.")


@dataclass
class FigureRow:
    section: str  # "Fälle", "Kontakte", …
    label: str
    months: list[int] = field(default_factory=lambda: [0] * 12)
    #: for a stock (cases in work) a quarter is not the sum of its months: counted apart
    stock_quarters: list[int] | None = None
    stock_total: int | None = None

    @property
    def quarters(self) -> list[int]:
        if self.stock_quarters is not None:
            return self.stock_quarters
        return [sum(self.months[q * 3:q * 3 + 3]) for q in range(4)]

    @property
    def total(self) -> int:
        return self.stock_total if self.stock_total is not None else sum(self.months)


@dataclass
class MyFigures:
    year: int
    rows: list[FigureRow]


def _label(name: str, cid: str) -> str:
    try:
        return catalogues.label(name, cid).split(" (")[0]
    except KeyError:
        return cid or "ohne Angabe"


class MyFiguresService:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def year(self, year: int) -> MyFigures:
        start, end = date(year, 1, 1), date(year, 12, 31)
        with self.store.session() as s:
            cases = s.execute(select(Case.case_type, Case.opened_on, Case.closed_on).where(
                Case.opened_on <= end, (Case.closed_on.is_(None)) | (Case.closed_on >= start)
            )).all()
            contacts = s.execute(select(Contact.id, Contact.date, Contact.form).where(
                Contact.date.between(start, end))).all()
            areas = s.execute(select(ContactLifeArea.life_area, Contact.date).join(
                Contact, Contact.id == ContactLifeArea.contact_id).where(
                Contact.date.between(start, end))).all()
            referrals = s.execute(select(Referral.referred_on, Referral.life_area).where(
                Referral.referred_on.between(start, end))).all()
        rows: dict[tuple[str, str], FigureRow] = {}

        def add(section: str, label: str, day: date) -> None:
            row = rows.setdefault((section, label), FigureRow(section, label))
            row.months[day.month - 1] += 1

        for ctype, opened, closed in cases:
            kind = CASE_TYPE_LABELS.get(CaseType(ctype), ctype) if ctype in \
                {c.value for c in CaseType} else ctype
            if start <= opened <= end:
                add("Fälle", "neu aufgenommen", opened)
                add("Neue Fälle nach Fallart", kind, opened)
            if closed is not None and start <= closed <= end:
                add("Fälle", "abgeschlossen", closed)
            for month in range(1, 13):  # in Bearbeitung: open on any day of the month
                first = date(year, month, 1)
                last = date(year + (month == 12), month % 12 + 1, 1)
                if opened < last and (closed is None or closed >= first):
                    add("Fälle", "in Bearbeitung", first)
        working = rows.get(("Fälle", "in Bearbeitung"))
        if working is not None:
            working.stock_total = len(cases)
            working.stock_quarters = [
                sum(1 for _t, opened, closed in cases
                    if opened <= quarter.end and (closed is None or closed >= quarter.start))
                for quarter in Period.year_of(year).quarters()]
        for _cid, day, form in contacts:
            add("Kontakte", "alle Kontakte", day)
            add("Kontakte nach Form", _label("contact_forms", form), day)
        for area, day in areas:
            add("Kontakte nach Lebensbereich", _label("life_areas", area), day)
        for day, area in referrals:
            add("Vermittlungen", "alle Vermittlungen", day)
            add("Vermittlungen nach Lebensbereich", _label("life_areas", area), day)
        order = ["Fälle", "Neue Fälle nach Fallart", "Kontakte", "Kontakte nach Form",
                 "Kontakte nach Lebensbereich", "Vermittlungen",
                 "Vermittlungen nach Lebensbereich"]
        ordered = sorted(rows.values(), key=lambda r: (order.index(r.section), r.label))
        for section, label in (("Fälle", "neu aufgenommen"), ("Kontakte", "alle Kontakte"),
                               ("Vermittlungen", "alle Vermittlungen")):
            if (section, label) not in rows:
                ordered.append(FigureRow(section, label))
        rank = {"neu aufgenommen": 0, "in Bearbeitung": 1, "abgeschlossen": 2}
        ordered.sort(key=lambda r: (order.index(r.section), rank.get(r.label, 3), r.label))
        return MyFigures(year, ordered)


def to_xlsx(figures: MyFigures) -> bytes:
    """The year as an Excel sheet: months, quarters, year; the note that it is never sent."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from kimdesk.core.spreadsheet_cells import safe_cell

    book = Workbook()
    sheet = book.active
    sheet.title = f"Meine Zahlen {figures.year}"
    sheet.append([f"Meine Zahlen {figures.year} — Kommunales Integrationsmanagement"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([NEVER_SENT])
    sheet.append([])
    sheet.append(["Bereich", "Zahl", *MONTHS, "Q1", "Q2", "Q3", "Q4", str(figures.year)])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in figures.rows:  # labels may come from the store: never a live formula
        sheet.append([safe_cell(v) for v in (row.section, row.label, *row.months,
                                              *row.quarters, row.total)])
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 40
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def save_xlsx(figures: MyFigures, path: Path | str) -> Path:
    """Written owner-only and atomically: the sheet is the case manager's own record."""
    from kimdesk.store.atomic import write_atomic

    target = Path(path)
    write_atomic(target, to_xlsx(figures))
    return target
