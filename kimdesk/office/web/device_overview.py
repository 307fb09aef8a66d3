"""What the workspace shows about each device: contact, version, periods, directory."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kimdesk.office.models import Device, ReceivedItem
from kimdesk.office.web.models import DirectoryVersion


@dataclass(frozen=True)
class DeviceRow:
    id: str
    name: str
    team: str
    enrolled_at: datetime
    revoked: bool
    last_seen_at: datetime | None
    app_version: str | None
    periods: tuple[str, ...]
    reconstructions: int
    directory_version: int | None  # the newest published directory version it has applied


def devices(engine: Engine) -> list[DeviceRow]:
    with Session(engine) as s:
        rows = list(s.scalars(select(Device).order_by(Device.name, Device.enrolled_at)))
        periods: dict[str, set[str]] = {}
        for device_id, key in s.execute(
                select(ReceivedItem.device_id, ReceivedItem.dedupe_key)
                .where(ReceivedItem.kind == "aggregates", ReceivedItem.current.is_(True))):
            periods.setdefault(device_id, set()).add(key.split(":", 1)[1])
        recs = dict(s.execute(select(ReceivedItem.device_id, func.count())
                              .where(ReceivedItem.kind == "reconstruction",
                                     ReceivedItem.current.is_(True))
                              .group_by(ReceivedItem.device_id)).all())
        versions = list(s.execute(select(DirectoryVersion.version, DirectoryVersion.last_seq)
                                  .order_by(DirectoryVersion.version)).all())
    out = []
    for d in rows:
        have = None
        if d.pull_cursor is not None:
            for version, last_seq in versions:
                if d.pull_cursor >= last_seq:
                    have = version
        out.append(DeviceRow(d.id, d.name, d.team or "", d.enrolled_at, d.revoked_at is not None,
                             d.last_seen_at, d.app_version,
                             tuple(sorted(periods.get(d.id, ()), reverse=True)),
                             recs.get(d.id, 0), have))
    return out


def reporting_devices(engine: Engine, period: str) -> tuple[int, int]:
    """(devices that sent figures for ``period``, active devices)."""
    with Session(engine) as s:
        active = s.scalar(select(func.count()).select_from(Device)
                          .where(Device.revoked_at.is_(None))) or 0
        sent = s.scalar(select(func.count(func.distinct(ReceivedItem.device_id)))
                        .where(ReceivedItem.kind == "aggregates",
                               ReceivedItem.current.is_(True),
                               ReceivedItem.dedupe_key == f"aggregates:{period}")) or 0
    return sent, active


def set_team(engine: Engine, device_id: str, team: str | None) -> bool:
    with Session(engine) as s, s.begin():
        device = s.get(Device, device_id)
        if device is None:
            return False
        device.team = team
        return True
