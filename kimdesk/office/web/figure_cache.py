"""The district figures as the workspace reads them: ``kimdesk.office.figures`` behind a
cache that lasts until something the figures depend on changes.

Composing reads and sums every device's release of a period (tens of kilobytes of JSON
each); the figures of a period change only when a laptop sends a release *of that period*
or the administration enrolls, revokes or moves a device. So a composition is kept under a
*version* of its period: the number of releases received for it (releases are only ever
added, a re-sent one included) and the devices' ids, teams and revocations — both read
without touching a payload. Pages then cost the rendering only, however often coordinators
look, and a laptop's new quarter recomputes that quarter and its year, not the trend.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kimdesk.core.periods import Period, PeriodError
from kimdesk.office import figures
from kimdesk.office.models import Device, ReceivedItem

T = TypeVar("T")


@dataclass(frozen=True)
class Versions:
    """Releases received per period and the devices' state, read at one moment."""

    releases: Mapping[str, int]
    devices: int

    def of(self, period: str | None) -> Hashable:
        items = (sum(self.releases.values()) if period is None
                 else self.releases.get(period, 0))
        return period, items, self.devices


class FigureCache:
    LIMIT = 512  # compositions kept

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def versions(self) -> Versions:
        """The version of every period at this moment, in two small queries (a page asks
        once, then composes as many periods as it shows)."""
        with Session(self.engine) as s:
            counts = dict(s.execute(select(ReceivedItem.dedupe_key, func.count())
                                    .where(ReceivedItem.kind == "aggregates")
                                    .group_by(ReceivedItem.dedupe_key)).all())
            devices = tuple(s.execute(select(Device.id, Device.team, Device.revoked_at)
                                      .order_by(Device.id)).all())
        return Versions({k.removeprefix("aggregates:"): n for k, n in counts.items()},
                        hash(devices))

    def version(self, period: str | None = None) -> Hashable:
        """Changes whenever a composition of ``period`` (of any period: ``None``) could: a
        new release, a device enrolled, revoked or moved to another team."""
        return self.versions().of(period)

    def _get(self, key: Hashable, make: Callable[[], T], version: Hashable | Versions | None,
             period: str | None = None) -> T:
        if isinstance(version, Versions):
            version = version.of(period)
        full = (version if version is not None else self.version(period), key)
        with self._lock:
            if full in self._kept:
                self._kept.move_to_end(full)
                return self._kept[full]
        value = make()  # FigureError passes through and is not kept
        with self._lock:
            self._kept[full] = value
            while len(self._kept) > self.LIMIT:
                self._kept.popitem(last=False)
        return value

    def compose(self, period: str, table: str, by: figures.Grouping = "district",
                version: Hashable | Versions | None = None) -> figures.Composition:
        return self._get(("compose", period, table, by),
                         lambda: figures.compose(self.engine, period, table, by), version,
                         period)

    def compose_all(self, period: str, by: figures.Grouping = "district",
                    version: Hashable | Versions | None = None
                    ) -> dict[str, figures.Composition]:
        return self._get(("all", period, by),
                         lambda: figures.compose_all(self.engine, period, by), version, period)

    def completeness(self, period: str, version: Hashable | Versions | None = None
                     ) -> figures.Completeness:
        return self._get(("done", period),
                         lambda: figures.completeness(self.engine, period), version, period)

    def periods(self, version: Hashable | Versions | None = None) -> list[Period]:
        """Periods with at least one release, newest first (a year after its fourth
        quarter), read from the items' keys only."""
        def make() -> list[Period]:
            with Session(self.engine) as s:
                keys = s.scalars(select(ReceivedItem.dedupe_key).distinct()
                                 .where(ReceivedItem.kind == "aggregates")).all()
            out = []
            for key in keys:
                try:
                    out.append(Period.parse(key.removeprefix("aggregates:")))
                except PeriodError:
                    continue
            return sorted(set(out), key=lambda p: (p.end, p.is_year), reverse=True)

        return self._get(("periods",), make, version)
