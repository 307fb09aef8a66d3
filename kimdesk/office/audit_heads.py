"""The heads of the devices' Verlauf: what the office saw, and what it notices.

Each accepted head is kept. A new head must extend the last accepted one: its anchors give
the link hash the device's log has *now* at numbers the office kept, and each must match.
A head below the last accepted one is a cut-off log; a differing anchor a rewritten one.
Both are kept as findings (never accepted as the new reference), logged, and answered, so
the device shows it too; a device that cannot prove its log extends the last head
(no anchor for it) is answered ``unverified`` and asked for that anchor.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kimdesk.office.logs import event
from kimdesk.office.models import AuditHeadRecord, Device, utcnow
from kimdesk.sync.protocol.audit_head import (
    OK,
    REWRITTEN,
    TRUNCATED,
    UNVERIFIED,
    AuditHead,
    AuditHeadAnswer,
    Status,
    head_signature_valid,
)

log = logging.getLogger("kimdesk.office.audit_heads")

FINDING_LABELS = {
    TRUNCATED: "Verlauf gekürzt",
    REWRITTEN: "Verlauf umgeschrieben",
    UNVERIFIED: "Verlauf nicht bestätigt",
}


class HeadRefused(Exception):
    """A head that is not even well-formed or not signed by the device; ``str()`` German."""


def _latest_ok(s: Session, device_id: str) -> AuditHeadRecord | None:
    return s.scalars(select(AuditHeadRecord).where(
        AuditHeadRecord.device_id == device_id, AuditHeadRecord.status == OK)
        .order_by(AuditHeadRecord.seq.desc(), AuditHeadRecord.id.desc()).limit(1)).first()


def receive(engine: Engine, device_id: str, head: AuditHead) -> AuditHeadAnswer:
    with Session(engine) as s, s.begin():
        device = s.get(Device, device_id)
        if device is None or not head_signature_valid(device.public_key, device_id, head):
            raise HeadRefused("Die Signatur des Verlaufskopfs passt nicht zum Gerät.")
        anchors = {a.seq: a.chain_hash for a in head.anchors}
        if anchors.get(head.seq, head.chain_hash) != head.chain_hash:
            raise HeadRefused("Der Verlaufskopf widerspricht sich selbst.")
        anchors[head.seq] = head.chain_hash
        kept = {r.seq: r.chain_hash for r in s.scalars(select(AuditHeadRecord).where(
            AuditHeadRecord.device_id == device_id, AuditHeadRecord.status == OK,
            AuditHeadRecord.seq.in_(list(anchors))))}
        differing = sorted(seq for seq, h in anchors.items() if seq in kept and kept[seq] != h)
        latest = _latest_ok(s, device_id)
        want: list[int] = []
        status: Status
        if differing:
            status = REWRITTEN
        elif latest is not None and head.seq < latest.seq:
            status = TRUNCATED
        elif latest is not None and latest.seq not in anchors:
            status, want = UNVERIFIED, [latest.seq]
        else:
            status = OK
        _keep(s, device_id, head, status, differing[0] if differing else None)
        known = head.seq if status == OK else (latest.seq if latest else 0)
    level = logging.INFO if status == OK else logging.WARNING
    event(log, "audit_head", level, device=device_id, seq=head.seq, status=status)
    return AuditHeadAnswer(status=status, known_seq=known, want=want)


def _keep(s: Session, device_id: str, head: AuditHead, status: str,
          broken_seq: int | None) -> None:
    """One row per distinct (status, seq, hash) and device; a repeat only refreshes it."""
    row = s.scalars(select(AuditHeadRecord).where(
        AuditHeadRecord.device_id == device_id, AuditHeadRecord.status == status,
        AuditHeadRecord.seq == head.seq, AuditHeadRecord.chain_hash == head.chain_hash)
        .limit(1)).first()
    if row is not None:
        row.last_seen_at = utcnow()
        return
    s.add(AuditHeadRecord(device_id=device_id, seq=head.seq, chain_hash=head.chain_hash,
                          signature=head.signature, status=status, broken_seq=broken_seq))


@dataclass(frozen=True)
class DeviceChain:
    """Per device: the last accepted head and the findings since."""

    device_id: str
    device_name: str
    accepted_seq: int | None
    accepted_at: datetime | None
    findings: tuple[tuple[str, int, datetime], ...]  # (German label, seq, last seen)

    @property
    def sound(self) -> bool:
        return not any(label != FINDING_LABELS[UNVERIFIED] for label, _, _ in self.findings)


def overview(engine: Engine) -> list[DeviceChain]:
    """What the office knows about every device's Verlauf."""
    out = []
    with Session(engine) as s:
        for device in s.scalars(select(Device).order_by(Device.name)):
            latest = _latest_ok(s, device.id)
            since = latest.received_at if latest else datetime.min
            findings = tuple(
                (FINDING_LABELS[r.status], r.seq, r.last_seen_at)
                for r in s.scalars(select(AuditHeadRecord).where(
                    AuditHeadRecord.device_id == device.id, AuditHeadRecord.status != OK,
                    AuditHeadRecord.last_seen_at >= since)
                    .order_by(AuditHeadRecord.id)))
            out.append(DeviceChain(device.id, device.name, latest.seq if latest else None,
                                   latest.received_at if latest else None, findings))
    return out
