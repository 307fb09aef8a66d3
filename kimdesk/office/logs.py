"""The office's own log: one JSON object a line on stderr (journald, container logs).

The laptop stays quiet (``kimdesk/__init__.py``): its records could carry case data. The
office is a server and must say what it did, by default. Every record is an *event* with
a few fields — methods, paths, status codes, device ids, counts, durations — and never a
payload, a name, an enrollment code or a client address. Tracebacks are reduced to the
exception's type: a database error's message may quote stored values.
"""

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

#: The loggers whose records reach the office log.
LOGGERS = ("kimdesk.office", "uvicorn.error")


def event(log: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log the event ``name`` with ``fields`` (each a plain value, never personal data)."""
    text = " ".join(f"{key}={value}" for key, value in fields.items())
    log.log(level, "%s %s", name, text, extra={"event": name, "fields": fields})


class JsonLines(logging.Formatter):
    """``{"time", "level", "logger", "event", …fields}``, or ``"message"`` for records that
    are not events (uvicorn's own start and stop lines)."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        name = getattr(record, "event", None)
        if name:
            data["event"] = name
            data.update(getattr(record, "fields", {}))
        else:
            data["message"] = record.getMessage()
        if record.exc_info and record.exc_info[0] is not None:
            data["error"] = record.exc_info[0].__name__  # the type only, no traceback
        return json.dumps(data, ensure_ascii=False, default=str)


def configure(level: str = "info", stream: IO[str] | None = None) -> None:
    """Send the office's records to ``stream`` (stderr) as JSON lines from now on."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
