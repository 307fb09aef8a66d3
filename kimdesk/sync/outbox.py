"""Queueing for the office: only allow-listed payloads reach the outbox.

``enqueue(session, kind, payload)`` checks the payload against the protocol
(:mod:`kimdesk.sync.protocol.payloads`) and adds the item to the caller's session through
the store's outbox repository (:mod:`kimdesk.store.outbox`), so the item commits or rolls
back together with whatever caused it.
"""

import hashlib
from typing import TYPE_CHECKING, Any

from kimdesk.core.errors import DomainError
from kimdesk.store import outbox as outbox_rows
from kimdesk.sync.protocol.ids import uuid7
from kimdesk.sync.protocol.payloads import (
    PayloadRejected,
    canonical_json,
    dedupe_key,
    validate_payload,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class OutboxRefusedError(DomainError):
    """The payload is not on the allow-list; ``str()`` says which field."""


def fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def enqueue(session: "Session", kind: str, payload: dict[str, Any],
            item_id: str | None = None) -> str:
    """Add an item to the caller's transaction; returns its UUIDv7."""
    try:
        checked = validate_payload(kind, payload)
    except PayloadRejected as exc:
        raise OutboxRefusedError(str(exc)) from exc
    return outbox_rows.add(session, item_id or uuid7(), kind, checked,
                           dedupe_key(kind, checked), fingerprint(checked))
