"""What the workspace shows about each device: contact, version, periods, directory."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kimdesk.core.periods import Period, PeriodError
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

    @property
    def periods_text(self) -> str:
        return period_summary(self.periods)


def period_summary(labels: Iterable[str]) -> str:
    """The periods a device reported in German words: its quarters as one range from the
    first to the last (naming the few missing ones) or, when most are missing, one by one;
    then its years. Nine labels like "2026-Q3" read as "4. Quartal 2024 bis 3. Quartal 2026
    (ohne 1. Quartal 2025); Jahre 2024, 2025"."""
    periods = set()
    for label in labels:
        try:
            periods.add(Period.parse(label))
        except PeriodError:
            continue
    quarters = sorted((p for p in periods if not p.is_year), key=lambda p: p.end)
    years = sorted(p.year for p in periods if p.is_year)
    parts = []
    if quarters:
        span = [quarters[-1]]
        while span[-1] != quarters[0]:
            span.append(span[-1].previous())
        missing = [p for p in reversed(span) if p not in periods]
        if len(quarters) == 1:
            parts.append(quarters[0].display)
        elif len(missing) < len(quarters):
            text = f"{quarters[0].display} bis {quarters[-1].display}"
            if missing:
                text += f" (ohne {', '.join(p.display for p in missing)})"
            parts.append(text)
        else:
            parts.append(", ".join(p.display for p in quarters))
    if years:
        parts.append(("Jahr " if len(years) == 1 else "Jahre ") + ", ".join(map(str, years)))
    return "; ".join(parts) or "noch keine"


def devices(engine: Engine) -> list[DeviceRow]:
    with Session(engine) as s:
        rows = list(s.scalars(select(Device).order_by(Device.name, Device.enrolled_at)))
        # every key a device sent has exactly one current item: the distinct keys are the
        # current ones, read without the columns stored after the (large) payload
        periods: dict[str, set[str]] = {}
        for device_id, key in s.execute(
                select(ReceivedItem.device_id, ReceivedItem.dedupe_key).distinct()
                .where(ReceivedItem.kind == "aggregates")):
            periods.setdefault(device_id, set()).add(key.split(":", 1)[1])
        recs = dict(s.execute(select(ReceivedItem.device_id,
                                     func.count(func.distinct(ReceivedItem.dedupe_key)))
                              .where(ReceivedItem.kind == "reconstruction")
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


def registered(engine: Engine) -> list[Device]:
    """Every enrolled device (revoked ones included), by name."""
    with Session(engine) as s:
        return list(s.scalars(select(Device).order_by(Device.name, Device.enrolled_at)))


def reported(engine: Engine, period: str) -> set[str]:
    """Ids of the devices that sent figures for ``period``."""
    with Session(engine) as s:
        return set(s.scalars(select(ReceivedItem.device_id).distinct()
                             .where(ReceivedItem.kind == "aggregates",
                                    ReceivedItem.dedupe_key == f"aggregates:{period}")))


def set_team(engine: Engine, device_id: str, team: str | None) -> bool:
    with Session(engine) as s, s.begin():
        device = s.get(Device, device_id)
        if device is None:
            return False
        device.team = team
        return True
