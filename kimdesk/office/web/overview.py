"""The Übersicht: the latest complete quarter at a glance, from the district figures.

Cases by case type and team, new and closed cases, life areas, referrals and their outcome,
gap reports by category and legal system, the trend over the last eight quarters, which
devices reported, and the caseload per full-time position against the district's
Fallzahlschlüssel. Everything comes from ``kimdesk.office.figures`` (perturbed sums of the
laptops' releases); nothing here counts cases itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kimdesk.core.periods import Period
from kimdesk.office import figures
from kimdesk.office.web import device_overview
from kimdesk.office.web.district import DistrictSettings
from kimdesk.office.web.district import load as load_district
from kimdesk.office.web.figure_cache import FigureCache, Versions
from kimdesk.office.web.pivot import Pivot, first_level, pivot
from kimdesk.sync.protocol.figure_tables import TOTAL

TREND_QUARTERS = 8


@dataclass(frozen=True)
class Figure:
    """One headline number with its error bound (``None``: nobody reported it)."""

    label: str
    value: int | None
    bound: int
    hint: str = ""


@dataclass(frozen=True)
class Caseload:
    """Open cases at the quarter's end per full-time position, against the guideline."""

    open_cases: int | None
    positions: float | None
    guideline: int
    complete: bool  # every device reported

    @property
    def per_position(self) -> float | None:
        if self.open_cases is None or not self.positions:
            return None
        return self.open_cases / self.positions

    @property
    def share(self) -> float | None:
        """The caseload as a share of the guideline (1.0 = exactly at the guideline)."""
        per = self.per_position
        return None if per is None else per / self.guideline

    @property
    def verdict(self) -> str:
        share = self.share
        if share is None:
            return ""
        if share > 1.1:
            return "über dem Fallzahlschlüssel"
        if share < 0.9:
            return "unter dem Fallzahlschlüssel"
        return "im Bereich des Fallzahlschlüssels"


@dataclass(frozen=True)
class TrendPoint:
    label: str
    short: str  # "Q3/26"
    display: str
    cases: int | None
    new: int | None
    closed: int | None
    reported: int
    expected: int


@dataclass(frozen=True)
class DeviceReport:
    name: str
    team: str
    reported: bool


@dataclass(frozen=True)
class Overview:
    district: DistrictSettings
    period: str
    display: str
    choices: tuple[tuple[str, str], ...]  # quarters with releases: (label, display)
    completeness: figures.Completeness
    devices: tuple[DeviceReport, ...]
    headline: tuple[Figure, ...]
    caseload: Caseload
    by_team: Pivot  # cases by case type and team
    case_types: Pivot  # cases by case type, entry and state (district)
    life_areas: Pivot
    referrals: Pivot
    gaps: Pivot
    trend: tuple[TrendPoint, ...]
    note: str
    error_note: str

    @property
    def outcomes(self) -> list[tuple[str, int | None]]:
        """Referrals by outcome over all institution types."""
        total = next(r for r in self.referrals.rows if r.key == (TOTAL,))
        return [(c.label, v) for c, v in zip(self.referrals.columns, total.values,
                                             strict=True) if not c.is_total]

    @property
    def top_life_areas(self) -> list[tuple[str, int | None]]:
        index = next(i for i, c in enumerate(self.life_areas.columns) if c.is_total)
        rows = [(r.labels[0], r.values[index]) for r in first_level(self.life_areas)]
        return sorted(rows, key=lambda t: -(t[1] or 0))


def quarters_with_releases(cache: FigureCache, today: date,
                           versions: Versions | None = None) -> list[Period]:
    """Completed quarters with at least one release, newest first."""
    return [p for p in cache.periods(versions) if not p.is_year and p.is_complete(today)]


def _value(comp: figures.Composition, key: tuple[str, ...]) -> int | None:
    try:
        return comp.value(key)
    except KeyError:
        return None


def _bound(comp: figures.Composition, key: tuple[str, ...]) -> int:
    return next((c.bound for c in comp.rows if c.key == key), 0)


