"""How ``kimdesk-office serve`` runs the app under uvicorn: timeouts, connection limits,
forwarded-header trust and logging, decided in one place.

uvicorn's defaults suit a server behind a proxy on the same host; the office is often
reached directly in a district intranet, so: forwarded headers are trusted only from the
proxies named with ``--forwarded-allow-ips`` (uvicorn would trust 127.0.0.1 by default,
letting any local client choose its address per request), request headers must arrive
within ``header_timeout``, a body within ``request_timeout``, and one address may hold at
most ``per_client`` connections.
"""

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kimdesk.office import logs
from kimdesk.office.limits import TrustedProxies, guarded_h11

log = logging.getLogger("kimdesk.office")


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8765
    certfile: Path | None = None
    keyfile: Path | None = None
    log_level: str = "info"
    forwarded_allow_ips: str = ""  # none: X-Forwarded-For is ignored
    header_timeout: float = 10.0
    keep_alive: int = 5
    per_client: int = 16  # open connections per client address
    max_connections: int = 512  # beyond this, uvicorn answers 503


def run(app: Any, options: ServeOptions) -> None:
    """Serve ``app`` until stopped, logging JSON lines to stderr."""
    import uvicorn

    logs.configure(options.log_level)
    trusted = TrustedProxies(options.forwarded_allow_ips)
    logs.event(log, "started", host=options.host, port=options.port,
               tls=bool(options.certfile), trusted_proxies=trusted.spec or None,
               header_timeout=options.header_timeout, per_client=options.per_client,
               max_connections=options.max_connections)
    uvicorn.run(
        app, host=options.host, port=options.port, log_level=options.log_level.lower(),
        log_config=None,  # our JSON handlers, configured above
        access_log=False,  # our own access log, without client addresses
        http=guarded_h11(options.header_timeout, options.per_client, trusted),
        proxy_headers=bool(trusted), forwarded_allow_ips=trusted.spec or "",
        timeout_keep_alive=options.keep_alive, limit_concurrency=options.max_connections,
        ssl_certfile=str(options.certfile) if options.certfile else None,
        ssl_keyfile=str(options.keyfile) if options.keyfile else None,
        server_header=False)
    logs.event(log, "stopped")
