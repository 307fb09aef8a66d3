"""HTTP to the office: every request signed, every failure turned into a SyncError."""

import ipaddress
import json
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from pydantic import ValidationError

import kimdesk
from kimdesk.sync.errors import (
    DeviceRevokedError,
    DeviceUnknownError,
    EnrollmentError,
    InsecureOfficeUrlError,
    OfficeAnswerError,
    OfficeRefusedError,
    OfficeUnreachableError,
    RateLimitedError,
)
from kimdesk.sync.protocol import (
    AUDIT_HEAD_PATH,
    CHANGES_PATH,
    DEVICE_PATH,
    ENROLL_PATH,
    ITEMS_PATH,
)
from kimdesk.sync.protocol.audit_head import AuditHead, AuditHeadAnswer
from kimdesk.sync.protocol.signing import b64, sign_headers

TIMEOUT = httpx.Timeout(20.0, connect=5.0)


@dataclass(frozen=True)
class Credentials:
    device_id: str
    private_key: bytes


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback  # 127.0.0.0/8 and ::1
    except ValueError:
        return False


def require_secure_url(url: str) -> str:
    """The office URL if it is ``https://`` (or plain ``http://`` to this machine only, as
    tests and a local office use); else :class:`InsecureOfficeUrlError`."""
    try:
        parts = urlsplit(str(url).strip())
        host = parts.hostname or ""
    except ValueError:  # e.g. a malformed IPv6 literal or port
        raise InsecureOfficeUrlError() from None
    scheme = parts.scheme.lower()
    if not host or scheme not in ("https", "http") or (scheme == "http"
                                                       and not _is_loopback(host)):
        raise InsecureOfficeUrlError()
    return str(url).strip()


def _json_answer(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a 2xx answer, or :class:`OfficeAnswerError` (never the body)."""
    try:
        answer = response.json()
    except (ValueError, UnicodeDecodeError):
        raise OfficeAnswerError(response.status_code) from None
    if not isinstance(answer, dict):
        raise OfficeAnswerError(response.status_code)
    return answer


def _reason(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail", "")
    except (ValueError, AttributeError):
        return ""
    return detail if isinstance(detail, str) else json.dumps(detail)[:300]


def _raise_for(response: httpx.Response) -> None:
    code = response.status_code
    if code < 400:
        return
    reason = _reason(response)
    if code == 403:
        raise DeviceRevokedError()
    if code == 401:
        raise DeviceUnknownError(reason)
    if code == 429:
        try:
            retry_after = float(response.headers.get("Retry-After", "5"))
        except ValueError:
            retry_after = 5.0
        raise RateLimitedError(retry_after)
    if code >= 500:
        raise OfficeUnreachableError(f"HTTP {code}")
    raise OfficeRefusedError(code, reason)


class OfficeClient:
    """One office, one device. ``transport`` lets tests inject faults."""

    def __init__(self, base_url: str, credentials: Credentials | None = None,
                 transport: httpx.BaseTransport | None = None, verify: Any = True,
                 timeout: httpx.Timeout = TIMEOUT) -> None:
        self.base_url = require_secure_url(base_url).rstrip("/")
        self._prefix = urlsplit(self.base_url).path
        self.credentials = credentials
        if isinstance(verify, str):  # a CA file for the office's certificate
            verify = ssl.create_default_context(cafile=verify)
        self._http = httpx.Client(transport=transport, verify=verify, timeout=timeout,
                                  headers={"User-Agent": f"kimdesk/{kimdesk.__version__}"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "OfficeClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, method: str, path: str, params: dict[str, Any] | None = None,
              body: Any = None, signed: bool = True) -> httpx.Response:
        query = urlencode(params or {})
        raw = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json"} if body is not None else {}
        full_path = self._prefix + path
        if signed:
            assert self.credentials is not None
            headers.update(sign_headers(self.credentials.private_key,
                                        self.credentials.device_id, method, full_path,
                                        query, raw))
        url = self.base_url + path + (f"?{query}" if query else "")
        try:
            response = self._http.request(method, url, content=raw or None, headers=headers)
        except httpx.HTTPError as exc:  # connect refused, reset, timeout, TLS …
            raise OfficeUnreachableError(type(exc).__name__) from exc
        _raise_for(response)
        return response

    # -- the protocol ---------------------------------------------------------------------
    def push(self, items: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
        """Deliver items; returns ``{id: (status, reason)}`` for each one sent."""
        response = self._send("POST", ITEMS_PATH, body={"items": items})
        answer = _json_answer(response)
        rows = answer.get("results")
        if not isinstance(rows, list) or not all(
                isinstance(r, dict) and isinstance(r.get("id"), str)
                and r.get("status") in ("stored", "duplicate", "rejected")
                and isinstance(r.get("reason", ""), str) for r in rows):
            raise OfficeAnswerError(response.status_code)
        results = {r["id"]: (r["status"], r.get("reason", "")) for r in rows}
        missing = {item["id"] for item in items} - set(results)
        if missing:
            raise OfficeRefusedError(200, "Antwort unvollständig")
        return results

    def changes(self, since: int) -> dict[str, Any]:
        response = self._send("GET", CHANGES_PATH, params={"since": since})
        answer = _json_answer(response)
        cursor, changes = answer.get("cursor", since), answer.get("changes", [])
        if isinstance(cursor, bool) or not isinstance(cursor, int) or cursor < 0 \
                or not isinstance(changes, list) \
                or not all(isinstance(c, dict) for c in changes) \
                or not isinstance(answer.get("more", False), bool):
            raise OfficeAnswerError(response.status_code)
        return answer

    def audit_head(self, head: AuditHead) -> AuditHeadAnswer:
        """Post the Verlauf's signed head; the office answers what it noticed."""
        response = self._send("POST", AUDIT_HEAD_PATH,
                              body=head.model_dump(by_alias=True))
        try:
            return AuditHeadAnswer.model_validate(_json_answer(response))
        except ValidationError:
            raise OfficeAnswerError(response.status_code) from None

    def device(self) -> dict[str, Any]:
        return _json_answer(self._send("GET", DEVICE_PATH))

    def enroll(self, code: str, device_name: str, public_key: bytes) -> dict[str, Any]:
        try:
            response = self._send("POST", ENROLL_PATH, signed=False, body={
                "code": code, "device_name": device_name, "public_key": b64(public_key)})
        except OfficeRefusedError as exc:
            raise EnrollmentError("Der Anmeldecode wurde nicht angenommen (falsch, abgelaufen "
                                  "oder schon benutzt). Bitte bei der Koordinierungsstelle "
                                  "einen neuen Code holen.") from exc
        return _json_answer(response)
