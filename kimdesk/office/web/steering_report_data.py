"""What the steering-group report of a period shows, assembled as plain values for
``kimdesk.printing.steering_report``: the district figures (as on the Übersicht), their
charts, the themes of the project groups and the decisions of the period."""

from __future__ import annotations

import hashlib
from datetime import datetime

from kimdesk import catalogues
from kimdesk.core import chart_geometry as geo
from kimdesk.core.periods import Period
from kimdesk.office.web.decisions import Decisions
from kimdesk.office.web.overview import Overview
from kimdesk.office.web.pivot import Pivot, first_level, grand_total
from kimdesk.office.web.themes import Themes
from kimdesk.office.web.workspace import LOCAL, de_number
from kimdesk.printing.read_models import Contact, Sender
from kimdesk.printing.steering_report import (
    KeyFigure,
    ReportDecision,
    ReportTable,
    ReportTheme,
    SteeringReport,
)


def table_of(p: Pivot, title: str, note: str = "") -> ReportTable:
    """A composed table as printed: every row and column of the page's table."""
    rows = tuple((*r.labels, *(p.text(r, i) for i in range(len(p.columns)))) for r in p.rows)
    totals = tuple(i for i, r in enumerate(p.rows) if r.is_total)
    return ReportTable(title, (*p.row_headers, *(c.label for c in p.columns)), rows,
                       len(p.row_headers), totals, note or " ".join(p.explanations()))


def margins_of(p: Pivot, title_rows: str, title_columns: str) -> list[ReportTable]:
    """A table too wide for the page as its two margins: the first dimension's categories
    (with their sum) and the columns' sums."""
    total_col = next((i for i, c in enumerate(p.columns) if c.is_total), len(p.columns) - 1)
    rows = [(r.labels[0], p.text(r, total_col)) for r in first_level(p)]
    grand = grand_total(p)
    if grand is not None:
        rows.append(("Summe", p.text(grand, total_col)))
    by_column = [(c.label, p.text(grand, i)) for i, c in enumerate(p.columns)
                 if grand is not None]
    return [ReportTable(title_rows, (p.row_headers[0], "Anzahl"), tuple(rows), 1,
                        (len(rows) - 1,) if grand is not None else ()),
            ReportTable(title_columns, (p.column_header, "Anzahl"), tuple(by_column), 1,
                        (len(by_column) - 1,))]


def _sender(district_id: str) -> Sender:
    try:
        office = catalogues.district(district_id).office
    except catalogues.UnknownDistrictError:
        return Sender("Kommunales Integrationsmanagement", "Koordinierungsstelle")
    return Sender(office.name, office.department, office.street, office.postcode, office.city)


def _charts(o: Overview) -> tuple[geo.Chart, ...]:
    from kimdesk.office.web.pivot import NO_REPORT, WITHHELD

    teams = o.by_team
    bars = [geo.Bar(r.labels[0], r.values, tuple(NO_REPORT if not c.devices else WITHHELD
                                                for c in teams.columns))
            for r in first_level(teams)]
    trend = o.trend
    return (
        geo.bar_chart("Fälle nach Fallart und Team", bars, [c.label for c in teams.columns]),
        geo.bar_chart("Fälle nach Lebensbereich (Mehrfachnennung)",
                      [geo.Bar(label, (v,)) for label, v in o.top_life_areas]),
        geo.bar_chart("Vermittlungen nach Ergebnis", [geo.Bar(label, (v,))
                                                       for label, v in o.outcomes]),
        geo.line_chart("Fälle in den letzten acht Quartalen", [t.short for t in trend],
                       [("bearbeitet", [t.cases for t in trend]),
                        ("neu aufgenommen", [t.new for t in trend]),
                        ("abgeschlossen", [t.closed for t in trend])]),
    )


def _caseload_sentence(o: Overview) -> str:
    load = o.caseload
    if load.per_position is None:
        if load.positions is None:
            return ("Die Vollzeitstellen im Case Management sind im Kreisbüro noch nicht "
                    "eingetragen; die Fallzahl je Stelle fehlt daher.")
        return ""
    text = (f"{de_number(load.per_position, 1)} offene Fälle je Vollzeitstelle am Ende des "
            f"Zeitraums ({de_number(load.open_cases)} offene Fälle, "
            f"{de_number(load.positions, 1)} Vollzeitstellen) – {load.verdict} von "
            f"1:{load.guideline}.")
    if not load.complete:
        text += " Nicht alle Geräte haben gemeldet: die tatsächliche Fallzahl je Stelle ist höher."
    return text


def build(o: Overview, engine, author: str, now: datetime) -> SteeringReport:  # noqa: ANN001
    """The report of the Übersicht ``o`` (a quarter or a year), made by ``author``."""
    period = Period.parse(o.period)
    themes = tuple(ReportTheme(t.title, t.status_label, t.principal_goal,
                               tuple((g.text, tuple(s for _, s in g.strategies))
                                     for g in t.goals),
                               tuple(name for _, name in t.institutions),
                               tuple((d, m) for _, d, m in t.meetings),
                               len(t.reconstruction_keys))
                   for t in Themes(engine).all())
    decisions = tuple(ReportDecision(d.decided_on, d.title, d.text, d.theme_title,
                                     d.published_at is not None)
                      for d in reversed(Decisions(engine).all())
                      if period.start <= d.decided_on <= period.end)
    trend = ReportTable("Verlauf über acht Quartale",
                        ("Quartal", "bearbeitet", "neu", "abgeschlossen", "Geräte gemeldet"),
                        tuple((t.display, *(geo.number(v) if v is not None else "keine Meldung"
                                            for v in (t.cases, t.new, t.closed)),
                               f"{t.reported} von {t.expected}") for t in o.trend))
    tables = [
        table_of(o.by_team, "Fälle nach Fallart und Team"),
        table_of(o.case_types, "Fälle nach Fallart, Zugang und Stand"),
        table_of(o.life_areas, "Fälle nach Lebensbereich und Fallart (Mehrfachnennung)"),
        table_of(o.referrals, "Vermittlungen nach Art der Stelle und Ergebnis"),
        *margins_of(o.gaps, "Gemeldete Lücken und Hindernisse nach Kategorie",
                    "Gemeldete Lücken und Hindernisse nach Rechtskreis"),
        trend,
    ]
    digest = hashlib.sha256(f"{o.district.district_id}/{o.period}/{now.isoformat()}"
                            .encode()).hexdigest()[:6].upper()
    return SteeringReport(
        district=o.district.name, period_display=o.display,
        sender=_sender(o.district.district_id), contact=Contact(author),
        created_at=now.astimezone(LOCAL).replace(tzinfo=None),
        document_id=f"LG-{o.period}-{digest}", completeness=o.completeness.sentence,
        note=o.note, error_note=o.error_note,
        key_figures=tuple(KeyFigure(f.label, geo.number(f.value) if f.value is not None
                                    else "keine Meldung") for f in o.headline),
        caseload=_caseload_sentence(o), charts=_charts(o), tables=tuple(tables),
        themes=themes, decisions=decisions)
