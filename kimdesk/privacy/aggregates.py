"""Counting the table catalogue: the records of one period → true counts with cell keys.

Pure functions: plain records in (read by ``kimdesk.store.aggregate_queries``), keyed
count tables out.  No database, no Qt.  The catalogue itself (tables, dimensions,
categories, labels) is the protocol's (``kimdesk.sync.protocol.figure_tables``); the
perturbation of the counts is ``kimdesk.privacy.perturbation``.

Every cell, margins (``*``) included, carries its true count and its **cell key**: the sum
of the record keys of the records it counts, modulo 2**32.  The same records give the
same key in every table, margin and re-send, so they are perturbed alike wherever they
appear.  Tables about cases count cases (with the case's key); contacts, referrals and
gap reports count themselves (with their own keys).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations, product

import numpy as np

from kimdesk.core.ages import age_on, parts_of_iso
from kimdesk.core.errors import DomainError
from kimdesk.core.periods import Period
from kimdesk.core.vocabulary import CaseType
from kimdesk.sync.protocol.figure_tables import (
    AGE_BANDS,
    AGE_LIMITS,
    DURATION_BANDS,
    NONE,
    OTHER,
    SPECS,
    TABLES,
    TOTAL,
    UNKNOWN,
    TableSpec,
    area_scheme,
    categories,
    residence_group_of,
)

KEY_MASK = (1 << 32) - 1
Key = tuple[str, ...]

#: Field order of ``AggregateRecords.cases`` rows.
CASE_FIELDS = ("id", "case_type", "access_path", "referred_by_type", "opened_on", "closed_on",
               "close_reason", "municipality_id", "sex", "birth_date", "residence_status",
               "record_key")


@dataclass(frozen=True)
class AggregateRecords:
    """Plain rows read for one period (see ``kimdesk.store.aggregate_queries``).

    * ``cases``: one tuple per case that may have been worked on in the period, fields as in
      ``CASE_FIELDS`` (client attributes joined in, the case's record key last);
    * ``events``: ``(case_id, on, kind, from_value, to_value)`` of kinds ``type_changed``,
      ``closed``, ``reopened`` for those cases, in recording order;
    * ``case_life_areas``: distinct ``(case_id, life_area)`` of contacts in the period;
    * ``contact_forms``: ``(form, count, key_sum)`` of contacts in the period;
    * ``referrals``: ``(institution_type, outcome, count, key_sum)`` of referrals made in it;
    * ``gaps``: ``(category, legal_system, count, key_sum)`` of gaps reported in it;
    * ``as_of``: the day of reading; nothing after it is known.

    ``key_sum`` is the plain sum of the record keys of the group (any size; reduced here).
    """

    district_id: str
    cases: Sequence[tuple]
    events: Sequence[tuple] = ()
    case_life_areas: Sequence[tuple[int, str]] = ()
    contact_forms: Sequence[tuple[str, int, int]] = ()
    referrals: Sequence[tuple[str, str, int, int]] = ()
    gaps: Sequence[tuple[str, str, int, int]] = ()
    as_of: date | None = None


@dataclass(frozen=True)
class KeyedTable:
    """True counts and cell keys of every cell of one table (margins included).

    Lives only inside the laptop's process: it is perturbed into a ``PublishedTable`` and
    never stored or sent.
    """

    spec: TableSpec
    categories: Mapping[str, tuple[str, ...]]
    counts: Mapping[Key, int]
    cell_keys: Mapping[Key, int]

    @property
    def id(self) -> str:
        return self.spec.id


# -- from records to per-case facts ---------------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """The generalised attributes of one case worked on in the period."""

    municipality: str
    case_type: str
    entry: str
    exit: str
    close_reason: str
    duration_band: str
    access_path: str
    referrer_type: str
    age_band: str
    sex: str
    residence_group: str


#: Position of each ``CaseFacts`` field in the fact tuples of ``_fact_tuples``.
_FACT = {name: i for i, name in enumerate(CaseFacts.__dataclass_fields__)}
_AGE_IDS = tuple(b for b in AGE_BANDS if b != UNKNOWN)
_DURATION_LIMITS = tuple(limit for _, _, limit in DURATION_BANDS)
_DURATION_IDS = tuple(i for i, _, _ in DURATION_BANDS)


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class _Dates(dict):
    """``_as_date`` with a memo for one build: a period's rows share few distinct days."""

    def __missing__(self, key: object) -> date | None:
        value = self[key] = _as_date(key)
        return value


def band_of_age(age: int | None) -> str:
    if age is None or age < 0:
        return UNKNOWN
    return _AGE_IDS[bisect_right(AGE_LIMITS, age)]


def age_band(birth: str | None, on: date) -> str:
    """The published age band on ``on`` by the one age rule (``kimdesk.core.ages``)."""
    parts = parts_of_iso(birth)
    if parts is None or not 1900 <= parts[0] <= on.year:
        return UNKNOWN
    return band_of_age(age_on(on, *parts))


def duration_band(days: int) -> str:
    """The band of ``days`` since opening: the first band whose limit lies above it."""
    return _DURATION_IDS[bisect_right(_DURATION_LIMITS, days)]


def _known(value: str, cats: Iterable[str], fallback: str) -> str:
    return value if value in cats else fallback


def _replay(history: Sequence[tuple], opened: date, closed_on: object, close_reason: str,
            period: Period, dates: _Dates) -> tuple[date | None, str] | None:
    """Replay closings and re-openings; ``(closed, reason)`` of the last open spell that
    began by the end of the period, or ``None`` if there is none."""
    transitions = [(dates[e[1]], e[2], e[4]) for e in history if e[2] in ("closed", "reopened")]
    if not transitions and closed_on is not None:
        transitions = [(dates[closed_on], "closed", close_reason)]
    intervals: list[tuple[date, date | None, str]] = []
    start, is_open = opened, True
    for on, kind, value in transitions:
        if kind == "closed" and is_open:
            intervals.append((start, on, value or ""))
            is_open = False
        elif kind == "reopened" and not is_open:
            start, is_open = on, True
    if is_open:
        intervals.append((start, None, ""))
    current = [iv for iv in intervals if iv[0] <= period.end]
    if not current:
        return None
    _begin, closed, reason = current[-1]
    return closed, reason


def _fact_tuples(records: AggregateRecords, period: Period
                 ) -> tuple[dict[int, tuple[str, ...]], dict[int, int]]:
    """Per case worked on in the period: its facts as a tuple in ``CaseFacts`` field order,
    and its record key.

    Every per-case attribute is computed here, once; the tables are counted from these
    tuples.  Generalisations are looked up in maps built once per call, dates and birth
    dates are parsed once per distinct value.  Cases without history (most of them) skip
    the replay: their only transition is the closing on the case row.
    """
    as_of = records.as_of or period.end
    p_start, p_end = period.start, period.end
    last_day = min(p_end, as_of)
    events: dict[int, list[tuple]] = defaultdict(list)
    for ev in records.events:
        events[ev[0]].append(ev)
    municipality_of = area_scheme(records.district_id).of_municipality
    reasons = set(categories("close_reason"))
    referrer_of = {r: r for r in categories("referrer_type")}
    group_cats = set(categories("residence_group"))
    group_of = {status: _known(group, group_cats, UNKNOWN)
                for status, group in residence_group_of().items()}
    types = {t.value for t in CaseType}
    dates = _Dates()
    births: dict[object, tuple[int, int | None, int | None] | None] = {}
    out: dict[int, tuple[str, ...]] = {}
    keys: dict[int, int] = {}
    for row in records.cases:
        (cid, row_type, access_path, referred_by, opened_on, closed_on, close_reason,
         municipality_id, sex, birth_date, residence_status, record_key) = row
        opened = dates[opened_on]
        if opened is None or opened > p_end:
            continue
        history = events.get(cid)
        if history is None:
            closed = dates[closed_on]
            reason = (close_reason or "") if closed is not None else ""
            ctype = row_type
        else:
            if len(history) > 1:
                history = sorted(history, key=lambda e: dates[e[1]])  # stable: same-day order
            spell = _replay(history, opened, closed_on, close_reason, period, dates)
            if spell is None:
                continue
            closed, reason = spell
        if closed is not None and closed < p_start:
            continue  # closed before the period and not re-opened in it
        is_closed = closed is not None and closed <= p_end
        ref = closed if is_closed else last_day
        if ref < opened:
            ref = opened
        if history is not None:
            changes = [e for e in history if e[2] == "type_changed"]
            ctype = changes[0][3] if changes else row_type
            for e in changes:
                if dates[e[1]] <= ref:
                    ctype = e[4]
        if ctype not in types:
            raise DomainError(f"Unbekannte Fallart „{ctype}“ in den Falldaten.")
        if birth_date in births:
            parts = births[birth_date]
        else:
            parts = births[birth_date] = parts_of_iso(birth_date)
        age = None if parts is None or not 1900 <= parts[0] <= ref.year else age_on(ref, *parts)
        out[cid] = (
            municipality_of.get(municipality_id or "", UNKNOWN),
            ctype,
            "new" if opened >= p_start else "carried_over",
            "closed" if is_closed else "open",
            _known(reason or OTHER, reasons, OTHER) if is_closed else NONE,
            duration_band((ref - opened).days),
            "level_2" if access_path == 2 else "level_1",
            referrer_of.get(referred_by or NONE, OTHER),
            band_of_age(age),
            sex if sex in ("f", "m") else "d_x",
            group_of.get(residence_status, UNKNOWN),
        )
        keys[cid] = int(record_key) & KEY_MASK
    return out, keys


def case_facts(records: AggregateRecords, period: Period) -> dict[int, CaseFacts]:
    """Per case id, the facts of every case that was open on at least one day of ``period``.

    Closing and re-opening (Wiedereintritt) and changes of case type are replayed from the
    case history, so a past period is reported as it was; without history the case row is
    used.  The case type is the one on the last day the case was open in the period.
    """
    facts, _ = _fact_tuples(records, period)
    return {cid: CaseFacts(*f) for cid, f in facts.items()}


# -- counting with keys ---------------------------------------------------------------------


class _Grid:
    """Counts and key sums of a table's interior cells as arrays (one axis per dimension).

    Key sums are kept as two float64 arrays of 16-bit halves, so every sum stays an exact
    integer (below 2**53) for any realistic number of records, and margins are plain sums
    over axes.
    """

    def __init__(self, cats: Sequence[tuple[str, ...]]) -> None:
        self.cats = [tuple(c) for c in cats]
        self.shape = tuple(len(c) for c in self.cats)
        self.count = np.zeros(self.shape)
        self.lo = np.zeros(self.shape)
        self.hi = np.zeros(self.shape)

    def add_codes(self, codes: Sequence[np.ndarray], keys: np.ndarray) -> None:
        size = int(np.prod(self.shape))
        flat = np.ravel_multi_index(tuple(codes), self.shape) if len(keys) else \
            np.zeros(0, dtype=np.int64)
        for arr, weights in ((self.count, None), (self.lo, keys & 0xFFFF),
                             (self.hi, keys >> 16)):
            arr += np.bincount(flat, weights=weights, minlength=size).reshape(self.shape)

    def add(self, key: Key, count: int, key_sum: int) -> None:
        index = tuple(c.index(k) for c, k in zip(self.cats, key, strict=True))
        self.count[index] += count
        key_sum &= KEY_MASK
        self.lo[index] += key_sum & 0xFFFF
        self.hi[index] += key_sum >> 16

    def cells(self, replace: Mapping[tuple[int, ...], tuple] | None = None
              ) -> tuple[dict[Key, int], dict[Key, int]]:
        """Every cell (margins included) → (count, cell key).  ``replace`` gives, for a set
        of summed axes, arrays to use instead of the sums (multi-response margins)."""
        dims, replace = len(self.shape), replace or {}
        counts: dict[Key, int] = {}
        keys: dict[Key, int] = {}
        for r in range(dims + 1):
            for axes in combinations(range(dims), r):
                if axes in replace:
                    c, lo, hi = replace[axes]
                else:
                    c, lo, hi = (a.sum(axis=axes) if axes else a
                                 for a in (self.count, self.lo, self.hi))
                kept = [i for i in range(dims) if i not in axes]
                for index in product(*(range(self.shape[i]) for i in kept)):
                    label = [TOTAL] * dims
                    for pos, i in zip(kept, index, strict=True):
                        label[pos] = self.cats[pos][i]
                    key = tuple(label)
                    counts[key] = int(c[index])
                    keys[key] = (int(hi[index]) * 65536 + int(lo[index])) & KEY_MASK
        return counts, keys


def _codes(values: Sequence[str], cats: tuple[str, ...]) -> np.ndarray:
    index = {c: i for i, c in enumerate(cats)}
    return np.fromiter((index[v] for v in values), dtype=np.int64, count=len(values))


def build_tables(records: AggregateRecords, period: Period) -> list[KeyedTable]:
    """Every table of the catalogue for one period, with true counts and cell keys."""
    did = records.district_id
    facts, key_of = _fact_tuples(records, period)
    ids = list(facts)
    rows = [facts[i] for i in ids]
    keys = np.fromiter((key_of[i] for i in ids), dtype=np.int64, count=len(ids))
    field_cats = {name: categories(name, did) for name in _FACT}
    field_codes: dict[str, np.ndarray] = {}

    def codes(name: str) -> np.ndarray:
        if name not in field_codes:
            pos = _FACT[name]
            field_codes[name] = _codes([f[pos] for f in rows], field_cats[name])
        return field_codes[name]

    tables: dict[str, KeyedTable] = {}

    def finish(spec: TableSpec, grid: _Grid, margins: Mapping | None = None) -> None:
        counts, cell_keys = grid.cells(margins)
        tables[spec.id] = KeyedTable(spec, dict(zip(spec.dimensions, grid.cats, strict=True)),
                                     counts, cell_keys)

    for spec in TABLES:
        if spec.counts != "cases" or spec.multi_response:
            continue
        grid = _Grid([field_cats[d] for d in spec.dimensions])
        grid.add_codes([codes(d) for d in spec.dimensions], keys)
        finish(spec, grid)

    # life areas: a case counts once in every area of a contact in the period
    spec = SPECS["life_areas"]
    areas, types = categories("life_area", did), field_cats["case_type"]
    area_set = set(areas)
    pairs = [(cid, area) for cid, area in dict.fromkeys(records.case_life_areas)
             if cid in facts and area in area_set]
    type_pos = _FACT["case_type"]
    grid = _Grid([areas, types])
    grid.add_codes([_codes([a for _, a in pairs], areas),
                    _codes([facts[c][type_pos] for c, _ in pairs], types)],
                   np.fromiter((key_of[c] for c, _ in pairs), dtype=np.int64, count=len(pairs)))
    # the margin over the areas is the number of cases (of each type), not a sum of areas
    units = _Grid([types])
    units.add_codes([codes("case_type")], keys)
    by_type = (units.count, units.lo, units.hi)
    total = tuple(a.sum() for a in by_type)
    finish(spec, grid, margins={(0,): by_type, (0, 1): total})

    def grouped(spec: TableSpec, rows: Iterable[tuple], fallbacks: Sequence[str]) -> None:
        cats = [categories(d, did) for d in spec.dimensions]
        grid = _Grid(cats)
        for *values, count, key_sum in rows:
            key = tuple(_known(v, c, fb) for v, c, fb in zip(values, cats, fallbacks,
                                                              strict=True))
            grid.add(key, int(count), int(key_sum))
        finish(spec, grid)

    grouped(SPECS["contacts_by_form"], records.contact_forms, (OTHER,))
    grouped(SPECS["referrals"], records.referrals, (OTHER, UNKNOWN))
    grouped(SPECS["gaps"], records.gaps, (OTHER, OTHER))
    return [tables[spec.id] for spec in TABLES]


__all__ = [
    "CASE_FIELDS", "AggregateRecords", "CaseFacts", "KeyedTable", "age_band", "band_of_age",
    "build_tables", "case_facts", "duration_band",
]
