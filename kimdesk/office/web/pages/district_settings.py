"""Kreis und Stellen: which district the office serves and how many full-time case-manager
positions it has, for the caseload against the Fallzahlschlüssel on the Übersicht."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kimdesk.office.web.district import (
    DEFAULT_GUIDELINE,
    DistrictSettingsError,
    district_choices,
    load,
    parse_settings,
    save,
)
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.workspace import COORD, de_number, form_with_csrf, require, workspace

router = APIRouter()
Coord = Annotated[CurrentUser, Depends(require(COORD))]
PATH = "/kreis"


def _page(request: Request, values: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, status: int = 200) -> Response:
    ws = workspace(request)
    current = load(ws.engine)
    if values is None:
        values = {"kreis": current.district_id,
                  "stellen": de_number(current.positions, 2).rstrip("0").rstrip(",")
                  if current.positions is not None else "",
                  "schluessel": str(current.guideline)}
    return ws.render(request, "district_settings.html", {
        "title": "Kreis und Stellen", "current": current, "values": values,
        "errors": errors or {}, "default_guideline": DEFAULT_GUIDELINE,
        "district_options": [("", "bitte wählen")] + district_choices()}, status)


@router.get(PATH)
async def settings_page(request: Request, user: Coord) -> Response:
    return _page(request)


@router.post(PATH)
async def save_settings(request: Request, user: Coord) -> Response:
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    values = {k: fields.get(k, "").strip()[:40] for k in ("kreis", "stellen", "schluessel")}
    try:
        district_id, positions, guideline = parse_settings(values["kreis"], values["stellen"],
                                                           values["schluessel"])
    except DistrictSettingsError as exc:
        return _page(request, values, exc.errors, 400)
    save(ws.engine, district_id, positions, guideline)
    ws.audit(user, "settings_change", f"Kreis {district_id}, {positions} Stellen, "
                                      f"1:{guideline}")
    return ws.done(request, PATH, "Gespeichert. Die Übersicht rechnet ab jetzt mit diesen "
                                  "Angaben.")
