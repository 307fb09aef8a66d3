"""Anmelden, Abmelden, the start page and one's own password."""

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kimdesk.office.web.accounts import LOCK_MINUTES, AccountError, check_password
from kimdesk.office.web.sessions import COOKIE, LOGIN_COOKIE, CurrentUser, same
from kimdesk.office.web.workspace import (
    ALL,
    form_with_csrf,
    home_for,
    is_loopback,
    require,
    see_other,
    workspace,
)

router = APIRouter()
User = Annotated[CurrentUser, Depends(require(ALL))]


def _safe_next(path: str) -> str:
    """Only local paths: never send a freshly logged-in user to another site."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//"):
        return ""
    return path[:500]


def _login_page(request: Request, next_path: str, username: str = "", message: str = "",
                kind: str = "danger", status: int = 200) -> Response:
    ws = workspace(request)
    token = secrets.token_urlsafe(24)
    response = ws.render(request, "login.html", {
        "title": "Anmelden", "login_token": token, "next_path": next_path,
        "username": username, "message": message, "message_kind": kind}, status)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=not is_loopback(request), path="/anmelden", max_age=3600)
    return response


@router.get("/")
async def start(request: Request) -> Response:
    ws = workspace(request)
    user = ws.sessions.lookup(request.cookies.get(COOKIE))
    return see_other(home_for(user.role) if user else "/anmelden")


@router.get("/anmelden")
async def login_form(request: Request, weiter: str = "") -> Response:
    ws = workspace(request)
    user = ws.sessions.lookup(request.cookies.get(COOKIE))
    if user is not None:
        return see_other(_safe_next(weiter) or home_for(user.role))
    message = ""
    if request.query_params.get("abgemeldet"):
        message = "Sie haben sich abgemeldet."
    elif request.query_params.get("abgelaufen"):
        message = "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."
    return _login_page(request, _safe_next(weiter), message=message, kind="info")


@router.post("/anmelden")
async def login(request: Request) -> Response:
    ws = workspace(request)
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    next_path = _safe_next(fields.get("weiter", ""))
    username = fields.get("benutzername", "").strip()[:80]
    if not same(fields.get("csrf_token", ""), request.cookies.get(LOGIN_COOKIE, "")):
        return _login_page(request, next_path, username, "Das Anmeldeformular war nicht mehr "
                           "gültig. Bitte versuchen Sie es noch einmal.", status=403)
    client = request.client.host if request.client else "?"
    if ws.login_limit.take(client):
        return _login_page(request, next_path, username, "Zu viele Anmeldeversuche von "
                           "diesem Rechner. Bitte warten Sie eine Minute.", status=429)
    if not username or not fields.get("passwort"):
        return _login_page(request, next_path, username, "Bitte Benutzername und Passwort "
                           "eingeben.", status=400)
    account, reason = ws.accounts.verify(username, fields.get("passwort", "")[:200])
    if account is None:
        if reason == "locked":
            ws.audit(username, "login_locked")
            message = (f"Das Konto ist nach mehreren Fehlversuchen für {LOCK_MINUTES} Minuten "
                       "gesperrt. Bitte warten Sie oder wenden Sie sich an die "
                       "Administration.")
        else:
            ws.audit(username, "login_failed")
            message = "Benutzername oder Passwort stimmen nicht."
        return _login_page(request, next_path, username, message, status=401)
    # a new token on every login: a session id planted before login is worth nothing
    ws.sessions.end(request.cookies.get(COOKIE))
    token = ws.sessions.create(account.id)
    ws.audit(account.username, "login")
    response = see_other(next_path or home_for(account.role))
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        secure=not is_loopback(request), path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/anmelden")
    return response


@router.post("/abmelden")
async def logout(request: Request, user: User) -> Response:
    ws = workspace(request)
    await form_with_csrf(request, user)
    ws.sessions.end(request.cookies.get(COOKIE))
    ws.audit(user, "logout")
    response = see_other("/anmelden?abgemeldet=1")
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/konto")
async def own_account(request: Request, user: User) -> Response:
    return workspace(request).render(request, "own_account.html", {
        "title": "Mein Konto", "errors": {}})


@router.post("/konto")
async def change_own_password(request: Request, user: User) -> Response:
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    errors: dict[str, str] = {}
    current, new, again = (fields.get("aktuell", ""), fields.get("neu", ""),
                           fields.get("wiederholung", ""))
    account, _ = ws.accounts.verify(user.username, current)
    if account is None:
        errors["aktuell"] = "Das aktuelle Passwort stimmt nicht."
    try:
        check_password(new)
    except AccountError as exc:
        errors["neu"] = str(exc)
    if not errors.get("neu") and new != again:
        errors["wiederholung"] = "Die Wiederholung stimmt nicht mit dem neuen Passwort überein."
    if errors:
        return ws.render(request, "own_account.html", {"title": "Mein Konto",
                                                       "errors": errors}, 400)
    ws.accounts.set_password(user.username, new)  # ends every session of the account
    ws.audit(user, "account_password", user.username)
    token = ws.sessions.create(user.account_id)
    response = ws.render(request, "own_account.html", {
        "title": "Mein Konto", "errors": {},
        "flash": "Das Passwort ist geändert. Andere Sitzungen dieses Kontos sind beendet."})
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        secure=not is_loopback(request), path="/")
    return response
