"""Kennzahlen: every table of the catalogue for a period, by district, team or municipality;
chart and table; the view lives in the URL (``?tabelle=…&zeitraum=…&gliederung=…``) and
its CSV/XLSX export holds exactly what the page shows."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kimdesk.office import figures
from kimdesk.office.web import figure_export
from kimdesk.office.web.district import load
from kimdesk.office.web.pivot import GROUPING_PARAMS, Pivot, chart_of, pivot
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.workspace import READ, Workspace, require, workspace

router = APIRouter()
Reader = Annotated[CurrentUser, Depends(require(READ))]
GROUPING_OPTIONS = [("kreis", "Kreis"), ("team", "Teams"), ("kommune", "Kommunen")]
NO_FIGURES = "Noch hat kein Laptop Kennzahlen gemeldet."


@dataclass(frozen=True)
class View:
    """The filters as given in the URL, with defaults filled in."""

    table: str
    period: str
    grouping: str  # kreis | team | kommune

    @property
    def query(self) -> str:
        from urllib.parse import urlencode

        return urlencode({"tabelle": self.table, "zeitraum": self.period,
                          "gliederung": self.grouping})


def status_of(exc: figures.FigureError) -> int:
    """404 for what does not exist (a table, figures of a period), 422 for input that
    cannot be read (a period like "Sommer", a grouping a table does not have)."""
    text = str(exc)
    missing = "gibt es nicht" in text or "noch keine" in text.lower() or text == NO_FIGURES
    return 404 if missing else 422


class ViewError(ValueError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _view(ws: Workspace, tabelle: str, zeitraum: str, gliederung: str) -> View:
    table = tabelle.strip()[:80] or figures.catalogue()[0].id
    period = zeitraum.strip()[:20]
    if not period:
        periods = ws.figures.periods()
        done = [p for p in periods if not p.is_year and p.is_complete(ws.settings.today())]
        period = (done or periods)[0].label if periods else ""
    return View(table, period, gliederung.strip()[:20] or "kreis")


def _pivot(ws: Workspace, view: View) -> Pivot:
    """The composed table of a view; :class:`ViewError` with a German reason otherwise."""
    by = GROUPING_PARAMS.get(view.grouping)
    if by is None:
        raise ViewError(f"Unbekannte Gliederung „{view.grouping}“. Bitte Kreis, Teams oder "
                        "Kommunen wählen.", 422)
    if not view.period:
        raise ViewError(NO_FIGURES, 404)
    try:
        return pivot(ws.figures.compose(view.period, view.table, by))  # type: ignore[arg-type]
    except figures.FigureError as exc:
        raise ViewError(str(exc), status_of(exc)) from None


def _options(ws: Workspace) -> dict[str, list[tuple[str, str]]]:
    return {"table_options": [(t.id, t.title) for t in figures.catalogue()],
            "period_options": [(p.label, p.display) for p in ws.figures.periods()],
            "grouping_options": GROUPING_OPTIONS}


@router.get("/kennzahlen")
async def figures_page(request: Request, user: Reader, tabelle: str = "", zeitraum: str = "",
                       gliederung: str = "") -> Response:
    ws = workspace(request)
    view = _view(ws, tabelle, zeitraum, gliederung)
    context: dict[str, object] = {"title": "Kennzahlen", "view": view, "p": None,
                                  "error": "", "district": load(ws.engine).name,
                                  **_options(ws)}
    try:
        p = await run_in_threadpool(_pivot, ws, view)
    except ViewError as exc:
        context["error"] = str(exc)
        return ws.render(request, "figures.html", context, exc.status)
    context.update(p=p, chart=chart_of(p), stacked=len(p.columns) > 5)
    return ws.render(request, "figures.html", context)


@router.get("/kennzahlen/export.{kind}")
async def export(request: Request, kind: str, user: Reader, tabelle: str = "",
                 zeitraum: str = "", gliederung: str = "") -> Response:
    ws = workspace(request)
    if kind not in ("csv", "xlsx"):
        return ws.render(request, "error.html", {
            "title": "Nicht gefunden", "message": "Exportiert wird als CSV oder XLSX."}, 404)
    view = _view(ws, tabelle, zeitraum, gliederung)
    try:
        p = await run_in_threadpool(_pivot, ws, view)
    except ViewError as exc:
        return ws.render(request, "error.html", {"title": "Kein Export möglich",
                                                 "message": str(exc)}, exc.status)
    district = load(ws.engine).name
    if kind == "csv":
        body, media = figure_export.csv_bytes(p, district), figure_export.CSV_TYPE
    else:
        body = await run_in_threadpool(figure_export.xlsx_bytes, p, district)
        media = figure_export.XLSX_TYPE
    ws.audit(user, "export", f"Kennzahlen {p.table_id} {p.period} {p.by} ({kind.upper()})")
    name = figure_export.filename(p, kind)
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
