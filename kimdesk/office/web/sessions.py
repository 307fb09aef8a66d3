"""Login sessions: a random token in an HttpOnly, SameSite=Strict cookie, its hash in the
database, a CSRF token per session, idle timeout and a maximum age.

A login always makes a new token (no session fixation); logout and idle expiry delete the
row, so an old cookie is worth nothing.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from kimdesk.office.models import utcnow
from kimdesk.office.web.models import Account, WebSession

COOKIE = "kimdesk_session"
LOGIN_COOKIE = "kimdesk_login"  # CSRF token of the login form (before a session exists)


@dataclass(frozen=True)
class CurrentUser:
    account_id: int
    username: str
    display_name: str
    role: str
    csrf_token: str

    @property
    def name(self) -> str:
        return self.display_name or self.username


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_key(token: str | None) -> str:
    """What identifies a session in the office's memory and tables: the token's hash."""
    return _hash(token) if token and len(token) <= 100 else ""


def same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


class Sessions:
    def __init__(self, engine: Engine, idle: timedelta, max_age: timedelta) -> None:
        self.engine, self.idle, self.max_age = engine, idle, max_age

    def create(self, account_id: int) -> str:
        token = secrets.token_urlsafe(32)
        now = utcnow()
        with Session(self.engine) as s, s.begin():
            s.add(WebSession(token_hash=_hash(token), account_id=account_id,
                             csrf_token=secrets.token_urlsafe(32), created_at=now,
                             last_seen_at=now))
            # forget sessions that ran out (of anyone), so the table stays small
            s.execute(delete(WebSession).where(WebSession.last_seen_at < now - self.idle))
        return token

    def lookup(self, token: str | None, now: datetime | None = None) -> CurrentUser | None:
        if not token or len(token) > 100:
            return None
        now = now or utcnow()
        with Session(self.engine) as s, s.begin():
            row = s.get(WebSession, _hash(token))
            if row is None:
                return None
            account = s.get(Account, row.account_id)
            if (account is None or account.disabled_at is not None
                    or now - row.last_seen_at > self.idle
                    or now - row.created_at > self.max_age):
                s.delete(row)
                return None
            if (now - row.last_seen_at).total_seconds() > 30:
                row.last_seen_at = now
            return CurrentUser(account.id, account.username, account.display_name,
                               account.role, row.csrf_token)

    def end(self, token: str | None) -> None:
        if not token:
            return
        with Session(self.engine) as s, s.begin():
            s.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))
