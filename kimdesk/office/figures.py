"""District figures composed from the laptops' releases — the Python API the coordinators'
workspace calls directly (the JSON API in ``kimdesk.office.figures_api`` wraps it).

Contract (stable; ``API_VERSION``):

* ``catalogue() -> list[TableInfo]`` — every table with German title, unit, dimensions
  (with labels and multi-response flags), in catalogue order.
* ``periods(engine) -> list[PeriodInfo]`` — periods with at least one release, newest
  first, each with its completeness.
* ``completeness(engine, period) -> Completeness`` — how many devices reported, e.g.
  ``"9 von 12 Geräten haben 3. Quartal 2026 gemeldet"``.
* ``compose(engine, period, table, by="district"|"team"|"municipality", *,
  per_device=False) -> Composition`` — the table summed over the devices' latest releases:
  ``rows`` of ``Cell(group, key, labels, value, devices, bound, typical)``, with
  ``completeness``, the ``method`` note and the error bound.  ``value`` is ``None`` only
  where a group must not be shown (a team with fewer than ``MIN_DEVICES_PER_GROUP``
  reporting devices) — never a fake zero.  ``by="device"`` exists only when the district
  turned per-device figures on (``per_device=True``; see below).
* ``compose_all(engine, period, by=...) -> dict[table_id, Composition]`` — all tables of a
  period in one pass (what the Übersicht needs).

Errors are :class:`FigureError` with one German sentence (unknown period or table, a
grouping the table does not have, per-device figures not enabled).

What is composed: per device and period the *current* release (a re-sent release replaces
the earlier one; ``kimdesk.office.ingest`` keeps the older one as history only), of format
``kimdesk.aggregates/2``.  Each published cell is the device's true count plus a small
deviation (cell key method), so a sum over ``n`` devices deviates by at most ``n × D`` and
typically by about ``√(k × V)`` (``k`` devices with a non-zero value; ``D``, ``V`` of the
table's perturbation table).

**No figure per device or per case manager by default.**  A store is one case manager's
caseload; figures per device would monitor the workload of individual employees, which
needs the staff council's consent (co-determination, § 87 Abs. 1 Nr. 6 BetrVG / the
LPVG NRW's equivalent for municipal staff).  So the office composes district, team and
municipality figures only, withholds teams with fewer than three reporting devices (their
sum would be nearly a person's), and shows per-device figures only when a district that
has that consent starts the office with ``--figures-per-device``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import product
from typing import Any, Literal, get_args

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kimdesk.core.periods import Period, PeriodError
from kimdesk.office.models import Device, ReceivedItem
from kimdesk.sync.protocol import aggregates as wire
from kimdesk.sync.protocol import figure_tables as ft

API_VERSION = 1
PERTURBATION_NOTE = ft.PERTURBATION_NOTE
Grouping = Literal["district", "team", "municipality", "device"]
GROUPINGS: tuple[str, ...] = ("district", "team", "municipality")
#: A team's figures are shown only when at least this many of its devices reported.
MIN_DEVICES_PER_GROUP = 3
NO_TEAM = "none"
PER_DEVICE_REFUSED = ("Kennzahlen je Gerät (je Case Manager*in) sind abgeschaltet: eine "
                      "Auswertung einzelner Beschäftigter braucht die Zustimmung des "
                      "Personalrats. Ein Kreis mit dieser Zustimmung startet das Kreisbüro mit "
                      "--figures-per-device.")


class FigureError(ValueError):
    """A request for figures that cannot be answered; ``str()`` is a German sentence."""


def grouping(text: str) -> Grouping:
    """A grouping from a request (``district``, ``team``, ``municipality``, ``device``)."""
    for known in get_args(Grouping):
        if text == known:
            return known
    raise FigureError(f"Unbekannte Gliederung „{str(text)[:20]}“ (Kreis, Team oder Kommune).")


# -- the catalogue --------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionInfo:
    id: str
    label: str
    multi_response: bool


@dataclass(frozen=True)
class TableInfo:
    id: str
    title: str
    unit: str
    dimensions: tuple[DimensionInfo, ...]
    strict: tuple[str, ...]  # dimensions whose cells use the strict perturbation table
    D: int  # noqa: N815 - the literature's names; the largest of the table's cells
    V: float  # noqa: N815

    @property
    def has_municipality(self) -> bool:
        return any(d.id == "municipality" for d in self.dimensions)


@lru_cache(maxsize=1)
def _catalogue() -> tuple[TableInfo, ...]:
    out = []
    for spec in ft.TABLES:
        d = max(wire.PTABLES[name][0] for name in spec.ptables)
        v = max(wire.PTABLES[name][1] for name in spec.ptables)
        dims = tuple(DimensionInfo(dim, ft.DIMENSION_LABELS.get(dim, dim),
                                   dim in spec.multi_response) for dim in spec.dimensions)
        out.append(TableInfo(spec.id, spec.title, spec.unit, dims, spec.strict, d, v))
    return tuple(out)


def catalogue() -> list[TableInfo]:
    """Every table of the catalogue, in order."""
    return list(_catalogue())


def table_info(table_id: str) -> TableInfo:
    for info in _catalogue():
        if info.id == table_id:
            return info
    raise FigureError(f"Die Tabelle „{table_id[:40]}“ gibt es nicht.")


def category_label(dimension: str, category: str, district_id: str = "") -> str:
    return ft.category_label(dimension, category, district_id)


# -- what the devices reported ---------------------------------------------------------------


@dataclass(frozen=True)
class _Release:
    item_id: str
    device_id: str
    team_id: str | None
    schema: str


def _period(label: str) -> Period:
    try:
        return Period.parse(label)
    except PeriodError as exc:
        raise FigureError(str(exc)) from None


def _current(session: Session, period: str | None = None) -> list[tuple[str, _Release]]:
    """``(period label, release)`` of every current aggregates item (payloads not read)."""
    query = (select(ReceivedItem.id, ReceivedItem.device_id, ReceivedItem.dedupe_key,
                    ReceivedItem.payload["schema"].as_string(),
                    ReceivedItem.payload["team_id"].as_string(), Device.team)
             .outerjoin(Device, Device.id == ReceivedItem.device_id)
             .where(ReceivedItem.kind == "aggregates", ReceivedItem.current.is_(True)))
    if period is not None:
        query = query.where(ReceivedItem.dedupe_key == f"aggregates:{period}")
    out = []
    for item_id, device_id, key, schema, team, device_team in session.execute(query):
        # the team chosen on the laptop; for a store without one, the team the office's
        # administration gave the device (Geräte page)
        out.append((key.removeprefix("aggregates:"),
                    _Release(item_id, device_id, team or device_team or None, schema or "")))
    return out


def _devices(session: Session) -> dict[str, Device]:
    return {d.id: d for d in session.scalars(select(Device))}


@dataclass(frozen=True)
class Completeness:
    """Who reported a period: the sentence is for the screen."""

    period: str
    display: str
    reported: int  # devices with a current release of format /2
    expected: int  # active devices plus revoked ones that reported
    outdated: int  # devices whose only release is of the old format /1
    teams: Mapping[str, int] = field(default_factory=dict)  # team id → reporting devices

    @property
    def sentence(self) -> str:
        text = (f"{self.reported} von {self.expected} "
                f"{'Gerät hat' if self.expected == 1 else 'Geräten haben'} "
                f"{self.display} gemeldet")
        if self.outdated:
            text += (f"; {self.outdated} {'sendet' if self.outdated == 1 else 'senden'} noch "
                     "das alte Format (KIMdesk aktualisieren)")
        return text + "."

    @property
    def complete(self) -> bool:
        return self.reported == self.expected


def _completeness(period: Period, releases: Iterable[_Release],
                  devices: Mapping[str, Device]) -> Completeness:
    reported = {r.device_id: r for r in releases if r.schema == wire.SCHEMA}
    outdated = {r.device_id for r in releases if r.schema != wire.SCHEMA} - set(reported)
    active = {d.id for d in devices.values() if d.revoked_at is None}
    teams: dict[str, int] = defaultdict(int)
    for r in reported.values():
        teams[r.team_id or NO_TEAM] += 1
    return Completeness(period.label, period.display, len(reported),
                        len(active | set(reported) | outdated), len(outdated), dict(teams))


def completeness(engine: Engine, period: str) -> Completeness:
    """How many devices reported ``period`` (``2026-Q3`` or ``2026``)."""
    p = _period(period)
    with Session(engine) as s:
        releases = [r for _, r in _current(s, p.label)]
        return _completeness(p, releases, _devices(s))


@dataclass(frozen=True)
class PeriodInfo:
    label: str
    display: str
    is_year: bool
    completeness: Completeness


def periods(engine: Engine) -> list[PeriodInfo]:
    """Periods with at least one release, newest first (a year after its fourth quarter)."""
    with Session(engine) as s:
        by_period: dict[str, list[_Release]] = defaultdict(list)
        for label, release in _current(s):
            by_period[label].append(release)
        devices = _devices(s)
    out = []
    for label, releases in by_period.items():
        try:
            p = Period.parse(label)
        except PeriodError:
            continue
        out.append(PeriodInfo(p.label, p.display, p.is_year,
                              _completeness(p, releases, devices)))
    out.sort(key=lambda info: (Period.parse(info.label).end, info.is_year), reverse=True)
    return out


# -- composing --------------------------------------------------------------------------------

Key = tuple[str, ...]


@dataclass(frozen=True)
class _Cells:
    """One release's tables: table id → (categories per dimension, {key: value})."""

    district_id: str
    tables: Mapping[str, tuple[Mapping[str, tuple[str, ...]], Mapping[Key, int]]]


