"""Berichte: the steering-group report of a period as PDF and the workbook for the state's
programme controlling as XLSX — both made on request from the current figures."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kimdesk.office import figures
from kimdesk.office.web import controlling_workbook, overview, steering_report_data
from kimdesk.office.web.figure_export import XLSX_TYPE
from kimdesk.office.web.pages.figures import NO_FIGURES, status_of
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.workspace import LOCAL, READ, Workspace, require, workspace

router = APIRouter()
Reader = Annotated[CurrentUser, Depends(require(READ))]


def _choices(ws: Workspace) -> list[tuple[str, str]]:
    today = ws.settings.today()
    return [(p.label, p.display) for p in ws.figures.periods() if p.is_complete(today)]


@router.get("/berichte")
async def reports_page(request: Request, user: Reader) -> Response:
    ws = workspace(request)
    choices = _choices(ws)
    quarters = [label for label, _ in choices if "Q" in label]
    return ws.render(request, "reports.html", {
        "title": "Berichte", "choices": choices,
        "chosen": quarters[0] if quarters else (choices[0][0] if choices else "")})


def _overview(ws: Workspace, period: str) -> overview.Overview:
    if not period:
        raise figures.FigureError("Bitte einen Zeitraum wählen.")
    found = overview.build(ws.figures, ws.settings.today, period)
    if found is None:
        raise figures.FigureError(NO_FIGURES)
    return found


def _refused(ws: Workspace, request: Request, exc: figures.FigureError) -> Response:
    return ws.render(request, "error.html", {"title": "Kein Bericht möglich",
                                             "message": str(exc)}, status_of(exc))


def _pdf(ws: Workspace, period: str, author: str) -> tuple[str, bytes]:
    from kimdesk.printing.steering_report import render_steering_report

    o = _overview(ws, period)
    report = steering_report_data.build(o, ws.engine, author, datetime.now(UTC))
    return report.document_id, render_steering_report(report)


@router.get("/berichte/lenkungsgruppe.pdf")
async def steering_report(request: Request, user: Reader, zeitraum: str = "") -> Response:
    ws = workspace(request)
    try:
        document_id, body = await run_in_threadpool(_pdf, ws, zeitraum.strip()[:20], user.name)
    except figures.FigureError as exc:
        return _refused(ws, request, exc)
    ws.audit(user, "report", f"Bericht an die Lenkungsgruppe {zeitraum[:20]} ({document_id})")
    return Response(body, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="lenkungsgruppe-{zeitraum[:20]}.pdf"'})


def _xlsx(ws: Workspace, period: str) -> bytes:
    o = _overview(ws, period)
    return controlling_workbook.build(ws.figures, ws.engine, o, datetime.now(LOCAL))


@router.get("/berichte/programmcontrolling.xlsx")
async def controlling(request: Request, user: Reader, zeitraum: str = "") -> Response:
    ws = workspace(request)
    try:
        body = await run_in_threadpool(_xlsx, ws, zeitraum.strip()[:20])
    except figures.FigureError as exc:
        return _refused(ws, request, exc)
    ws.audit(user, "export", f"Programmcontrolling {zeitraum[:20]} (XLSX)")
    return Response(body, media_type=XLSX_TYPE, headers={
        "Content-Disposition":
            f'attachment; filename="programmcontrolling-{zeitraum[:20]}.xlsx"'})
