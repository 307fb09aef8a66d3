"""The workspace's shared machinery: settings, templates, the signed-in user, roles per
route, CSRF checks and the answers for "please log in" and "not for your role"."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from kimdesk.office.limits import TokenBucket
from kimdesk.office.web import audit
from kimdesk.office.web.accounts import (
    ADMIN,
    COORDINATION,
    DEFAULT_HASHER,
    ROLES,
    STEERING,
    Accounts,
)
from kimdesk.office.web.figure_cache import FigureCache
from kimdesk.office.web.sessions import COOKIE, CurrentUser, Sessions, same, session_key

HERE = Path(__file__).parent
LOCAL = ZoneInfo("Europe/Berlin")
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

ALL = frozenset(ROLES)
COORD = frozenset({COORDINATION})
READ = frozenset({COORDINATION, STEERING})  # figures, themes, decisions, reports
ADMINS = frozenset({ADMIN})

#: the navigation: (path, label, roles that see it)
NAV: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("/uebersicht", "Übersicht", READ),
    ("/kennzahlen", "Kennzahlen", READ),
    ("/berichte", "Berichte", READ),
    ("/fallrekonstruktionen", "Fallrekonstruktionen", COORD),
    ("/themen", "Themen und Projektgruppen", READ),
    ("/lenkungsgruppe", "Lenkungsgruppe", READ),
    ("/versorgungssystem", "Versorgungssystem", COORD),
    ("/kreis", "Kreis und Stellen", COORD),
    ("/geraete", "Geräte", ADMINS),
    ("/konten", "Konten", ADMINS),
    ("/protokoll", "Protokoll", ADMINS),
)


@dataclass
class WorkspaceSettings:
    idle_minutes: float = 30.0
    max_age_hours: float = 12.0
    hasher: PasswordHasher = DEFAULT_HASHER
    login_rate: float = 0.5  # login attempts per second and client address
    login_burst: float = 10.0
    district_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    #: today's date for "the latest complete quarter" (tests set the clock)
    today: Callable[[], date] = date.today


class LoginRequired(Exception):
    def __init__(self, next_path: str, expired: bool = False) -> None:
        self.next_path, self.expired = next_path, expired


class Forbidden(Exception):
    pass


class CsrfRefused(Exception):
    pass


@dataclass(frozen=True)
class Notice:
    """A message for the page shown after a form was sent; ``extra`` carries what that
    page shows once (an enrollment code)."""

    text: str
    extra: Mapping[str, str] = field(default_factory=dict)


class Notices:
    """One-time notices per session for POST-redirect-GET: a form's answer redirects, the
    next page of the same session shows the notice once, and a reload shows neither the
    notice nor sends the form again.

    Kept in the office's memory, never in the URL: a link must not put words on an
    official page, and an enrollment code must not land in the browser's history. A
    restart forgets them (an administrator then makes a new code).
    """

    LIMIT = 2000  # sessions with a pending notice; the oldest are dropped beyond

    def __init__(self) -> None:
        self._pending: OrderedDict[str, list[Notice]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, request: Request, notice: Notice) -> None:
        key = session_key(request.cookies.get(COOKIE))
        if not key:
            return
        with self._lock:
            self._pending.setdefault(key, []).append(notice)
            self._pending.move_to_end(key)
            while len(self._pending) > self.LIMIT:
                self._pending.popitem(last=False)

    def take(self, request: Request) -> list[Notice]:
        key = session_key(request.cookies.get(COOKIE))
        with self._lock:
            return self._pending.pop(key, []) if key else []


class Workspace:
    """What every page needs, kept on ``app.state.workspace``."""

    def __init__(self, engine: Engine, settings: WorkspaceSettings) -> None:
        self.engine = engine
        self.settings = settings
        self.accounts = Accounts(engine, settings.hasher)
        self.sessions = Sessions(engine, timedelta(minutes=settings.idle_minutes),
                                 timedelta(hours=settings.max_age_hours))
        self.login_limit = TokenBucket(settings.login_rate, settings.login_burst)
        self.notices = Notices()
        self.figures = FigureCache(engine)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals.update(ROLES=ROLES, nav_for=nav_for)
        self.templates.env.filters.update(de_number=de_number, de_date=de_date,
                                          de_datetime=de_datetime, de_isodate=de_isodate)

    def audit(self, user: CurrentUser | str, action: str, target: str = "") -> None:
        actor = user if isinstance(user, str) else user.username
        audit.record(self.engine, actor, action, target)

    def render(self, request: Request, template: str, context: dict[str, Any],
               status: int = 200) -> HTMLResponse:
        """A page; a successful GET also shows (and uses up) the session's notices."""
        user = getattr(request.state, "user", None)
        ctx: dict[str, Any] = {"user": user, "path": request.url.path}
        if request.method == "GET" and status == 200 and user is not None:
            notices = self.notices.take(request)
            if notices:
                ctx["flash"] = " ".join(n.text for n in notices if n.text)
                for n in notices:
                    ctx.update(n.extra)
        ctx.update(context)
        return self.templates.TemplateResponse(request, template, ctx, status_code=status)

    def done(self, request: Request, path: str, text: str, **extra: str) -> RedirectResponse:
        """The answer to a form that worked: redirect to ``path`` (a GET), which shows
        ``text`` once."""
        self.notices.put(request, Notice(text, extra))
        return see_other(path)


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


