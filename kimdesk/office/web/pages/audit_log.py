"""Protokoll: the audit log for the administration."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kimdesk.office.web import audit
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.workspace import ADMINS, require, workspace

router = APIRouter()


@router.get("/protokoll")
async def audit_page(request: Request,
                     user: Annotated[CurrentUser, Depends(require(ADMINS))]) -> Response:
    ws = workspace(request)
    return ws.render(request, "audit_log.html", {
        "title": "Protokoll", "entries": audit.recent(ws.engine, 300),
        "labels": audit.ACTIONS})