_PARSED: dict[str, _Cells] = {}
_PARSED_LIMIT = 4096  # releases kept parsed (an item's payload never changes)


def _parse(payload: Mapping[str, Any]) -> _Cells:
    tables = {}
    for table in payload["tables"]:
        cats = {d: tuple(c) for d, c in table["categories"].items()}
        tables[table["id"]] = (cats, {tuple(c[:-1]): c[-1] for c in table["cells"]})
    return _Cells(payload["district_id"], tables)


def _load(session: Session, releases: list[_Release]) -> dict[str, _Cells]:
    """The parsed tables of each release; parsed once per item id and kept (another
    thread may clear the cache meanwhile, so the answer is built from local references)."""
    out = {r.item_id: _PARSED.get(r.item_id) for r in releases}
    missing = [item_id for item_id, cells in out.items() if cells is None]
    if missing:
        if len(_PARSED) + len(missing) > _PARSED_LIMIT:
            _PARSED.clear()
        for item_id, payload in session.execute(
                select(ReceivedItem.id, ReceivedItem.payload)
                .where(ReceivedItem.id.in_(missing))):
            out[item_id] = _PARSED[item_id] = _parse(payload)
    return {item_id: cells for item_id, cells in out.items() if cells is not None}


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    devices: int  # devices that reported in this group
    shown: bool  # False: fewer than MIN_DEVICES_PER_GROUP devices, values withheld


