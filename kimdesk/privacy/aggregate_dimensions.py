"""Periods, records and dimensions of the aggregate tables: what each category is called,
which municipalities are pooled into their planning area, how periods are named.

Split from ``aggregates`` (the table catalogue and the counting), which re-exports these.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from kimdesk import catalogues
from kimdesk.core.errors import DomainError
from kimdesk.core.vocabulary import CASE_TYPE_LABELS, CaseType
from kimdesk.privacy.count_tables import TOTAL

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
