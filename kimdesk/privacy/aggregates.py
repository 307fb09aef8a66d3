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

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from kimdesk.core.errors import DomainError
from kimdesk.core.vocabulary import CaseType
from kimdesk.privacy.aggregate_dimensions import (  # noqa: F401 - re-exported
    _PERIOD,
    ACCESS,
    AGE_BANDS,
    CASE_FIELDS,
    DIMENSION_LABELS,
    DURATION_BANDS,
    ENTRY,
    EXIT,
    NONE,
    OTHER,
    SENSITIVE_K,
    SEXES,
    SMALL_MUNICIPALITY,
    UNKNOWN,
    AggregateRecords,
    AreaScheme,
    Period,
    _catalogue_extra,
    _catalogue_labels,
    _categories,
    _residence_group_of,
    _with_fallback,
    area_scheme,
    category_label,
    category_labels,
    recent_periods,
)
from kimdesk.privacy.count_tables import CountTable, Link

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
