"""Lenkungsgruppe: record decisions and publish them to the laptops."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kimdesk.office.web.decisions import Decisions
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.themes import ThemeError, Themes, parse_date
from kimdesk.office.web.workspace import COORD, READ, form_with_csrf, require, workspace

router = APIRouter()
Reader = Annotated[CurrentUser, Depends(require(READ))]
Coord = Annotated[CurrentUser, Depends(require(COORD))]


def _page(request: Request, errors: dict[str, str] | None = None,
          values: dict[str, str] | None = None, status: int = 200) -> Response:
    ws = workspace(request)
    return ws.render(request, "decisions.html", {
        "title": "Lenkungsgruppe", "decisions": Decisions(ws.engine).all(),
        "theme_options": [("", "ohne Thema")] + Themes(ws.engine).choices(),
        "errors": errors or {}, "values": values or {}}, status)


@router.get("/lenkungsgruppe")
async def decisions_page(request: Request, user: Reader) -> Response:
    return _page(request)


@router.post("/lenkungsgruppe")
async def add_decision(request: Request, user: Coord) -> Response:
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    errors: dict[str, str] = {}
    try:
        decided_on = parse_date(fields.get("datum", ""))
    except ThemeError as exc:
        errors["datum"] = str(exc)
    theme_id = int(fields["thema"]) if fields.get("thema", "").isdigit() else None
    if not errors:
        try:
            decision_id = Decisions(ws.engine).add(decided_on, fields.get("titel", ""),
                                                   fields.get("text", ""), theme_id)
        except ThemeError as exc:
            field = "titel" if "Titel" in str(exc) else "text" if "Text" in str(exc) else "thema"
            errors[field] = str(exc)
    if errors:
        return _page(request, errors, fields, 400)
    ws.audit(user, "decision_add", f"Beschluss {decision_id}")
    return ws.done(request, "/lenkungsgruppe", "Beschluss erfasst. Er ist noch nicht "
                   "veröffentlicht.")


@router.post("/lenkungsgruppe/{decision_id}/veroeffentlichen")
async def publish(request: Request, decision_id: int, user: Coord) -> Response:
    ws = workspace(request)
    await form_with_csrf(request, user)
    try:
        Decisions(ws.engine).publish(decision_id)
    except ThemeError as exc:
        return _page(request, {"beschluesse": str(exc)}, status=404)
    ws.audit(user, "decision_publish", f"Beschluss {decision_id}")
    return ws.done(request, "/lenkungsgruppe", "Veröffentlicht. Die Laptops erhalten den "
                   "Beschluss beim nächsten Abgleich.")
