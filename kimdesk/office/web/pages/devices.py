"""Geräte: enroll a laptop (one-time code, shown once), revoke, and what each reported."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kimdesk.office.web import device_overview
from kimdesk.office.web.district import load
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.workspace import ADMINS, form_with_csrf, require, workspace

router = APIRouter()
Admin = Annotated[CurrentUser, Depends(require(ADMINS))]
VALID_HOURS = (("24", "24 Stunden"), ("72", "3 Tage"), ("168", "7 Tage"))


def _page(request: Request, **extra: object) -> Response:
    ws = workspace(request)
    context = {"title": "Geräte", "devices": device_overview.devices(ws.engine),
               "team_options": [("", "kein Team")] + load(ws.engine).teams(),
               "errors": {}, "values": {}, "valid_hours": VALID_HOURS, **extra}
    return ws.render(request, "devices.html", context,
                     400 if context["errors"] else 200)


@router.get("/geraete")
async def devices_page(request: Request, user: Admin) -> Response:
    return _page(request)


@router.post("/geraete")
async def new_code(request: Request, user: Admin) -> Response:
    from kimdesk.office import devices

    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    name = fields.get("geraetename", "").strip()
    hours = fields.get("gueltig", "24")
    errors = {}
    if not name or len(name) > 120:
        errors["geraetename"] = "Bitte einen Namen für das Gerät eingeben (höchstens 120 Zeichen)."
    if hours not in dict(VALID_HOURS):
        errors["gueltig"] = "Bitte eine Gültigkeit wählen."
    if errors:
        return _page(request, errors=errors, values={"geraetename": name})
    code = devices.new_code(ws.engine, name, float(hours))
    ws.audit(user, "device_code", name)
    # POST-redirect-GET: the next page shows the code once; a reload neither shows it
    # again nor makes another code
    return ws.done(request, "/geraete", "", code=code, code_name=name,
                   code_hours=dict(VALID_HOURS)[hours])


@router.post("/geraete/{device_id}/sperren")
async def revoke(request: Request, device_id: str, user: Admin) -> Response:
    from kimdesk.office import devices

    ws = workspace(request)
    await form_with_csrf(request, user)
    device = devices.revoke(ws.engine, device_id)
    if device is None:
        return _page(request, errors={"geraete": "Dieses Gerät gibt es nicht."})
    ws.audit(user, "device_revoke", f"{device.name} ({device.id})")
    return ws.done(request, "/geraete", f"Das Gerät „{device.name}“ ist gesperrt. Es kann "
                   "nichts mehr senden oder abrufen.")


@router.post("/geraete/{device_id}/team")
async def set_team(request: Request, device_id: str, user: Admin) -> Response:
    """Which regional team a laptop works for (filters reconstructions by team)."""
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    team = fields.get("team", "")
    if team and team not in dict(load(ws.engine).teams()):
        return _page(request, errors={"geraete": "Dieses Team gibt es im Kreis nicht."})
    if not device_overview.set_team(ws.engine, device_id, team or None):
        return _page(request, errors={"geraete": "Dieses Gerät gibt es nicht."})
    ws.audit(user, "device_team", f"{device_id}: {team or '-'}")
    return ws.done(request, "/geraete", "Das Team des Geräts ist gespeichert.")
