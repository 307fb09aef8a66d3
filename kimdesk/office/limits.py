"""Protection at the door: connection limits, timeouts, body size cap, rate limits.

Two layers. :func:`guarded_h11` is the HTTP protocol the server speaks: it closes a
connection whose request headers do not arrive within ``header_timeout`` (408 if some
bytes came), and refuses more than ``per_client`` open connections from one address, so
idle or slow connections from one client cannot use up the server's connection limit.
:class:`Guard` is plain ASGI around the whole app. It reads the body itself (at most
``max_body`` bytes, each chunk within ``read_timeout`` and all of it within
``request_timeout``) before the app sees the request, so an oversized or dribbling upload
is answered 413 / 408 and never reaches a handler.

Forwarded headers (``X-Forwarded-For``) are honoured only from the proxies the
administrator names (:class:`TrustedProxies`); from anyone else they would let a client
pick a new address, and a new rate-limit bucket, with every request.
"""

import asyncio
import ipaddress
import json
import logging
import threading
import time
from collections import Counter, OrderedDict
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from kimdesk.office.logs import event

Scope = dict[str, Any]
log = logging.getLogger("kimdesk.office")
TOO_SLOW = "Die Anfrage kam zu langsam an."
TOO_MANY_CONNECTIONS = "Zu viele gleichzeitige Verbindungen von dieser Adresse."


class TokenBucket:
    """Per-key token buckets: ``rate`` requests per second, bursts up to ``burst``.

    At most ``max_keys`` buckets are kept; when a new key arrives at the limit, the least
    recently used key is forgotten (an idle key's bucket would be full again anyway), so
    a flood of new keys cannot reset the buckets of everyone else.
    """

    def __init__(self, rate: float, burst: float, max_keys: int = 10_000) -> None:
        self.rate, self.burst, self.max_keys = rate, burst, max(1, max_keys)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def __contains__(self, key: object) -> bool:
        return key in self._buckets

    def take(self, key: str, now: float | None = None) -> float:
        """0 if allowed, else the seconds to wait before the next request would pass."""
        now = time.monotonic() if now is None else now
        with self._lock:
            known = self._buckets.get(key)
            if known is None:
                while len(self._buckets) >= self.max_keys:
                    self._buckets.popitem(last=False)  # the least recently used key
                tokens, last = self.burst, now
            else:
                tokens, last = known
                self._buckets.move_to_end(key)
            tokens = min(self.burst, tokens + max(0.0, now - last) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate


async def send_json(send: Any, status: int, detail: str, headers: dict[str, str] | None = None
                    ) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    raw_headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(body)).encode())]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


class Guard:
    def __init__(self, app: Any, max_body: int, read_timeout: float = 15.0,
                 per_ip: TokenBucket | None = None, request_timeout: float = 30.0) -> None:
        self.app = app
        self.max_body = max_body
        self.read_timeout = read_timeout
        self.request_timeout = request_timeout
        self.per_ip = per_ip

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.per_ip is not None:
            client = (scope.get("client") or ("?", 0))[0]
            wait = self.per_ip.take(client)
            if wait:
                await send_json(send, 429, "Zu viele Anfragen; bitte später erneut versuchen.",
                                {"Retry-After": str(max(1, round(wait)))})
                return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit():
                await send_json(send, 400, "Ungültige Content-Length.")
                return
            if int(length) > self.max_body:
                await send_json(send, 413, f"Anfrage zu groß (höchstens {self.max_body} Bytes).")
                return
        body = bytearray()
        more = True
        deadline = time.monotonic() + self.request_timeout
        while more:
            # each chunk within read_timeout, and the whole body within request_timeout:
            # a body dribbled in one byte at a time must not hold a connection for ever
            wait = min(self.read_timeout, deadline - time.monotonic())
            try:
                if wait <= 0:
                    raise TimeoutError
                message = await asyncio.wait_for(receive(), wait)
            except TimeoutError:
                event(log, "request_timeout", method=scope.get("method"),
                      path=scope.get("path", "")[:80], received=len(body))
                await send_json(send, 408, TOO_SLOW, {"Connection": "close"})
                return
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body:
                await send_json(send, 413, f"Anfrage zu groß (höchstens {self.max_body} Bytes).")
                return
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class TrustedProxies:
    """The addresses whose ``X-Forwarded-For`` counts: IPs, networks, or ``*``."""

    def __init__(self, spec: str = "") -> None:
        self.spec = ",".join(part.strip() for part in spec.split(",") if part.strip())
        self.everyone = "*" in self.spec.split(",")
        self.networks = [ipaddress.ip_network(part, strict=False)
                         for part in self.spec.split(",") if part and part != "*"]

    def __bool__(self) -> bool:
        return bool(self.spec)

    def __contains__(self, host: object) -> bool:
        if self.everyone:
            return True
        try:
            address = ipaddress.ip_address(str(host))
        except ValueError:
            return False
        return any(address in network for network in self.networks)


def _raw_answer(status: int, reason: str, detail: str) -> bytes:
    """A complete HTTP/1.1 answer that closes the connection, for the protocol layer."""
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n")
    return head.encode("ascii") + body


def guarded_h11(header_timeout: float, per_client: int,
                trusted: TrustedProxies | None = None) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a header timeout and a per-client connection limit.

    One class per server: the open-connection counts live in its closure, shared by all
    its connections (one event loop, so no lock is needed). Trusted proxies are exempt
    from the per-client limit — all their clients arrive through them.
    """
    open_connections: Counter[str] = Counter()
    exempt = trusted or TrustedProxies()

    class GuardedH11(H11Protocol):
        _host = ""
        _counted = False
        _header_timer: asyncio.TimerHandle | None = None
        _waiting_cycle: object = None
        _bytes_since_armed = False

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._host = self.client[0] if self.client else ""
            open_connections[self._host] += 1
            self._counted = True
            if self._host not in exempt and open_connections[self._host] > per_client:
                event(log, "connection_refused", level=logging.WARNING,
                      reason="per_client_limit", limit=per_client)
                self._answer_and_close(429, "Too Many Requests", TOO_MANY_CONNECTIONS)
                return
            self._arm_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_header_timer()
            if self._counted:
                self._counted = False
                open_connections[self._host] -= 1
                if open_connections[self._host] <= 0:
                    del open_connections[self._host]
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            self._bytes_since_armed = True
            super().data_received(data)

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not self._waiting_cycle:  # a request's headers are complete
                self._cancel_header_timer()

        def on_response_complete(self) -> None:
            # the next request on a kept-alive connection gets the same header deadline
            if not self.transport.is_closing():
                self._arm_header_timer()
            super().on_response_complete()
            if self.cycle is not self._waiting_cycle:  # a pipelined request went ahead
                self._cancel_header_timer()

        # -- helpers ---------------------------------------------------------------------
        def _arm_header_timer(self) -> None:
            self._cancel_header_timer()
            self._waiting_cycle = self.cycle
            self._bytes_since_armed = False
            self._header_timer = self.loop.call_later(header_timeout, self._headers_too_slow)

        def _cancel_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self.transport.is_closing():
                return
            event(log, "header_timeout", level=logging.WARNING, partial=self._bytes_since_armed)
            if self._bytes_since_armed:
                self._answer_and_close(408, "Request Timeout", TOO_SLOW)
            else:
                self.transport.close()

        def _answer_and_close(self, status: int, reason: str, detail: str) -> None:
            self.transport.write(_raw_answer(status, reason, detail))
            self.transport.close()

    return GuardedH11
