"""The table catalogue of an anonymised release for programme controlling (issue #5).

Pure functions: plain records in (read by ``kimdesk.store.aggregate_queries``), count tables
and the links between them out.  No database, no Qt.  Disclosure control itself lives in
``suppression`` and ``audit``; the schema of what leaves the laptop in ``payload``.

Design rules (see ``docs/aggregates-schema.md``):

* Generalised attributes only: case type, entry/exit in the period, municipality (small
  municipalities pooled per planning area by population, never by the data), age band, sex
  (divers and "keine Angabe" pooled), residence-status group, life area, catalogue ids of
  institutions, outcomes, gap categories, close reasons.  Never names, dates, free text or
  record ids.
* Every table about cases counts the same unit — cases worked on in the period — so their
  shared numbers can be declared as ``Link`` s.  The tables form a tree (an acyclic
  hypergraph): each is linked to its neighbour on exactly the dimensions the two share, so
  any tables that satisfy the tables' own constraints and the links come from some set of
  cases, and an attacker learns nothing beyond the tables and links.
* Contacts, referrals and gap reports are counted in their own tables with their own totals.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter

from kimdesk import catalogues
from kimdesk.casework.errors import DomainError
from kimdesk.casework.vocabulary import CASE_TYPE_LABELS, CaseType
from kimdesk.privacy.count_tables import TOTAL, CountTable, Link

#: Municipalities below this population are reported pooled with their planning area.
SMALL_MUNICIPALITY = 15_000
#: Threshold for tables about residence status (stricter than the release k).
SENSITIVE_K = 5

UNKNOWN = "unknown"
NONE = "none"
OTHER = "other"

# -- periods ------------------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4})(?:-Q([1-4]))?")


@dataclass(frozen=True)
class Period:
    """A reporting period: a quarter (``2026-Q3``) or a calendar year (``2026``)."""

    label: str
    start: date
    end: date

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD.fullmatch(text.strip())
        if not match or not 2000 <= int(match.group(1)) <= 2099:
            raise DomainError(
                f"Unbekannter Zeitraum „{text}“. Bitte ein Quartal wie 2026-Q3 oder ein "
                "Jahr wie 2026 angeben.")
        year = int(match.group(1))
        if match.group(2) is None:
            return cls(str(year), date(year, 1, 1), date(year, 12, 31))
        q = int(match.group(2))
        start = date(year, 3 * q - 2, 1)
        end = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
        return cls(f"{year}-Q{q}", start, end)

    @property
    def is_year(self) -> bool:
        return "Q" not in self.label

    @property
    def display(self) -> str:
        if self.is_year:
            return f"Jahr {self.label}"
        year, q = self.label.split("-Q")
        return f"{q}. Quartal {year}"


def recent_periods(today: date, quarters: int = 8, years: int = 3) -> list[str]:
    """Period labels for a picker: the current quarter first, then earlier ones, then years."""
    out = []
    year, q = today.year, (today.month - 1) // 3 + 1
    for _ in range(quarters):
        out.append(f"{year}-Q{q}")
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    out.extend(str(today.year - i) for i in range(years))
    return out


# -- records (what the store hands over) ---------------------------------------------------

#: Field order of ``AggregateRecords.cases`` rows.
CASE_FIELDS = ("id", "case_type", "access_path", "referred_by_type", "opened_on", "closed_on",
               "close_reason", "municipality_id", "sex", "birth_date", "residence_status")


@dataclass(frozen=True)
class AggregateRecords:
    """Plain rows read for one period (see ``kimdesk.store.aggregate_queries``).

    * ``cases``: one tuple per case that may have been worked on in the period, fields as in
      ``CASE_FIELDS`` (client attributes joined in);
    * ``events``: ``(case_id, on, kind, from_value, to_value)`` of kinds ``type_changed``,
      ``closed``, ``reopened`` for those cases, in recording order;
    * ``case_life_areas``: distinct ``(case_id, life_area)`` of contacts in the period;
    * ``contact_forms``: ``(form, count)`` of contacts in the period;
    * ``referrals``: ``(institution_type, outcome, count)`` of referrals made in the period;
    * ``gaps``: ``(category, legal_system, count)`` of gaps reported in the period;
    * ``as_of``: the day of reading; nothing after it is known.
    """

    district_id: str
    cases: Sequence[tuple]
    events: Sequence[tuple] = ()
    case_life_areas: Sequence[tuple[int, str]] = ()
    contact_forms: Sequence[tuple[str, int]] = ()
    referrals: Sequence[tuple[str, str, int]] = ()
    gaps: Sequence[tuple[str, str, int]] = ()
    as_of: date | None = None


# -- dimensions and their categories -------------------------------------------------------

DIMENSION_LABELS = {
    "municipality": "Kommune / Planungsraum",
    "case_type": "Fallart",
    "entry": "Zugang im Zeitraum",
    "exit": "Stand am Ende des Zeitraums",
    "close_reason": "Abschlussgrund",
    "duration_band": "Falldauer",
    "access_path": "Zugangsweg",
    "referrer_type": "Meldende Stelle",
    "contact_form": "Kontaktform",
    "life_area": "Lebensbereich",
    "institution_type": "Art der Stelle",
    "outcome": "Ergebnis",
    "gap_category": "Lücke/Hindernis",
    "legal_system": "Rechtskreis",
    "age_band": "Altersgruppe",
    "sex": "Geschlecht",
    "residence_group": "Aufenthaltsstatus (Gruppe)",
}

ENTRY = {"new": "neu im Zeitraum", "carried_over": "aus früherem Zeitraum fortgeführt"}
EXIT = {"closed": "im Zeitraum abgeschlossen", "open": "offen am Ende des Zeitraums"}
ACCESS = {"level_1": "Ebene 1 — eigenständig, Meldebehörde, Flyer, Sozialarbeit",
          "level_2": "Ebene 2 — Meldung durch eine Institution"}
AGE_BANDS = {"0-17": "unter 18", "18-26": "18 bis 26", "27-44": "27 bis 44",
             "45-64": "45 bis 64", "65+": "65 und älter", UNKNOWN: "unbekannt"}
SEXES = {"f": "weiblich", "m": "männlich", "d_x": "divers / keine Angabe"}
#: (id, label, first day not in the band)
DURATION_BANDS = (("lt_1m", "unter 1 Monat", 31), ("1_3m", "1 bis unter 3 Monate", 92),
                  ("3_6m", "3 bis unter 6 Monate", 183), ("6_12m", "6 bis unter 12 Monate", 366),
                  ("12_24m", "12 bis unter 24 Monate", 731), ("24m_plus", "24 Monate und mehr",
                                                             10**9))


@lru_cache(maxsize=8)
def _catalogue_extra(name: str, key: str) -> dict[str, str]:
    """Top-level maps of a catalogue file (residence ``groups``) that ``catalogues`` skips."""
    path = catalogues.resource_path("catalogues", f"{name}.json")
    return dict(json.loads(path.read_text("utf-8")).get(key, {}))


def _catalogue_labels(name: str) -> dict[str, str]:
    return {e.id: e.label for e in catalogues.catalogue(name)}


@lru_cache(maxsize=16)
def _residence_group_of() -> dict[str, str]:
    return {e.id: str(e.extra.get("group", UNKNOWN)) for e in catalogues.catalogue(
        "residence_statuses")}


@dataclass(frozen=True)
class AreaScheme:
    """How municipality ids map to the published categories of one district.

    Municipalities with fewer than ``SMALL_MUNICIPALITY`` inhabitants are pooled per planning
    area; a pool of one is joined by the smallest other municipality of its area, so no pool
    stands for a single municipality unless the area has only one.  The rule uses published
    population figures only, never the counts, so it does not depend on the data.
    """

    categories: tuple[str, ...]
    labels: Mapping[str, str]
    of_municipality: Mapping[str, str]

    def category(self, municipality_id: str) -> str:
        return self.of_municipality.get(municipality_id, UNKNOWN)


@lru_cache(maxsize=16)
def area_scheme(district_id: str) -> AreaScheme:
    district = catalogues.district(district_id)
    cats: list[str] = []
    labels: dict[str, str] = {}
    mapping: dict[str, str] = {}
    for area in district.planning_areas:
        munis = sorted(area.municipalities, key=lambda m: (m.population, m.id))
        pooled = [m for m in munis if m.population < SMALL_MUNICIPALITY]
        if len(pooled) == 1 and len(munis) > 1:
            pooled = munis[:2]
        pooled_ids = {m.id for m in pooled}
        for m in area.municipalities:
            if m.id not in pooled_ids:
                cats.append(m.id)
                labels[m.id] = m.name
                mapping[m.id] = m.id
        if pooled:
            if area.id in labels:
                raise ValueError(f"planning area id {area.id!r} clashes with a municipality")
            cats.append(area.id)
            names = ", ".join(m.name for m in area.municipalities if m.id in pooled_ids)
            labels[area.id] = f"{area.name} ({names})"
            for m in pooled:
                mapping[m.id] = area.id
    cats.append(UNKNOWN)
    labels[UNKNOWN] = "unbekannt / außerhalb des Kreises"
    return AreaScheme(tuple(cats), labels, mapping)


def _with_fallback(labels: dict[str, str], fallback: str, fallback_label: str) -> dict[str, str]:
    if fallback not in labels:
        labels = {**labels, fallback: fallback_label}
    return labels


@lru_cache(maxsize=16)
def category_labels(dimension: str, district_id: str = "") -> Mapping[str, str]:
    """Categories of a dimension in published order, with their German labels."""
    match dimension:
        case "municipality":
            return dict(area_scheme(district_id).labels)
        case "case_type":
            return {t.value: CASE_TYPE_LABELS[t] for t in CaseType}
        case "entry":
            return dict(ENTRY)
        case "exit":
            return dict(EXIT)
        case "close_reason":
            return {**_catalogue_labels("close_reasons"), NONE: "— (Fall offen)"}
        case "duration_band":
            return {i: label for i, label, _ in DURATION_BANDS}
        case "access_path":
            return dict(ACCESS)
        case "referrer_type":
            return {**_catalogue_labels("institution_types"), NONE: "keine meldende Stelle"}
        case "contact_form":
            return _with_fallback(_catalogue_labels("contact_forms"), OTHER, "Sonstige")
        case "life_area":
            return _catalogue_labels("life_areas")
        case "institution_type":
            return _with_fallback(_catalogue_labels("institution_types"), OTHER, "Sonstige")
        case "outcome":
            return _with_fallback(_catalogue_labels("referral_outcomes"), UNKNOWN, "Unbekannt")
        case "gap_category":
            return _with_fallback(_catalogue_labels("gap_categories"), OTHER, "Sonstiges")
        case "legal_system":
            return _with_fallback(_catalogue_labels("legal_systems"), OTHER, "Anderer")
        case "age_band":
            return dict(AGE_BANDS)
        case "sex":
            return dict(SEXES)
        case "residence_group":
            return _with_fallback(_catalogue_extra("residence_statuses", "groups"), UNKNOWN,
                                  "Unbekannt")
    raise KeyError(dimension)


def category_label(dimension: str, category: str, district_id: str = "") -> str:
    """German label of a category for screens; ``*`` is the total."""
    if category == TOTAL:
        return "Summe"
    try:
        return category_labels(dimension, district_id).get(category, category)
    except (KeyError, ValueError):  # a dimension or district this catalogue does not know
        return category


def _categories(dimension: str, district_id: str = "") -> tuple[str, ...]:
    return tuple(category_labels(dimension, district_id))


# -- the table catalogue -------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    dimensions: tuple[str, ...]
    unit: str  # what one count is (German, for docs and the screen)
    k: int | None = None
    multi_response_dimension: str | None = None


CATALOGUE: tuple[TableSpec, ...] = (
    TableSpec("case_flow", "Fälle nach Kommune, Fallart und Stand (offen/abgeschlossen)",
              ("municipality", "case_type", "exit"),
              "Fall, der im Zeitraum bearbeitet wurde (offen an mindestens einem Tag)"),
    TableSpec("caseload", "Fallbestand der Case Manager*in (ohne Namen) nach Fallart, "
              "Zugang und Stand", ("case_type", "entry", "exit"),
              "Fall, der im Zeitraum bearbeitet wurde"),
    TableSpec("closing_reasons", "Fälle nach Stand und Abschlussgrund", ("exit", "close_reason"),
              "Fall, der im Zeitraum bearbeitet wurde"),
    TableSpec("case_duration", "Fälle nach Falldauer (bei Abschluss bzw. am Ende des Zeitraums)",
              ("entry", "exit", "duration_band"), "Fall, der im Zeitraum bearbeitet wurde"),
    TableSpec("life_areas", "Fälle nach bearbeitetem Lebensbereich und Fallart "
              "(Mehrfachnennung)", ("life_area", "case_type"),
              "Fall; ein Fall zählt in jedem Lebensbereich, der in einem Kontakt im Zeitraum "
              "Thema war — die Lebensbereiche ergeben zusammen nicht die Fallzahl",
              multi_response_dimension="life_area"),
    TableSpec("residence_status", "Fälle nach Aufenthaltsstatus (Gruppe) und Fallart",
              ("residence_group", "case_type"), "Fall, der im Zeitraum bearbeitet wurde",
              k=SENSITIVE_K),
    TableSpec("age_sex", "Fälle nach Altersgruppe und Geschlecht der Klient*in",
              ("age_band", "sex"), "Fall, der im Zeitraum bearbeitet wurde"),
    TableSpec("access", "Fälle nach Zugangsweg und meldender Stelle",
              ("access_path", "referrer_type"), "Fall, der im Zeitraum bearbeitet wurde"),
    TableSpec("contacts_by_form", "Kontakte nach Kontaktform", ("contact_form",),
              "Kontakt im Zeitraum"),
    TableSpec("referrals", "Vermittlungen nach Art der Stelle und Ergebnis",
              ("institution_type", "outcome"), "Vermittlung, die im Zeitraum erfolgte"),
    TableSpec("gaps", "Gemeldete Lücken und Hindernisse nach Kategorie und Rechtskreis",
              ("gap_category", "legal_system"), "Lückenmeldung im Zeitraum"),
)

#: Every shared number, declared.  The case tables form a tree: each is linked to its
#: neighbour on exactly the dimensions the two share (see docs/aggregates-schema.md).
LINKS: tuple[Link, ...] = (
    Link.on("case_flow", "caseload", "case_type", "exit"),
    Link.on("case_flow", "closing_reasons", "exit"),
    Link.on("caseload", "case_duration", "entry", "exit"),
    Link.on("case_flow", "life_areas", "case_type"),
    Link.on("case_flow", "residence_status", "case_type"),
    Link(("case_flow", ()), ("age_sex", ())),
    Link(("case_flow", ()), ("access", ())),
)

SPECS = {spec.id: spec for spec in CATALOGUE}


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


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class _Dates(dict):
    """``_as_date`` with a memo for one build: a period's rows share few distinct days."""

    def __missing__(self, key: object) -> date | None:
        value = self[key] = _as_date(key)
        return value


