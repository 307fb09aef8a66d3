"""Devices and their one-time enrollment codes."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from kimdesk.office.models import Device, EnrollmentCode, utcnow
from kimdesk.sync.protocol.ids import uuid7

#: Crockford base32 without I, L, O, U: easy to read aloud and type.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 bits


class EnrollmentRefused(Exception):
    """The code is wrong, expired or used; ``str()`` is German."""


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code(engine: Engine, device_name: str, valid_hours: float = 24.0) -> str:
    """Make a one-time code; only its hash is stored. Shown as XXXX-XXXX-XXXX."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    with Session(engine) as s, s.begin():
        s.add(EnrollmentCode(code_hash=_hash(code), device_name=device_name[:120],
                             expires_at=utcnow() + timedelta(hours=valid_hours)))
    return "-".join(code[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def redeem(engine: Engine, code: str, public_key: bytes) -> Device:
    """Turn a valid code into a device with this public key (once)."""
    now = utcnow()
    with Session(engine, expire_on_commit=False) as s, s.begin():
        row = s.get(EnrollmentCode, _hash(code), with_for_update=True)
        if row is None or row.used_at is not None or row.expires_at < now:
            raise EnrollmentRefused("Der Anmeldecode ist ungültig, abgelaufen oder wurde "
                                    "schon benutzt.")
        device = Device(id=uuid7(), name=row.device_name, public_key=public_key,
                        enrolled_at=now)
        s.add(device)
        row.used_at, row.device_id = now, device.id
        stale = now - timedelta(days=30)
        s.execute(delete(EnrollmentCode).where(EnrollmentCode.expires_at < stale))
    return device


def revoke(engine: Engine, device_ref: str) -> Device | None:
    """Revoke by id or by exact name; returns the device or None if not found."""
    with Session(engine, expire_on_commit=False) as s, s.begin():
        device = s.get(Device, device_ref)
        if device is None:
            matches = list(s.scalars(select(Device).where(Device.name == device_ref)))
            if len(matches) != 1:
                return None
            device = matches[0]
        if device.revoked_at is None:
            device.revoked_at = utcnow()
        return device


def list_devices(engine: Engine) -> list[Device]:
    with Session(engine) as s:
        return list(s.scalars(select(Device).order_by(Device.enrolled_at)))


def touch(session: Session, device: Device, now: datetime) -> None:
    if device.last_seen_at is None or (now - device.last_seen_at).total_seconds() > 60:
        device.last_seen_at = now


def note_pull(engine: Engine, device_id: str, cursor: int, user_agent: str) -> None:
    """Remember what the device has applied and which app version it runs."""
    version = user_agent.split("/", 1)[1].split()[0][:40] if user_agent.startswith(
        "kimdesk/") else None
    with Session(engine) as s, s.begin():
        device = s.get(Device, device_id)
        if device is None:
            return
        device.pull_cursor = cursor
        if version:
            device.app_version = version
        touch(s, device, utcnow())
