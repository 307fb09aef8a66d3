"""Storing delivered items exactly once, and superseding older snapshots.

The client retries whatever it is unsure about; the item's client-made UUIDv7 is the
primary key here, so a retry finds its row and is answered ``duplicate``. A newer snapshot
with the same dedupe key (device + kind + period, or reconstruction id) becomes
``current``; the older one stays as history, pointing at its successor.
"""

import logging
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kimdesk.office.models import Device, ReceivedItem, utcnow
from kimdesk.sync.protocol.ids import is_uuid7, uuid7_millis
from kimdesk.sync.protocol.payloads import PayloadRejected, dedupe_key, validate_payload

log = logging.getLogger("kimdesk.office")


def ingest(engine: Engine, device_id: str, items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Store a batch; returns ``[{id, status: stored|duplicate|rejected, reason}]``."""
    results: dict[str, dict[str, str]] = {}
    accepted: list[tuple[str, str, dict[str, Any]]] = []
    for item in items:
        item_id, kind = item["id"], item["kind"]
        if not is_uuid7(item_id):
            results[item_id] = _rejected(item_id, "Die Kennung ist keine UUIDv7.")
            continue
        try:
            payload = validate_payload(kind, item["payload"])
        except PayloadRejected as exc:
            results[item_id] = _rejected(item_id, str(exc))
            continue
        if item_id in {a[0] for a in accepted}:
            results[item_id] = {"id": item_id, "status": "duplicate", "reason": ""}
            continue
        accepted.append((item_id, kind, payload))
    for attempt in range(3):
        try:
            results.update(_store(engine, device_id, accepted))
            break
        except IntegrityError:  # the same id arrived concurrently: look again
            if attempt == 2:
                raise
            log.info("concurrent duplicate, retrying batch")
    return _in_order(items, results)


def _in_order(items: list[dict[str, Any]], results: dict[str, dict[str, str]]
              ) -> list[dict[str, str]]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item["id"] not in seen:
            seen.add(item["id"])
            out.append(results[item["id"]])
    return out


def _rejected(item_id: str, reason: str) -> dict[str, str]:
    return {"id": item_id, "status": "rejected", "reason": reason}


def _store(engine: Engine, device_id: str, accepted: list[tuple[str, str, dict[str, Any]]]
           ) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    if not accepted:
        return out
    now = utcnow()
    with Session(engine) as s, s.begin():
        ids = [a[0] for a in accepted]
        existing = set(s.scalars(select(ReceivedItem.id).where(ReceivedItem.id.in_(ids))))
        for item_id, kind, payload in accepted:
            if item_id in existing:
                out[item_id] = {"id": item_id, "status": "duplicate", "reason": ""}
                continue
            row = ReceivedItem(id=item_id, device_id=device_id, kind=kind,
                               dedupe_key=dedupe_key(kind, payload), payload=payload,
                               created_ms=uuid7_millis(item_id), received_at=now,
                               current=True, superseded_by=None)
            _supersede(s, row)
            s.add(row)
            s.flush()
            out[item_id] = {"id": item_id, "status": "stored", "reason": ""}
        device = s.get(Device, device_id)
        if device is not None:
            device.last_seen_at = now
    return out


def _supersede(s: Session, row: ReceivedItem) -> None:
    current = s.scalars(select(ReceivedItem).where(
        ReceivedItem.device_id == row.device_id, ReceivedItem.dedupe_key == row.dedupe_key,
        ReceivedItem.current.is_(True))).first()
    if current is None:
        return
    if (row.created_ms, row.id) > (current.created_ms, current.id):
        current.current, current.superseded_by = False, row.id
    else:  # an older snapshot arrived late: keep it as history only
        row.current, row.superseded_by = False, current.id


def stats(engine: Engine) -> dict[str, Any]:
    with Session(engine) as s:
        devices = s.scalar(select(func.count()).select_from(Device)) or 0
        revoked = s.scalar(select(func.count()).select_from(Device)
                           .where(Device.revoked_at.is_not(None))) or 0
        rows = s.execute(select(ReceivedItem.kind, ReceivedItem.current, func.count())
                         .group_by(ReceivedItem.kind, ReceivedItem.current)).all()
    kinds: dict[str, dict[str, int]] = {}
    for kind, current, n in rows:
        entry = kinds.setdefault(kind, {"received": 0, "current": 0, "superseded": 0})
        entry["received"] += n
        entry["current" if current else "superseded"] += n
    return {"devices": {"total": devices, "revoked": revoked, "active": devices - revoked},
            "items": kinds, "items_total": sum(k["received"] for k in kinds.values())}