def _birth_parts(birth: str | None) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of a partial ISO birth date; a missing month counts as July,
    a missing day as the 15th (the 1st of January if only the year is known)."""
    if not birth:
        return None
    parts = str(birth).split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1] else 7
        day = int(parts[2][:2]) if len(parts) > 2 and parts[2] else (15 if len(parts) > 1 else 1)
    except ValueError:
        return None
    return year, month, day


def _age_of(parts: tuple[int, int, int] | None, on: date) -> int | None:
    if parts is None:
        return None
    year, month, day = parts
    if not 1900 <= year <= on.year:
        return None
    return on.year - year - ((on.month, on.day) < (month, day))


def _age(birth: str | None, on: date) -> int | None:
    return _age_of(_birth_parts(birth), on)


_AGE_LIMITS = (18, 27, 45, 65)
_AGE_BANDS = ("0-17", "18-26", "27-44", "45-64", "65+")


def _band_of_age(age: int | None) -> str:
    if age is None or age < 0:
        return UNKNOWN
    return _AGE_BANDS[bisect_right(_AGE_LIMITS, age)]


def age_band(birth: str | None, on: date) -> str:
    return _band_of_age(_age(birth, on))


_DURATION_LIMITS = tuple(limit for _, _, limit in DURATION_BANDS)
_DURATION_IDS = tuple(i for i, _, _ in DURATION_BANDS)


def duration_band(days: int) -> str:
    """The band of ``days`` since opening: the first band whose limit lies above it."""
    return _DURATION_IDS[bisect_right(_DURATION_LIMITS, days)]


def _known(value: str, cats: Iterable[str], fallback: str) -> str:
    return value if value in cats else fallback


#: Position of each ``CaseFacts`` field in the fact tuples of ``_fact_tuples``.
_FACT = {name: i for i, name in enumerate(CaseFacts.__dataclass_fields__)}


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


def _fact_tuples(records: AggregateRecords, period: Period) -> dict[int, tuple[str, ...]]:
    """``case_facts`` as plain tuples in ``CaseFacts`` field order (no objects per case).

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
    reasons = set(_categories("close_reason"))
    referrer_of = {r: r for r in _categories("referrer_type")}
    group_cats = set(_categories("residence_group"))
    group_of = {status: _known(group, group_cats, UNKNOWN)
                for status, group in _residence_group_of().items()}
    types = {t.value for t in CaseType}
    dates = _Dates()
    births: dict[object, tuple[int, int, int] | None] = {}
    out: dict[int, tuple[str, ...]] = {}
    for row in records.cases:
        (cid, row_type, access_path, referred_by, opened_on, closed_on, close_reason,
         municipality_id, sex, birth_date, residence_status) = row
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
            parts = births[birth_date] = _birth_parts(birth_date)
        out[cid] = (
            municipality_of.get(municipality_id or "", UNKNOWN),
            ctype,
            "new" if opened >= p_start else "carried_over",
            "closed" if is_closed else "open",
            _known(reason or OTHER, reasons, OTHER) if is_closed else NONE,
            duration_band((ref - opened).days),
            "level_2" if access_path == 2 else "level_1",
            referrer_of.get(referred_by or NONE, OTHER),
            _band_of_age(_age_of(parts, ref)),
            sex if sex in ("f", "m") else "d_x",
            group_of.get(residence_status, UNKNOWN),
        )
    return out