@dataclass(frozen=True)
class Cell:
    """One composed cell.  ``key`` has one category per dimension (``*`` = total)."""

    group: str
    key: Key
    labels: tuple[str, ...]
    value: int | None  # None: withheld (group too small), never a zero stand-in
    devices: int  # releases summed
    bound: int  # |published − true| <= bound (devices × D)
    typical: float  # about one standard deviation: √(devices with a value > 0 × V)


@dataclass(frozen=True)
class Composition:
    table: TableInfo
    period: str
    display: str
    by: str
    district_id: str
    groups: tuple[Group, ...]
    categories: Mapping[str, tuple[str, ...]]
    rows: tuple[Cell, ...]
    completeness: Completeness
    note: str = PERTURBATION_NOTE

    @property
    def error_note(self) -> str:
        """The error bound in German, for the whole table."""
        worst = max((c.bound for c in self.rows if c.value is not None), default=0)
        typical = max((c.typical for c in self.rows if c.value is not None), default=0.0)
        return (f"Jeder Wert weicht höchstens um {worst} vom wahren Wert ab, meist um nicht "
                f"mehr als {typical:.0f} (je Gerät höchstens ±{self.table.D}).")

    def value(self, key: Key, group: str | None = None) -> int | None:
        group = group or (self.groups[0].id if self.groups else "district")
        for cell in self.rows:
            if cell.group == group and cell.key == key:
                return cell.value
        raise KeyError(key)


def _group_of(by: str, release: _Release) -> str:
    if by == "team":
        return release.team_id or NO_TEAM
    if by == "device":
        return release.device_id
    return "district"


def _withheld_together(groups: list[Group]) -> list[Group]:
    """Secondary withholding: the district total minus the teams shown is the sum of the
    withheld ones, so the withheld teams together must count no device or at least
    ``MIN_DEVICES_PER_GROUP``; otherwise the shown team with the fewest devices is withheld
    too (and so on)."""
    out = list(groups)
    while 0 < sum(g.devices for g in out if not g.shown) < MIN_DEVICES_PER_GROUP:
        shown = [g for g in out if g.shown]
        if not shown:
            break
        smallest = min(shown, key=lambda g: (g.devices, g.id))
        out = [replace(g, shown=False) if g is smallest else g for g in out]
    return out


