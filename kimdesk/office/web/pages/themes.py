"""Themen und Projektgruppen: list, one theme with its goal scheme, institutions,
meetings and bundled reconstructions."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kimdesk.office.web.district import label
from kimdesk.office.web.reconstructions import Reconstructions
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.themes import STATUSES, ThemeError, Themes, parse_date
from kimdesk.office.web.workspace import COORD, READ, form_with_csrf, require, see_other, workspace

router = APIRouter()
Reader = Annotated[CurrentUser, Depends(require(READ))]
Coord = Annotated[CurrentUser, Depends(require(COORD))]


@router.get("/themen")
async def themes_page(request: Request, user: Reader) -> Response:
    ws = workspace(request)
    return ws.render(request, "themes.html", {
        "title": "Themen und Projektgruppen", "themes": Themes(ws.engine).all(),
        "errors": {}, "values": {}})


@router.post("/themen")
async def add_theme(request: Request, user: Coord) -> Response:
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    themes = Themes(ws.engine)
    try:
        theme_id = themes.add(fields.get("titel", ""), fields.get("grundsatzziel", ""))
    except ThemeError as exc:
        return ws.render(request, "themes.html", {
            "title": "Themen und Projektgruppen", "themes": themes.all(),
            "errors": {"titel": str(exc)}, "values": fields}, 400)
    ws.audit(user, "theme_add", fields.get("titel", "")[:200])
    return see_other(f"/themen/{theme_id}")


def _theme_page(request: Request, theme_id: int, errors: dict[str, str] | None = None,
                status: int = 200) -> Response:
    ws = workspace(request)
    theme = Themes(ws.engine).get(theme_id)
    if theme is None:
        return ws.render(request, "error.html", {"title": "Nicht gefunden",
                                                 "message": "Dieses Thema gibt es nicht."}, 404)
    recs = [r for r in Reconstructions(ws.engine).all() if r.key in theme.reconstruction_keys]
    return ws.render(request, "theme.html", {
        "title": theme.title, "theme": theme, "recs": recs, "label": label,
        "status_options": list(STATUSES.items()), "errors": errors or {},
        "goal_options": [(str(g.id), g.text[:80]) for g in theme.goals]}, status)


@router.get("/themen/{theme_id}")
async def theme_page(request: Request, theme_id: int, user: Reader) -> Response:
    return _theme_page(request, theme_id)


@router.post("/themen/{theme_id}")
async def change_theme(request: Request, theme_id: int, user: Coord) -> Response:
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    themes = Themes(ws.engine)
    part = fields.get("teil", "")
    field = {"stammdaten": "titel", "rahmenziel": "rahmenziel", "strategie": "strategie",
             "einrichtung": "einrichtung", "sitzung": "datum"}.get(part, "titel")
    try:
        if part == "stammdaten":
            themes.update(theme_id, fields.get("titel", ""), fields.get("grundsatzziel", ""),
                          fields.get("status", ""))
        elif part == "rahmenziel":
            themes.add_goal(theme_id, fields.get("rahmenziel", ""))
        elif part == "strategie":
            try:
                parent = int(fields.get("rahmenziel_id", ""))
            except ValueError:
                raise ThemeError("Bitte das Rahmenziel wählen.") from None
            themes.add_goal(theme_id, fields.get("strategie", ""), parent)
        elif part == "einrichtung":
            themes.add_institution(theme_id, fields.get("einrichtung", ""))
        elif part == "sitzung":
            themes.add_meeting(theme_id, parse_date(fields.get("datum", "")),
                               fields.get("protokoll", ""))
        else:
            raise ThemeError("Unbekannte Änderung.")
    except ThemeError as exc:
        return _theme_page(request, theme_id, {field: str(exc)}, 400)
    ws.audit(user, "theme_change", f"Thema {theme_id}: {part}")
    return ws.done(request, f"/themen/{theme_id}", "Gespeichert.")