def _trend(cache: FigureCache, last: Period, versions: Versions) -> tuple[TrendPoint, ...]:
    quarters = [last]
    while len(quarters) < TREND_QUARTERS:
        quarters.append(quarters[-1].previous())
    out = []
    for q in reversed(quarters):
        short = f"Q{q.number}/{q.year % 100:02d}"
        try:
            comp = cache.compose(q.label, "caseload", version=versions)  # its own version
        except figures.FigureError:
            done = cache.completeness(q.label, version=versions)
            out.append(TrendPoint(q.label, short, q.display, None, None, None, done.reported,
                                  done.expected))
            continue
        out.append(TrendPoint(q.label, short, q.display, _value(comp, (TOTAL, TOTAL, TOTAL)),
                              _value(comp, (TOTAL, "new", TOTAL)),
                              _value(comp, (TOTAL, TOTAL, "closed")),
                              comp.completeness.reported, comp.completeness.expected))
    return tuple(out)


def build(cache: FigureCache, today: Callable[[], date] = date.today, period: str = ""
          ) -> Overview | None:
    """The Übersicht of ``period`` (a quarter label) or of the latest completed quarter
    with releases; ``None`` while no device has reported a completed quarter.

    Raises :class:`figures.FigureError` for a period that has no releases.
    """
    engine = cache.engine
    versions = cache.versions()
    quarters = quarters_with_releases(cache, today(), versions)
    if not period:
        if not quarters:
            return None
        period = quarters[0].label
    comps = cache.compose_all(period, version=versions)
    caseload = comps["caseload"]
    by_team = cache.compose(period, "caseload", "team", version=versions)
    done = caseload.completeness
    district = load_district(engine)
    teams = {g.id: g.label for g in by_team.groups}
    reported = device_overview.reported(engine, period)
    devices = tuple(DeviceReport(d.name, teams.get(d.team or "", "–"), d.id in reported)
                    for d in device_overview.registered(engine)
                    if d.revoked_at is None or d.id in reported)
    p = Period.parse(period)
    word = "Jahr" if p.is_year else "Quartal"
    grand = (TOTAL, TOTAL, TOTAL)
    headline = (
        Figure(f"Fälle im {word} bearbeitet", _value(caseload, grand), _bound(caseload, grand),
               f"offen an mindestens einem Tag des {word}es" if p.is_year
               else "offen an mindestens einem Tag des Quartals"),
        Figure("davon neu aufgenommen", _value(caseload, (TOTAL, "new", TOTAL)),
               _bound(caseload, (TOTAL, "new", TOTAL))),
        Figure("davon abgeschlossen", _value(caseload, (TOTAL, TOTAL, "closed")),
               _bound(caseload, (TOTAL, TOTAL, "closed"))),
        Figure(f"offen am {word}esende" if p.is_year else "offen am Quartalsende",
               _value(caseload, (TOTAL, TOTAL, "open")),
               _bound(caseload, (TOTAL, TOTAL, "open"))),
    )
    load = Caseload(_value(caseload, (TOTAL, TOTAL, "open")), district.positions,
                    district.guideline, done.complete)
    last_quarter = Period.quarter(p.year, 4) if p.is_year else p
    return Overview(
        district, p.label, p.display, tuple((q.label, q.display) for q in quarters), done,
        devices, headline, load, pivot(_only(by_team, (TOTAL, TOTAL))),
        pivot(caseload), pivot(comps["life_areas"]), pivot(comps["referrals"]),
        pivot(comps["gaps"]), _trend(cache, last_quarter, versions), caseload.note,
        caseload.error_note)


def _only(comp: figures.Composition, rest: tuple[str, ...]) -> figures.Composition:
    """The case types of a caseload composition (entry and state at their totals)."""
    from dataclasses import replace

    rows = tuple(c for c in comp.rows if c.key[1:] == rest)
    table = replace(comp.table, dimensions=comp.table.dimensions[:1],
                    title="Fälle nach Fallart")
    return replace(comp, table=table, rows=tuple(replace(c, key=c.key[:1]) for c in rows),
                   categories={comp.table.dimensions[0].id:
                               comp.categories[comp.table.dimensions[0].id]})
