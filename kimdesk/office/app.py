"""The office's HTTP API (FastAPI). Every bad request gets a 4xx with a reason.

Signed endpoints take the device from :class:`~kimdesk.office.auth.Authenticator`; the
enrollment endpoint is the one unsigned write, and it needs a valid one-time code.
Logs hold methods, paths, status codes, device ids and counts — never payloads or names.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

import kimdesk
from kimdesk.office import audit_heads, devices, figures_api, ingest, publications
from kimdesk.office.auth import AuthedDevice, Authenticator, AuthFailure, parse_headers
from kimdesk.office.limits import Guard, TokenBucket, send_json
from kimdesk.office.logs import event
from kimdesk.office.web import WorkspaceSettings, mount_workspace, web_error
from kimdesk.sync.protocol import (
    AUDIT_HEAD_PATH,
    CHANGES_PATH,
    DEVICE_PATH,
    ENROLL_PATH,
    HEALTH_PATH,
    ITEMS_PATH,
    MAX_BATCH_ITEMS,
    MAX_BODY_BYTES,
    PROTOCOL_VERSION,
)
from kimdesk.sync.protocol.audit_head import AuditHead, AuditHeadAnswer
from kimdesk.sync.protocol.signing import unb64

log = logging.getLogger("kimdesk.office")


@dataclass
class OfficeSettings:
    max_body: int = MAX_BODY_BYTES
    read_timeout: float = 15.0  # per chunk of a body
    request_timeout: float = 30.0  # for the whole body
    device_rate: float = 20.0  # signed requests per second and device
    device_burst: float = 60.0
    ip_rate: float = 50.0
    ip_burst: float = 200.0
    enroll_rate: float = 0.2  # enrollment attempts per second and client address
    enroll_burst: float = 10.0
    #: who may read the figures' JSON API (a FastAPI dependency; by default the workspace's
    #: session check for Koordination and Lenkungsgruppe) and whether figures per device are
    #: allowed (staff council's consent)
    figures_reader: Callable[..., Any] | None = None
    per_device_figures: bool = False


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ItemIn(Strict):
    id: str = Field(min_length=1, max_length=36, description="UUIDv7, made on the device")
    kind: str = Field(min_length=1, max_length=30,
                      description="aggregates | reconstruction | gap_statistics")
    payload: dict[str, Any] = Field(description="checked against the kind's allow-list")


class ItemBatch(Strict):
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class ItemResult(BaseModel):
    id: str
    status: Literal["stored", "duplicate", "rejected"]
    reason: str = ""


class ItemResults(BaseModel):
    results: list[ItemResult]


class EnrollIn(Strict):
    code: str = Field(min_length=1, max_length=40)
    public_key: str = Field(min_length=1, max_length=100, description="Ed25519, raw, base64")
    device_name: str = Field(default="", max_length=120, description="ignored")


class EnrollOut(BaseModel):
    device_id: str
    device_name: str


class Change(BaseModel):
    seq: int
    kind: str
    uid: str
    body: dict[str, Any]


class Changes(BaseModel):
    cursor: int
    more: bool
    changes: list[Change]


class DeviceOut(BaseModel):
    device_id: str
    name: str
    status: Literal["active"]


class Health(BaseModel):
    status: Literal["ok"]
    protocol: int
    version: str = Field(description="KIMdesk version of the office (pyproject.toml)")


class Problem(BaseModel):
    detail: Any


SIGNED_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "unsigned, unknown device, bad signature, replay"},
    403: {"model": Problem, "description": "device revoked"},
    422: {"model": Problem, "description": "malformed request"},
    429: {"model": Problem, "description": "rate limit"},
}


def create_app(engine: Engine, settings: OfficeSettings | None = None,
               workspace: WorkspaceSettings | None = None) -> Any:
    """The ASGI application (FastAPI wrapped in the size/rate guard), with the
    coordinators' web workspace mounted beside the laptops' API."""
    settings = settings or OfficeSettings()
    authenticator = Authenticator(engine, TokenBucket(settings.device_rate,
                                                      settings.device_burst))
    enroll_limit = TokenBucket(settings.enroll_rate, settings.enroll_burst)
    app = FastAPI(title="KIMdesk Kreisbüro", version=kimdesk.__version__,
                  description="Receives anonymised aggregates and reviewed case "
                              "reconstructions from enrolled devices; publishes the service "
                              "directory, catalogues and steering-group feedback.")

    async def signed_device(
        request: Request,
        x_kimdesk_device: Annotated[str | None, Header(alias="X-Kimdesk-Device")] = None,
        x_kimdesk_timestamp: Annotated[str | None, Header(alias="X-Kimdesk-Timestamp")] = None,
        x_kimdesk_nonce: Annotated[str | None, Header(alias="X-Kimdesk-Nonce")] = None,
        x_kimdesk_signature: Annotated[str | None, Header(alias="X-Kimdesk-Signature")] = None,
    ) -> AuthedDevice:
        signed = parse_headers(x_kimdesk_device, x_kimdesk_timestamp, x_kimdesk_nonce,
                               x_kimdesk_signature)
        body = await request.body()
        device = await run_in_threadpool(authenticator.check, signed, request.method,
                                         request.url.path, request.url.query, body)
        request.state.device = device.id  # for the access log
        return device

    Signed = Annotated[AuthedDevice, Depends(signed_device)]

    @app.get(HEALTH_PATH, response_model=Health)
    async def health() -> dict[str, Any]:
        return {"status": "ok", "protocol": PROTOCOL_VERSION, "version": kimdesk.__version__}

    @app.post(ENROLL_PATH, response_model=EnrollOut, status_code=201,
              responses={400: {"model": Problem}, 422: {"model": Problem},
                         429: {"model": Problem}})
    async def enroll(body: EnrollIn, request: Request) -> Any:
        client = request.client.host if request.client else "?"
        wait = enroll_limit.take(client)
        if wait:
            raise AuthFailure(429, "Zu viele Anmeldeversuche.", retry_after=wait)
        try:
            key = unb64(body.public_key)
        except (ValueError, UnicodeEncodeError):
            key = b""
        if len(key) != 32:
            return JSONResponse({"detail": "Der öffentliche Schlüssel ist kein Ed25519-"
                                           "Schlüssel."}, status_code=400)
        try:
            device = await run_in_threadpool(devices.redeem, engine, body.code, key)
        except devices.EnrollmentRefused as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)
        event(log, "device_enrolled", device=device.id)
        return JSONResponse({"device_id": device.id, "device_name": device.name},
                            status_code=201)

    @app.post(ITEMS_PATH, response_model=ItemResults, responses=SIGNED_ERRORS)
    async def items(batch: ItemBatch, device: Signed) -> dict[str, Any]:
        wire = [item.model_dump() for item in batch.items]
        results = await run_in_threadpool(ingest.ingest, engine, device.id, wire)
        stored = sum(1 for r in results if r["status"] == "stored")
        rejected = sum(1 for r in results if r["status"] == "rejected")
        event(log, "items_received", device=device.id, sent=len(results), stored=stored,
              rejected=rejected)
        return {"results": results}

    @app.get(CHANGES_PATH, response_model=Changes, responses=SIGNED_ERRORS)
    async def changes(device: Signed, request: Request,
                      since: Annotated[int, Query(ge=0, le=2**53)] = 0) -> dict[str, Any]:
        # ``since`` is what the device has applied: the workspace shows it per device
        await run_in_threadpool(devices.note_pull, engine, device.id, since,
                                request.headers.get("user-agent", ""))
        return await run_in_threadpool(publications.changes_since, engine, since)

    @app.post(AUDIT_HEAD_PATH, response_model=AuditHeadAnswer,
              responses={**SIGNED_ERRORS, 400: {"model": Problem}})
    async def audit_head(head: AuditHead, device: Signed) -> Any:
        try:
            answer = await run_in_threadpool(audit_heads.receive, engine, device.id, head)
        except audit_heads.HeadRefused as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return answer.model_dump()

    @app.get(DEVICE_PATH, response_model=DeviceOut, responses=SIGNED_ERRORS)
    async def device_info(device: Signed) -> dict[str, Any]:
        return {"device_id": device.id, "name": device.name, "status": "active"}

    from kimdesk.office.web.workspace import READ, require

    app.include_router(figures_api.router(engine, settings.figures_reader or require(READ),
                                          per_device=settings.per_device_figures),
                       include_in_schema=False)  # the API docs are for laptops

    @app.exception_handler(AuthFailure)
    async def _auth_failure(_request: Request, exc: AuthFailure) -> JSONResponse:
        headers = {"Retry-After": str(max(1, round(exc.retry_after)))} if exc.retry_after else {}
        return JSONResponse({"detail": exc.detail}, status_code=exc.status, headers=headers)

    mount_workspace(app, engine, workspace)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        page = web_error(request, 422)
        if page is not None:
            return page
        # the reasons without echoing the input (it might hold data that must not be logged)
        detail = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")}
                  for e in exc.errors()[:20]]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        page = web_error(request, exc.status_code)
        if page is not None:
            return page
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
        # Logged before the answer leaves, by type only: the message of e.g. a database
        # error may quote stored values. Starlette re-raises after answering; _AccessLog
        # swallows that so the server does not log a traceback.
        event(log, "unhandled", logging.ERROR, error=type(exc).__name__,
              method=request.method, path=request.url.path[:80])
        return JSONResponse({"detail": "Interner Fehler im Kreisbüro."}, status_code=500)

    @app.exception_handler(OperationalError)
    async def _db_down(_request: Request, exc: OperationalError) -> JSONResponse:
        event(log, "database_unavailable", logging.ERROR, error=type(exc.orig).__name__)
        return JSONResponse({"detail": "Die Datenbank des Kreisbüros ist gerade nicht "
                                       "erreichbar."}, status_code=503,
                            headers={"Retry-After": "10"})

    guard = Guard(app, max_body=settings.max_body, read_timeout=settings.read_timeout,
                  request_timeout=settings.request_timeout,
                  per_ip=TokenBucket(settings.ip_rate, settings.ip_burst))
    outer = _AccessLog(guard)  # outermost: the guard's own 408/413/429 are logged too
    outer.fastapi = app  # type: ignore[attr-defined]
    return outer


class _AccessLog:
    """Method, path, status, time and the signing device — no query strings, no client
    addresses."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [0]

        async def capture(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        except Exception as exc:  # noqa: BLE001 - answered 500, logged by type only
            # Not re-raised: the server would log a traceback, and the message of e.g. a
            # database error may quote the stored values. Errors inside the application
            # were logged and answered by its exception handler already.
            if not status[0]:
                event(log, "unhandled", logging.ERROR, error=type(exc).__name__,
                      method=scope.get("method"), path=scope.get("path", "")[:80])
                await send_json(capture, 500, "Interner Fehler im Kreisbüro.")
        finally:
            device = (scope.get("state") or {}).get("device")
            event(log, "request", method=scope.get("method"),
                  path=scope.get("path", "")[:80], status=status[0],
                  ms=round((time.perf_counter() - start) * 1000),
                  **({"device": device} if device else {}))
