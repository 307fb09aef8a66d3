"""The XLSX workbook for the state's programme controlling (Programmcontrolling /
Fachdatenerhebung KIM): the district's figures of a period, every table of the catalogue
on its own sheet, plus the caseload against the Fallzahlschlüssel, the trend, the themes and
the decisions — the sheets coordinators otherwise fill by hand (Steinfurt's Excel lists).

Every value is the perturbed district sum shown in the workspace; a cell nobody reported
reads "keine Meldung". Text cells are neutralised against formulas.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from kimdesk.core.periods import Period
from kimdesk.core.spreadsheet_cells import safe_cell
from kimdesk.office import figures
from kimdesk.office.web.decisions import Decisions
from kimdesk.office.web.figure_cache import FigureCache
from kimdesk.office.web.figure_export import add_sheet, workbook_bytes
from kimdesk.office.web.overview import Overview
from kimdesk.office.web.pivot import pivot
from kimdesk.office.web.themes import Themes

SHEET_NAMES = {  # table id → sheet name (Excel allows 31 characters)
    "case_flow": "Fälle nach Kommune", "caseload": "Fallbestand", "closing_reasons":
    "Abschlussgründe", "case_duration": "Falldauer", "life_areas": "Lebensbereiche",
    "residence_status": "Aufenthaltsstatus", "age_sex": "Alter und Geschlecht",
    "access": "Zugangswege", "contacts_by_form": "Kontakte", "referrals": "Vermittlungen",
    "gaps": "Lücken und Hindernisse",
}


def _rows(sheet: Any, rows: list[list[Any]], bold_first: bool = True) -> None:
    from openpyxl.styles import Font

    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    start = sheet.max_row - len(rows) + 1
    if bold_first and rows:
        for cell in sheet[start]:
            cell.font = Font(bold=True)


def build(cache: FigureCache, engine: Engine, o: Overview, now: datetime) -> bytes:
    """The workbook of the Übersicht ``o``'s period (a quarter or a year)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    period = Period.parse(o.period)
    book = Workbook()
    front = book.active
    front.title = "Übersicht"
    load = o.caseload
    _rows(front, [
        ["Programmcontrolling Kommunales Integrationsmanagement"],
        ["Kreis", o.district.name], ["Zeitraum", o.display],
        ["Erstellt am", now.strftime("%d.%m.%Y %H:%M")],
        ["Meldungen", o.completeness.sentence], ["Hinweis", o.note], ["Fehlergrenze",
                                                                      o.error_note],
        [],
        ["Kennzahl", "Wert"],
        *[[f.label, f.value if f.value is not None else "keine Meldung"] for f in o.headline],
        ["Vollzeitstellen im Case Management", load.positions if load.positions is not None
         else "nicht eingetragen"],
        ["Offene Fälle je Vollzeitstelle", round(load.per_position, 1)
         if load.per_position is not None else "–"],
        ["Fallzahlschlüssel (Fälle je Vollzeitstelle)", load.guideline],
    ], bold_first=False)
    front["A1"].font = Font(bold=True, size=13)
    front["A9"].font = front["B9"].font = Font(bold=True)
    front.column_dimensions["A"].width = 46
    front.column_dimensions["B"].width = 90
    for table_id, comp in cache.compose_all(period.label).items():
        add_sheet(book.create_sheet(), SHEET_NAMES.get(table_id, table_id), pivot(comp),
                  o.district.name)
    try:
        teams = cache.compose(period.label, "caseload", "team")
        add_sheet(book.create_sheet(), "Fallbestand nach Teams", pivot(teams), o.district.name)
    except figures.FigureError:
        pass
    trend = book.create_sheet("Verlauf")
    _rows(trend, [["Quartal", "bearbeitet", "neu aufgenommen", "abgeschlossen",
                   "Geräte gemeldet", "Geräte erwartet"],
                  *[[t.display, *(v if v is not None else "keine Meldung"
                                  for v in (t.cases, t.new, t.closed)), t.reported, t.expected]
                    for t in o.trend]])
    trend.column_dimensions["A"].width = 20
    themes = book.create_sheet("Themen")
    _rows(themes, [["Thema", "Stand", "Grundsatzziel", "Rahmenziele", "Beteiligte Einrichtungen",
                    "Sitzungen", "Gebündelte Fallrekonstruktionen"],
                   *[[t.title, t.status_label, t.principal_goal,
                      "; ".join(g.text for g in t.goals),
                      "; ".join(name for _, name in t.institutions), len(t.meetings),
                      len(t.reconstruction_keys)] for t in Themes(engine).all()]])
    decisions = book.create_sheet("Beschlüsse")
    _rows(decisions, [["Datum", "Titel", "Thema", "Text", "veröffentlicht"],
                      *[[d.decided_on.strftime("%d.%m.%Y"), d.title, d.theme_title, d.text,
                         "ja" if d.published_at else "nein"]
                        for d in reversed(Decisions(engine).all())
                        if period.start <= d.decided_on <= period.end]])
    for sheet in (themes, decisions):
        for column in "ABCDEFG":
            sheet.column_dimensions[column].width = 30
    book.properties.title = f"Programmcontrolling KIM {o.district.name} {o.display}"
    book.properties.creator = "KIMdesk Kreisbüro"
    return workbook_bytes(book)