def case_facts(records: AggregateRecords, period: Period) -> dict[int, CaseFacts]:
    """Per case id, the facts of every case that was open on at least one day of ``period``.

    Closing and re-opening (Wiedereintritt) and changes of case type are replayed from the
    case history, so a past period is reported as it was; without history the case row is
    used.  The case type is the one on the last day the case was open in the period.
    """
    return {cid: CaseFacts(*facts) for cid, facts in _fact_tuples(records, period).items()}


# -- from facts to count tables -------------------------------------------------------------


def _table(spec: TableSpec, district_id: str, counts: Mapping[tuple, int], **extra) -> CountTable:
    return CountTable(
        id=spec.id,
        title=spec.title,
        dimensions=spec.dimensions,
        categories={d: _categories(d, district_id) for d in spec.dimensions},
        counts=dict(counts),
        k=spec.k,
        **extra,
    )


def _count(facts: Iterable[tuple[str, ...]], *fields: str) -> Counter:
    """Counts of the fact tuples by ``fields`` (keys are tuples, also for one field)."""
    if len(fields) == 1:
        pos = _FACT[fields[0]]
        return Counter({(value,): n for value, n in Counter(f[pos] for f in facts).items()})
    return Counter(map(itemgetter(*(_FACT[f] for f in fields)), facts))