def nav_for(user: CurrentUser | None) -> list[tuple[str, str]]:
    if user is None:
        return []
    return [(path, label) for path, label, roles in NAV if user.role in roles]


def home_for(role: str) -> str:
    return next((path for path, _, roles in NAV if role in roles), "/konto")


def is_loopback(request: Request) -> bool:
    return (request.url.hostname or "") in LOOPBACK


def require(roles: Iterable[str]) -> Callable[[Request], CurrentUser]:
    """A dependency: the signed-in user if their role is in ``roles``."""
    allowed = frozenset(roles)

    def dependency(request: Request) -> CurrentUser:
        ws = workspace(request)
        user = ws.sessions.lookup(request.cookies.get(COOKIE))
        if user is None:
            target = request.url.path if request.method == "GET" else "/"
            if request.method == "GET" and request.url.query:
                target += "?" + request.url.query
            raise LoginRequired(target, expired=bool(request.cookies.get(COOKIE)))
        request.state.user = user
        if user.role not in allowed:
            raise Forbidden()
        return user

    return dependency


async def form_with_csrf(request: Request, user: CurrentUser) -> dict[str, str]:
    """The posted form as text fields, refused unless it carries the session's token."""
    form = await request.form()
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    if not same(fields.get("csrf_token", ""), user.csrf_token):
        raise CsrfRefused()
    return fields


async def form_lists(request: Request) -> dict[str, list[str]]:
    """Multi-valued fields (check boxes) of the posted form."""
    form = await request.form()
    out: dict[str, list[str]] = {}
    for k, v in form.multi_items():
        if isinstance(v, str):
            out.setdefault(k, []).append(v)
    return out


def see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def login_redirect(next_path: str, expired: bool = False) -> Response:
    query = []
    if next_path and next_path not in ("/", "/anmelden"):
        query.append("weiter=" + quote(next_path, safe="/"))
    if expired:
        query.append("abgelaufen=1")
    response = see_other("/anmelden" + ("?" + "&".join(query) if query else ""))
    if expired:
        response.delete_cookie(COOKIE, path="/")
    return response


# -- German formatting -----------------------------------------------------------------
def de_number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def de_date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def de_isodate(value: Any) -> str:
    """The date of an ISO text (``2026-10-01T10:00Z``) as TT.MM.JJJJ; "–" if it is none."""
    from datetime import date as day

    try:
        return day.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return "–"


def de_datetime(value: Any) -> str:
    """A stored UTC time as local time of the district (Europe/Berlin)."""
    if not value:
        return "–"
    return value.replace(tzinfo=UTC).astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")


__all__ = ["ADMIN", "ADMINS", "ALL", "COORD", "COORDINATION", "READ", "STEERING",
           "Workspace", "WorkspaceSettings", "require"]
