"""Übersicht: the latest complete quarter at a glance (or the quarter in the URL)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kimdesk.office import figures
from kimdesk.office.web import overview
from kimdesk.office.web.pages.figures import status_of
from kimdesk.office.web.pivot import NO_REPORT, WITHHELD, chart_of
from kimdesk.office.web.reconstructions import STATUSES, Reconstructions
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.svg_charts import Bar, bar_chart, line_chart
from kimdesk.office.web.workspace import COORDINATION, READ, require, workspace

router = APIRouter()
Reader = Annotated[CurrentUser, Depends(require(READ))]


def charts(o: overview.Overview) -> dict[str, str]:
    """The Übersicht's charts (inline SVG)."""
    trend = o.trend
    out = {
        "by_team": chart_of(o.by_team, "diagramm-teams"),
        "life_areas": bar_chart("Fälle nach Lebensbereich (Mehrfachnennung)",
                                [Bar(label, (v,)) for label, v in o.top_life_areas],
                                chart_id="diagramm-lebensbereiche"),
        "outcomes": bar_chart("Vermittlungen nach Ergebnis",
                              [Bar(label, (v,)) for label, v in o.outcomes],
                              chart_id="diagramm-vermittlungen"),
        "trend": line_chart("Fälle in den letzten acht Quartalen", [t.short for t in trend],
                            [("bearbeitet", [t.cases for t in trend]),
                             ("neu aufgenommen", [t.new for t in trend]),
                             ("abgeschlossen", [t.closed for t in trend])],
                            chart_id="diagramm-verlauf"),
    }
    load = o.caseload
    if load.per_position is not None:
        out["caseload"] = bar_chart(
            "Offene Fälle je Vollzeitstelle und Fallzahlschlüssel",
            [Bar("offene Fälle je Vollzeitstelle", (round(load.per_position),)),
             Bar("Fallzahlschlüssel", (load.guideline,))], chart_id="diagramm-schluessel")
    return out


@router.get("/uebersicht")
async def overview_page(request: Request, user: Reader, zeitraum: str = "") -> Response:
    ws = workspace(request)
    try:
        o = await run_in_threadpool(overview.build, ws.figures, ws.settings.today,
                                    zeitraum.strip()[:20])
    except figures.FigureError as exc:
        return ws.render(request, "overview.html", {
            "title": "Übersicht", "o": None, "error": str(exc),
            "choices": [(q.label, q.display) for q in overview.quarters_with_releases(
                ws.figures, ws.settings.today())]}, status_of(exc))
    context: dict[str, object] = {"title": "Übersicht", "o": o, "error": "",
                                  "NO_REPORT": NO_REPORT, "WITHHELD": WITHHELD}
    if o is not None:
        context["charts"] = charts(o)
        context["choices"] = o.choices
        if user.role == COORDINATION:
            context["reconstructions"] = [
                (STATUSES[s], n) for s, n in Reconstructions(ws.engine).status_counts().items()]
    return ws.render(request, "overview.html", context)