def _compose_table(info: TableInfo, by: str, district_id: str, releases: list[_Release],
                   cells: Mapping[str, _Cells], devices: Mapping[str, Device],
                   done: Completeness, period: Period) -> Composition:
    dims = [d.id for d in info.dimensions]
    cats = {d: ft.categories(d, district_id) for d in dims}
    members: dict[str, list[_Release]] = defaultdict(list)
    for r in releases:
        members[_group_of(by, r)].append(r)
    if by == "team":
        team_names = dict(ft.teams(district_id))
        order = [*team_names, NO_TEAM]
        labels = {**team_names, NO_TEAM: "ohne Teamangabe"}
        group_ids = [g for g in order if g in members or g in team_names]
    elif by == "device":
        group_ids = sorted(members)
        labels = {g: devices[g].name if g in devices else g for g in group_ids}
    else:
        group_ids, labels = ["district"], {"district": "Kreis"}
    groups = []
    for g in group_ids:
        n = len(members.get(g, []))
        shown = by != "team" or n >= MIN_DEVICES_PER_GROUP
        groups.append(Group(g, labels.get(g, g), n, shown))
    if by == "team":
        groups = _withheld_together(groups)
    keys = list(product(*((*cats[d], ft.TOTAL) for d in dims)))
    if by == "municipality":
        keys = [k for k in keys if k[dims.index("municipality")] != ft.TOTAL] + \
               [k for k in keys if k[dims.index("municipality")] == ft.TOTAL]
    spec = ft.SPECS[info.id]
    params = {key: wire.PTABLES[spec.ptable_of(key)] for key in keys}
    rows = []
    for group in groups:
        sums: dict[Key, int] = defaultdict(int)
        nonzero: dict[Key, int] = defaultdict(int)
        for r in members.get(group.id, []):
            release = cells.get(r.item_id)
            table = release.tables.get(info.id) if release else None
            if table is None:
                continue
            for key, value in table[1].items():
                sums[key] += value
                nonzero[key] += value > 0
        n = group.devices
        for key in keys:
            label = tuple(ft.category_label(d, c, district_id) for d, c in zip(dims, key,
                                                                                strict=True))
            d, v, _js = params[key]
            rows.append(Cell(group.id, key, label, sums.get(key, 0) if group.shown else None,
                             n, n * d, round(math.sqrt(nonzero.get(key, 0) * v), 1)))
    return Composition(info, period.label, period.display, by, district_id, tuple(groups),
                       cats, tuple(rows), done)


def _prepare(engine: Engine, period: str, by: str, per_device: bool
             ) -> tuple[Period, list[_Release], dict[str, _Cells], dict[str, Device],
                        Completeness, str]:
    if by not in (*GROUPINGS, "device"):
        raise FigureError(f"Unbekannte Gliederung „{str(by)[:20]}“ (Kreis, Team oder Kommune).")
    if by == "device" and not per_device:
        raise FigureError(PER_DEVICE_REFUSED)
    p = _period(period)
    with Session(engine) as s:
        current = [r for _, r in _current(s, p.label)]
        devices = _devices(s)
        releases = [r for r in current if r.schema == wire.SCHEMA]
        cells = _load(s, releases)
    done = _completeness(p, current, devices)
    districts = {c.district_id for c in cells.values()}
    if len(districts) > 1:
        raise FigureError("Die Meldungen stammen aus mehreren Kreisen; das Kreisbüro setzt "
                          "nur die Kennzahlen eines Kreises zusammen.")
    district_id = next(iter(districts), "")
    return p, releases, cells, devices, done, district_id


def compose(engine: Engine, period: str, table: str, by: Grouping = "district", *,
            per_device: bool = False) -> Composition:
    """One table of ``period`` summed over the devices' current releases (see the module
    docstring for the contract)."""
    info = table_info(table)
    if by == "municipality" and not info.has_municipality:
        raise FigureError(f"Die Tabelle „{info.title}“ ist nicht nach Kommunen gegliedert.")
    p, releases, cells, devices, done, district_id = _prepare(engine, period, by, per_device)
    if not district_id:
        raise FigureError(f"Für {p.display} liegen noch keine Kennzahlen vor.")
    return _compose_table(info, by, district_id, releases, cells, devices, done, p)


def compose_all(engine: Engine, period: str, by: Grouping = "district", *,
                per_device: bool = False) -> dict[str, Composition]:
    """Every table of ``period`` in one pass (tables without the grouping are left out)."""
    p, releases, cells, devices, done, district_id = _prepare(engine, period, by, per_device)
    if not district_id:
        raise FigureError(f"Für {p.display} liegen noch keine Kennzahlen vor.")
    return {info.id: _compose_table(info, by, district_id, releases, cells, devices, done, p)
            for info in _catalogue() if by != "municipality" or info.has_municipality}


__all__ = [
    "API_VERSION", "GROUPINGS", "MIN_DEVICES_PER_GROUP", "PERTURBATION_NOTE", "Cell",
    "Completeness", "Composition", "DimensionInfo", "FigureError", "Group", "PeriodInfo",
    "TableInfo", "catalogue", "category_label", "completeness", "compose", "compose_all",
    "periods", "table_info",
]
