"""The outbox table as a repository: rows in, rows out, inside the caller's session.

Every function takes the caller's session, so an item commits or rolls back together with
whatever caused it. What may be written is decided above (``kimdesk.sync.outbox`` checks
the allow-list); here are only the states: queued → sending → delivered, or rejected with
a German reason.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kimdesk.store.models.base import utcnow
from kimdesk.store.models.sync import DELIVERED, QUEUED, REJECTED, SENDING, OutboxItem

PENDING = (QUEUED, SENDING)


def add(session: Session, item_id: str, kind: str, payload: dict[str, Any], dedupe_key: str,
        fingerprint: str) -> str:
    """A new queued item in the caller's transaction; returns its id."""
    session.add(OutboxItem(id=item_id, kind=kind, payload=payload, state=QUEUED, reason="",
                           dedupe_key=dedupe_key, fingerprint=fingerprint, attempts=0))
    return item_id


def queued_keys(session: Session, kind: str, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` already have an item of ``kind`` — in any state."""
    wanted = list(keys)
    if not wanted:
        return set()
    return set(session.scalars(select(OutboxItem.dedupe_key).where(OutboxItem.kind == kind)
                               .where(OutboxItem.dedupe_key.in_(wanted))))


#: The aggregates format of cell suppression, retired by the cell key method.
OLD_AGGREGATES = "kimdesk.aggregates/1"


def drop_old_aggregates(session: Session) -> int:
    """Remove aggregates of the old format that never reached the office (queued or
    rejected), so their periods are built anew with cell keys.  Items that are being sent
    or were delivered stay: no period is sent in both methods."""
    rows = session.execute(select(OutboxItem.id, OutboxItem.payload)
                           .where(OutboxItem.kind == "aggregates")
                           .where(OutboxItem.state.in_((QUEUED, REJECTED)))).all()
    old = [item_id for item_id, payload in rows
           if isinstance(payload, dict) and payload.get("schema") == OLD_AGGREGATES]
    for item_id in old:
        session.delete(session.get(OutboxItem, item_id))
    return len(old)


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


def is_pending(session: Session, item_id: str) -> bool:
    """Queued or being sent, not yet delivered."""
    return session.scalar(select(OutboxItem.id).where(OutboxItem.id == item_id,
                                                      OutboxItem.state.in_(PENDING))) \
        is not None
