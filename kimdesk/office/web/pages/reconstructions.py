"""Fallrekonstruktionen: inbox with status and filters, the full view with its service
chain, similar reconstructions, and bundling into a theme."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kimdesk.office.web import chain_svg
from kimdesk.office.web.district import label, load, options
from kimdesk.office.web.reconstructions import STATUSES, Reconstructions, matches
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.themes import ThemeError, Themes
from kimdesk.office.web.workspace import (
    COORD,
    form_lists,
    form_with_csrf,
    require,
    workspace,
)

router = APIRouter()
Coord = Annotated[CurrentUser, Depends(require(COORD))]
FILTERS = ("lebensbereich", "stelle", "faktor", "team", "status")


@router.get("/fallrekonstruktionen")
async def inbox(request: Request, user: Coord, lebensbereich: str = "", stelle: str = "",
                faktor: str = "", team: str = "", status: str = "") -> Response:
    ws = workspace(request)
    recs = Reconstructions(ws.engine)
    everything = recs.all()
    shown = [r for r in everything if matches(r, lebensbereich, stelle, faktor.strip(), team,
                                               status)]
    district = load(ws.engine)
    return ws.render(request, "reconstructions.html", {
        "title": "Fallrekonstruktionen", "items": shown, "total": len(everything),
        "f": {"lebensbereich": lebensbereich, "stelle": stelle, "faktor": faktor,
              "team": team, "status": status},
        "life_area_options": [("", "alle")] + options("life_areas"),
        "institution_options": [("", "alle")] + options("institution_types"),
        "team_options": [("", "alle")] + district.teams(),
        "status_options": [("", "alle")] + list(STATUSES.items()),
        "teams": dict(district.teams()), "label": label,
        "theme_options": Themes(ws.engine).choices(),
        "counts": {s: sum(1 for r in everything if r.status == s) for s in STATUSES}})


@router.get("/fallrekonstruktionen/{key}")
async def detail(request: Request, key: str, user: Coord) -> Response:
    ws = workspace(request)
    recs = Reconstructions(ws.engine)
    everything = recs.all()
    rec = next((r for r in everything if r.key == key), None)
    if rec is None:
        return ws.render(request, "error.html", {
            "title": "Nicht gefunden", "message": "Diese Fallrekonstruktion gibt es nicht."}, 404)
    diagram = rec.payload.get("diagram")
    return ws.render(request, "reconstruction.html", {
        "title": rec.title, "rec": rec, "label": label,
        "svg": chain_svg.render(diagram), "chain_list": chain_svg.as_list(diagram),
        "similar": recs.similar_to(rec, everything),
        "status_options": list(STATUSES.items()), "theme_options": Themes(ws.engine).choices(),
        "teams": dict(load(ws.engine).teams()), "errors": {}})


@router.post("/fallrekonstruktionen/{key}/status")
async def set_status(request: Request, key: str, user: Coord) -> Response:
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    status = fields.get("status", "")
    recs = Reconstructions(ws.engine)
    if status not in STATUSES or recs.get(key) is None:
        return ws.render(request, "error.html", {"title": "Ungültige Eingabe",
                                                 "message": "Status oder Eintrag unbekannt."},
                         400)
    recs.set_status(key, status)
    ws.audit(user, "reconstruction_status", f"{key}: {STATUSES[status]}")
    return ws.done(request, f"/fallrekonstruktionen/{key}", "Status gespeichert.")


@router.post("/fallrekonstruktionen/buendeln")
async def bundle(request: Request, user: Coord) -> Response:
    """Bundle the chosen reconstructions into an existing or a new theme."""
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    keys = (await form_lists(request)).get("auswahl", [])
    recs = Reconstructions(ws.engine)
    known = {r.key for r in recs.all()}
    keys = [k for k in keys if k in known]
    themes = Themes(ws.engine)
    back = fields.get("zurueck", "/fallrekonstruktionen")
    if not back.startswith("/fallrekonstruktionen"):
        back = "/fallrekonstruktionen"
    if not keys:
        return ws.done(request, back, "Bitte mindestens eine Fallrekonstruktion auswählen.")
    try:
        if fields.get("thema", "") == "neu" or not fields.get("thema"):
            title = fields.get("neues_thema", "").strip()
            theme_id = themes.add(title or "Neues Thema")
            ws.audit(user, "theme_add", title)
        else:
            theme_id = int(fields["thema"])
            if themes.get(theme_id) is None:
                raise ThemeError("Dieses Thema gibt es nicht.")
    except (ThemeError, ValueError):
        return ws.done(request, back, "Das Thema gibt es nicht.")
    recs.bundle(keys, theme_id)
    ws.audit(user, "theme_change", f"Thema {theme_id}: {len(keys)} Fallrekonstruktionen "
                                   "gebündelt")
    return ws.done(request, f"/themen/{theme_id}", f"{len(keys)} Fallrekonstruktionen "
                   "gebündelt.")
