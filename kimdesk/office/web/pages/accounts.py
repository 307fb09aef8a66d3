"""Konten: the administration adds accounts, sets passwords, roles, disables."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kimdesk.office.web.accounts import ROLES, AccountError
from kimdesk.office.web.sessions import CurrentUser
from kimdesk.office.web.workspace import ADMINS, form_with_csrf, require, workspace

router = APIRouter()
Admin = Annotated[CurrentUser, Depends(require(ADMINS))]


def _page(request: Request, errors: dict[str, str] | None = None,
          values: dict[str, str] | None = None, status: int = 200) -> Response:
    ws = workspace(request)
    return ws.render(request, "accounts.html", {
        "title": "Konten", "accounts": ws.accounts.all(), "errors": errors or {},
        "values": values or {},
        "role_options": list(ROLES.items())}, status)


@router.get("/konten")
async def accounts_page(request: Request, user: Admin) -> Response:
    return _page(request)


@router.post("/konten")
async def add_account(request: Request, user: Admin) -> Response:
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    values = {k: fields.get(k, "") for k in ("benutzername", "anzeigename", "rolle")}
    try:
        account = ws.accounts.add(values["benutzername"], fields.get("passwort", ""),
                                  values["rolle"], values["anzeigename"])
    except AccountError as exc:
        text = str(exc)
        field = ("passwort" if "Passwort" in text else "rolle" if "Rolle" in text
                 else "benutzername")
        return _page(request, {field: text}, values, status=400)
    ws.audit(user, "account_add", f"{account.username} ({account.role_label})")
    return ws.done(request, "/konten", f"Das Konto „{account.username}“ ist angelegt.")


@router.post("/konten/{username}")
async def change_account(request: Request, username: str, user: Admin) -> Response:
    ws = workspace(request)
    fields = await form_with_csrf(request, user)
    action = fields.get("aktion", "")
    # the per-account fields are named ``passwort-ID`` / ``rolle-ID`` (unique ids on the page)
    for key in list(fields):
        base = key.split("-", 1)[0]
        if base in ("passwort", "rolle") and key != base:
            fields.setdefault(base, fields[key])
    try:
        if action == "deaktivieren":
            ws.accounts.set_disabled(username, True)
            ws.audit(user, "account_disable", username)
            flash = f"Das Konto „{username}“ ist deaktiviert."
        elif action == "aktivieren":
            ws.accounts.set_disabled(username, False)
            ws.audit(user, "account_enable", username)
            flash = f"Das Konto „{username}“ ist wieder aktiv."
        elif action == "entsperren":
            ws.accounts.unlock(username)
            ws.audit(user, "account_unlock", username)
            flash = f"Das Konto „{username}“ ist entsperrt."
        elif action == "passwort":
            ws.accounts.set_password(username, fields.get("passwort", ""))
            ws.audit(user, "account_password", username)
            flash = f"Das Passwort von „{username}“ ist neu gesetzt."
        elif action == "rolle":
            ws.accounts.set_role(username, fields.get("rolle", ""))
            ws.audit(user, "account_role", f"{username}: {fields.get('rolle', '')}")
            flash = f"Die Rolle von „{username}“ ist geändert."
        else:
            return _page(request, {"konten": "Unbekannte Aktion."}, status=400)
    except AccountError as exc:
        return _page(request, {"konten": str(exc)}, status=400)
    return ws.done(request, "/konten", flash)