def build_tables(
    records: AggregateRecords, period: Period
) -> tuple[list[CountTable], list[Link]]:
    """All tables of the catalogue for one period, with the links between them."""
    did = records.district_id
    facts = _fact_tuples(records, period)
    rows = list(facts.values())
    tables: list[CountTable] = []

    def add(spec_id: str, *fields: str) -> None:
        tables.append(_table(SPECS[spec_id], did, _count(rows, *fields)))

    add("case_flow", "municipality", "case_type", "exit")
    add("caseload", "case_type", "entry", "exit")
    add("closing_reasons", "exit", "close_reason")
    add("case_duration", "entry", "exit", "duration_band")

    areas = set(_categories("life_area"))
    type_pos = _FACT["case_type"]
    type_of = {cid: f[type_pos] for cid, f in facts.items()}
    # distinct pairs in reading order (a set would scatter them in memory); cases not worked
    # on in the period (``None``) and unknown life areas are dropped after counting
    pairs = list(dict.fromkeys(records.case_life_areas))
    found = Counter(zip(map(itemgetter(1), pairs), map(type_of.get, map(itemgetter(0), pairs)),
                        strict=True))
    touched = Counter({key: n for key, n in found.items()
                       if key[1] is not None and key[0] in areas})
    tables.append(_table(SPECS["life_areas"], did, touched, additive=False,
                         multi_response_dimension="life_area",
                         unit_totals=_count(rows, "case_type")))

    add("residence_status", "residence_group", "case_type")
    add("age_sex", "age_band", "sex")
    add("access", "access_path", "referrer_type")

    forms = _categories("contact_form")
    by_form: Counter = Counter()
    for form, n in records.contact_forms:
        by_form[(_known(form, forms, OTHER),)] += n
    tables.append(_table(SPECS["contacts_by_form"], did, by_form))

    itypes, outcomes = _categories("institution_type"), _categories("outcome")
    refs: Counter = Counter()
    for itype, outcome, n in records.referrals:
        refs[(_known(itype, itypes, OTHER), _known(outcome, outcomes, UNKNOWN))] += n
    tables.append(_table(SPECS["referrals"], did, refs))

    gcats, legal = _categories("gap_category"), _categories("legal_system")
    gaps: Counter = Counter()
    for cat, system, n in records.gaps:
        gaps[(_known(cat, gcats, OTHER), _known(system, legal, OTHER))] += n
    tables.append(_table(SPECS["gaps"], did, gaps))

    order = {spec.id: i for i, spec in enumerate(CATALOGUE)}
    tables.sort(key=lambda t: order[t.id])
    return tables, list(LINKS)


__all__ = [
    "CATALOGUE",
    "CASE_FIELDS",
    "DIMENSION_LABELS",
    "LINKS",
    "SENSITIVE_K",
    "SMALL_MUNICIPALITY",
    "AggregateRecords",
    "AreaScheme",
    "CaseFacts",
    "Period",
    "TableSpec",
    "age_band",
    "area_scheme",
    "build_tables",
    "case_facts",
    "category_label",
    "category_labels",
    "duration_band",
    "recent_periods",
]
