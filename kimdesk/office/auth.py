"""Checking a signed request: known device, not revoked, fresh timestamp, unseen nonce,
valid Ed25519 signature over method, path, query and body."""

import binascii
import re
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kimdesk.office.limits import TokenBucket
from kimdesk.office.models import Device, SeenNonce, utcnow
from kimdesk.sync.protocol import MAX_CLOCK_SKEW
from kimdesk.sync.protocol.ids import is_uuid7
from kimdesk.sync.protocol.signing import SignedRequest, unb64, verify


class AuthFailure(Exception):
    def __init__(self, status: int, detail: str, retry_after: float | None = None) -> None:
        self.status, self.detail, self.retry_after = status, detail, retry_after
        super().__init__(detail)


@dataclass(frozen=True)
class AuthedDevice:
    id: str
    name: str


UNSIGNED = "Die Anfrage ist nicht signiert."
NONCE = re.compile(r"[0-9a-f]{32}")


def parse_headers(device: str | None, timestamp: str | None, nonce: str | None,
                  signature: str | None) -> SignedRequest:
    if not (device and timestamp and nonce and signature):
        raise AuthFailure(401, UNSIGNED)
    if not is_uuid7(device):
        raise AuthFailure(401, "Unbekanntes Gerät.")
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise AuthFailure(401, "Ungültiger Zeitstempel.")
    if not NONCE.fullmatch(nonce):
        raise AuthFailure(401, "Ungültige Nonce.")
    try:
        sig = unb64(signature)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise AuthFailure(401, "Ungültige Signatur.") from None
    return SignedRequest(device, int(timestamp), nonce, sig)


class Authenticator:
    def __init__(self, engine: Engine, per_device: TokenBucket,
                 skew: int = MAX_CLOCK_SKEW) -> None:
        self.engine = engine
        self.per_device = per_device
        self.skew = skew
        self._requests = 0

    def check(self, req: SignedRequest, method: str, path: str, query: str,
              body: bytes) -> AuthedDevice:
        if abs(time.time() - req.timestamp) > self.skew:
            raise AuthFailure(401, "Der Zeitstempel weicht zu stark ab (Uhr des Geräts prüfen).")
        with Session(self.engine) as s:
            device = s.get(Device, req.device_id)
            found = None if device is None else (device.public_key, device.revoked_at,
                                                 device.name)
        if found is None:
            raise AuthFailure(401, "Unbekanntes Gerät.")
        public_key, revoked_at, name = found
        if revoked_at is not None:
            raise AuthFailure(403, "Dieses Gerät ist gesperrt.")
        if not verify(public_key, req, method, path, query, body):
            raise AuthFailure(401, "Die Signatur ist ungültig.")
        wait = self.per_device.take(req.device_id)
        if wait:
            raise AuthFailure(429, "Zu viele Anfragen dieses Geräts.", retry_after=wait)
        self._remember_nonce(req)
        return AuthedDevice(req.device_id, name)

    def _remember_nonce(self, req: SignedRequest) -> None:
        now = utcnow()
        try:
            with Session(self.engine) as s, s.begin():
                s.add(SeenNonce(device_id=req.device_id, nonce=req.nonce, seen_at=now))
        except IntegrityError:
            raise AuthFailure(401, "Diese Anfrage wurde bereits verarbeitet (Wiederholung "
                                   "abgelehnt).") from None
        self._requests += 1
        if self._requests % 500 == 0:
            with Session(self.engine) as s, s.begin():
                s.execute(delete(SeenNonce).where(
                    SeenNonce.seen_at < now - timedelta(seconds=3 * self.skew)))
