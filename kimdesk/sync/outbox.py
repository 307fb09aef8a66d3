"""The outbox: what may leave the laptop, written in the same transaction as its cause.

``enqueue(session, kind, payload)`` takes the caller's session and only adds a row, so the
item commits or rolls back together with whatever caused it. Only allow-listed kinds and
fields pass (:mod:`kimdesk.sync.protocol.payloads`). States: queued → sending → delivered,
or rejected with a German reason.
"""

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kimdesk.core.errors import DomainError
from kimdesk.store.models.base import utcnow
from kimdesk.store.models.sync import (
    DELIVERED,
    QUEUED,
    REJECTED,
    SENDING,
    OutboxItem,
)
from kimdesk.sync.protocol.ids import uuid7
from kimdesk.sync.protocol.payloads import (
    PayloadRejected,
    canonical_json,
    dedupe_key,
    validate_payload,
)

PENDING = (QUEUED, SENDING)


class OutboxRefusedError(DomainError):
    """The payload is not on the allow-list; ``str()`` says which field."""


def fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def enqueue(session: Session, kind: str, payload: dict[str, Any],
            item_id: str | None = None) -> str:
    """Add an item to the caller's transaction; returns its UUIDv7."""
    try:
        checked = validate_payload(kind, payload)
    except PayloadRejected as exc:
        raise OutboxRefusedError(str(exc)) from exc
    item = OutboxItem(id=item_id or uuid7(), kind=kind, payload=checked, state=QUEUED,
                      reason="", dedupe_key=dedupe_key(kind, checked),
                      fingerprint=fingerprint(checked), attempts=0)
    session.add(item)
    return item.id


def pending_batch(session: Session, limit: int) -> list[OutboxItem]:
    """The oldest undelivered items (``sending`` ones first: their fate is unknown)."""
    return list(session.scalars(
        select(OutboxItem).where(OutboxItem.state.in_(PENDING))
        .order_by(OutboxItem.state.desc(), OutboxItem.id).limit(limit)))


def mark_sending(session: Session, ids: list[str]) -> None:
    session.execute(update(OutboxItem).where(OutboxItem.id.in_(ids))
                    .values(state=SENDING, attempts=OutboxItem.attempts + 1,
                            updated_at=utcnow()))


def requeue(session: Session, ids: list[str]) -> None:
    """Back to ``queued``: the office refused the request, so it certainly stored nothing."""
    session.execute(update(OutboxItem).where(OutboxItem.id.in_(ids))
                    .where(OutboxItem.state == SENDING)
                    .values(state=QUEUED, updated_at=utcnow()))


def record_results(session: Session, results: dict[str, tuple[str, str]],
                   now: datetime | None = None) -> tuple[int, int]:
    """Apply the office's answer: ``{id: (status, reason)}``; returns (delivered, rejected)."""
    now = now or utcnow()
    delivered = [i for i, (status, _) in results.items() if status in ("stored", "duplicate")]
    if delivered:
        session.execute(update(OutboxItem).where(OutboxItem.id.in_(delivered))
                        .where(OutboxItem.state.in_(PENDING))
                        .values(state=DELIVERED, delivered_at=now, updated_at=now, reason=""))
    rejected = 0
    for item_id, (status, reason) in results.items():
        if status == "rejected":
            rejected += 1
            session.execute(update(OutboxItem).where(OutboxItem.id == item_id)
                            .values(state=REJECTED, updated_at=now,
                                    reason=reason or "Vom Kreisbüro abgelehnt."))
    return len(delivered), rejected


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state))
    out = {state: 0 for state in (QUEUED, SENDING, DELIVERED, REJECTED)}
    out.update({state: n for state, n in rows})
    return out


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxItem)
                          .where(OutboxItem.state.in_(PENDING))) or 0


def rejected_items(session: Session, limit: int = 20) -> list[OutboxItem]:
    return list(session.scalars(select(OutboxItem).where(OutboxItem.state == REJECTED)
                                .order_by(OutboxItem.updated_at.desc()).limit(limit)))
