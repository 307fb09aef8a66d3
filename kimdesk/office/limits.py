"""Protection at the door: body size cap, body read timeout, per-client rate limits.

:class:`Guard` is plain ASGI around the whole app. It reads the body itself (at most
``max_body`` bytes, each chunk within ``read_timeout``) before the app sees the request,
so an oversized or dribbling upload is answered 413 / 408 and never reaches a handler.
"""

import asyncio
import json
import threading
import time
from collections import OrderedDict
from typing import Any

Scope = dict[str, Any]


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
                 per_ip: TokenBucket | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.read_timeout = read_timeout
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
        while more:
            try:
                message = await asyncio.wait_for(receive(), self.read_timeout)
            except TimeoutError:
                await send_json(send, 408, "Die Anfrage kam zu langsam an.")
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
