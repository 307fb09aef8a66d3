"""Coordinators' accounts: roles, Argon2id passwords, lockout after failed logins.

The first administrator is made on the command line (``kimdesk-office user add``); the
rest in the workspace's Konten page. A disabled account keeps its row (the audit log
names it) but cannot log in, and its sessions end.
"""

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from kimdesk.office.models import utcnow
from kimdesk.office.web.models import Account, WebSession

ADMIN, COORDINATION, STEERING = "admin", "coordination", "steering"
ROLES = {ADMIN: "Administration", COORDINATION: "Koordination", STEERING: "Lenkungsgruppe"}
MIN_PASSWORD = 12
MAX_FAILURES = 5
LOCK_MINUTES = 15
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")

#: RFC 9106's second recommendation (64 MiB, 3 passes); tests pass a cheaper one.
DEFAULT_HASHER = PasswordHasher()


class AccountError(ValueError):
    """A refused change; ``str()`` is a German sentence."""


@dataclass(frozen=True)
class AccountView:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    locked: bool
    last_login_at: datetime | None

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def _view(a: Account, now: datetime) -> AccountView:
    return AccountView(a.id, a.username, a.display_name, a.role, a.disabled_at is not None,
                       bool(a.locked_until and a.locked_until > now), a.last_login_at)


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not 2 <= len(name) <= 80 or not set(name) <= USERNAME_CHARS:
        raise AccountError("Der Benutzername darf nur Kleinbuchstaben, Ziffern, Punkt, "
                           "Binde- und Unterstrich enthalten (2 bis 80 Zeichen).")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.")
    if len(password) > 200:
        raise AccountError("Das Passwort darf höchstens 200 Zeichen lang sein.")
    return password


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError("Bitte eine Rolle wählen: Administration, Koordination oder "
                           "Lenkungsgruppe.")
    return role


class Accounts:
    def __init__(self, engine: Engine, hasher: PasswordHasher = DEFAULT_HASHER) -> None:
        self.engine, self.hasher = engine, hasher

    def add(self, username: str, password: str, role: str, display_name: str = ""
            ) -> AccountView:
        name = check_username(username)
        check_password(password)
        check_role(role)
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            if s.scalar(select(Account).where(Account.username == name)) is not None:
                raise AccountError(f"Den Benutzernamen „{name}“ gibt es schon.")
            account = Account(username=name, display_name=display_name.strip()[:120],
                              role=role, password_hash=self.hasher.hash(password),
                              failed_logins=0)
            s.add(account)
        return _view(account, utcnow())

    def _get(self, s: Session, username: str) -> Account:
        account = s.scalar(select(Account).where(Account.username == username.strip().lower()))
        if account is None:
            raise AccountError(f"Kein Konto „{username.strip()[:80]}“.")
        return account

    def set_password(self, username: str, password: str) -> None:
        check_password(password)
        with Session(self.engine) as s, s.begin():
            account = self._get(s, username)
            account.password_hash = self.hasher.hash(password)
            account.failed_logins, account.locked_until = 0, None
            s.execute(delete(WebSession).where(WebSession.account_id == account.id))

    def set_disabled(self, username: str, disabled: bool) -> None:
        with Session(self.engine) as s, s.begin():
            account = self._get(s, username)
            if disabled and account.role == ADMIN and account.disabled_at is None:
                others = s.scalars(select(Account).where(
                    Account.role == ADMIN, Account.disabled_at.is_(None),
                    Account.id != account.id)).first()
                if others is None:
                    raise AccountError("Das letzte aktive Administrationskonto kann nicht "
                                       "deaktiviert werden.")
            account.disabled_at = utcnow() if disabled else None
            if disabled:
                s.execute(delete(WebSession).where(WebSession.account_id == account.id))
            else:
                account.failed_logins, account.locked_until = 0, None

    def unlock(self, username: str) -> None:
        """End a lockout after failed logins before its time (the administration, once it
        knows the person really forgot the password)."""
        with Session(self.engine) as s, s.begin():
            account = self._get(s, username)
            account.failed_logins, account.locked_until = 0, None

    def set_role(self, username: str, role: str) -> None:
        check_role(role)
        with Session(self.engine) as s, s.begin():
            account = self._get(s, username)
            if account.role == ADMIN and role != ADMIN:
                others = s.scalars(select(Account).where(
                    Account.role == ADMIN, Account.disabled_at.is_(None),
                    Account.id != account.id)).first()
                if others is None:
                    raise AccountError("Das letzte Administrationskonto muss die Rolle "
                                       "Administration behalten.")
            account.role = role

    def all(self) -> list[AccountView]:
        now = utcnow()
        with Session(self.engine) as s:
            return [_view(a, now) for a in s.scalars(select(Account).order_by(Account.username))]

    def get(self, account_id: int) -> AccountView | None:
        with Session(self.engine) as s:
            a = s.get(Account, account_id)
            return None if a is None else _view(a, utcnow())

    def verify(self, username: str, password: str, now: datetime | None = None
               ) -> tuple[AccountView | None, str]:
        """The account if the password is right; else ``(None, reason)`` where reason is
        ``wrong``, ``locked`` or ``disabled``. Failures count toward a lockout."""
        now = now or utcnow()
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            account = s.scalar(select(Account).where(
                Account.username == username.strip().lower()[:80]))
            if account is None:
                # the same work as a real check, so timing does not reveal the name
                with contextlib.suppress(VerificationError, InvalidHashError):
                    self.hasher.verify(_DUMMY_HASH.get(self.hasher), password)
                return None, "wrong"
            if account.disabled_at is not None:
                return None, "disabled"
            if account.locked_until and account.locked_until > now:
                return None, "locked"
            try:
                self.hasher.verify(account.password_hash, password)
            except (VerificationError, InvalidHashError):
                account.failed_logins += 1
                if account.failed_logins >= MAX_FAILURES:
                    account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    account.failed_logins = 0
                    return None, "locked"
                return None, "wrong"
            if self.hasher.check_needs_rehash(account.password_hash):
                account.password_hash = self.hasher.hash(password)
            account.failed_logins, account.locked_until = 0, None
            account.last_login_at = now
            return _view(account, now), ""


class _DummyHashes:
    """One hash per hasher configuration, made on first use."""

    def __init__(self) -> None:
        self._cache: dict[tuple, str] = {}

    def get(self, hasher: PasswordHasher) -> str:
        key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
        if key not in self._cache:
            self._cache[key] = hasher.hash("kimdesk-no-such-account")
        return self._cache[key]


_DUMMY_HASH = _DummyHashes()
