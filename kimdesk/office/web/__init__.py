"""The coordinators' web workspace, served by the office next to the laptops' API.

Server-rendered HTML (Jinja2) on KERN UX, no JavaScript, every asset from the office
itself. :func:`mount_workspace` adds the pages, the static files, the security headers and
the error pages to the office's FastAPI application.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from kimdesk.office.web.workspace import (
    HERE,
    CsrfRefused,
    Forbidden,
    LoginRequired,
    Workspace,
    WorkspaceSettings,
    login_redirect,
)

API_PREFIX = "/v1/"
CSP = ("default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def is_web(path: str) -> bool:
    return not path.startswith(API_PREFIX) and not path.startswith(("/docs", "/openapi"))


def mount_workspace(app: FastAPI, engine: Engine, settings: WorkspaceSettings | None = None
                    ) -> Workspace:
    from kimdesk.office.web.pages import register

    ws = Workspace(engine, settings or WorkspaceSettings())
    app.state.workspace = ws
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    register(app)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        if is_web(request.url.path):
            h = response.headers
            h.setdefault("Content-Security-Policy", CSP)
            h.setdefault("X-Content-Type-Options", "nosniff")
            h.setdefault("Referrer-Policy", "no-referrer")
            h.setdefault("X-Frame-Options", "DENY")
            h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
            if request.url.path.startswith("/static/"):
                h.setdefault("Cache-Control", "public, max-age=3600")
            else:
                h.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, exc: LoginRequired) -> Response:
        return login_redirect(exc.next_path, exc.expired)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, _exc: Forbidden) -> Response:
        return ws.render(request, "error.html", {
            "title": "Kein Zugriff",
            "message": "Diese Seite ist für Ihre Rolle nicht freigegeben."}, 403)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, _exc: CsrfRefused) -> Response:
        return ws.render(request, "error.html", {
            "title": "Formular abgelaufen",
            "message": "Das Formular war nicht mehr gültig (Sicherheitsmerkmal fehlt oder "
                       "passt nicht). Bitte laden Sie die Seite neu und senden Sie es noch "
                       "einmal."}, 403)

    return ws


def web_error(request: Request, status: int) -> Response | None:
    """An HTML error page for workspace paths (the API keeps its JSON)."""
    if not is_web(request.url.path):
        return None
    ws: Workspace | None = getattr(request.app.state, "workspace", None)
    if ws is None:
        return None
    titles = {404: ("Seite nicht gefunden", "Diese Adresse gibt es im Arbeitsbereich nicht."),
              405: ("Nicht möglich", "Diese Aktion ist auf dieser Seite nicht möglich."),
              413: ("Zu groß", "Die gesendeten Daten sind zu groß."),
              422: ("Ungültige Eingabe", "Die Adresse oder das Formular enthält ungültige "
                                          "Angaben."),
              500: ("Fehler", "Im Kreisbüro ist ein Fehler aufgetreten. Bitte versuchen Sie "
                              "es noch einmal.")}
    title, message = titles.get(status, ("Fehler", "Die Anfrage konnte nicht bearbeitet "
                                                    "werden."))
    ws_user = ws.sessions.lookup(request.cookies.get("kimdesk_session"))
    request.state.user = ws_user
    return ws.render(request, "error.html", {"title": title, "message": message}, status)


__all__ = ["WorkspaceSettings", "mount_workspace", "web_error"]
