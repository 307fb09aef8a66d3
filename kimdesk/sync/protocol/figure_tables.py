"""The table catalogue of the anonymised figures: what each table counts, its dimensions,
their categories and German labels — shared by the laptop (which builds the tables), the
payload model (which admits only these tables and categories) and the office (which
composes and shows them).

Categories are generalised on purpose: case type, entry/exit in the period, municipality
(small municipalities pooled per planning area by population, never by the data), age
band, sex (divers and "keine Angabe" pooled), residence-status group, life area and the
catalogue ids of institutions, outcomes, gap categories and close reasons.  Never names,
dates, free text or record ids.  Every table about cases counts the same unit — cases
worked on in the period — so cells that describe the same cases carry the same number in
every table (the cell key method guarantees it, see ``docs/disclosure-control.md``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from kimdesk import catalogues
from kimdesk.core.vocabulary import CASE_TYPE_LABELS, CaseType

TOTAL = "*"
UNKNOWN = "unknown"
NONE = "none"
OTHER = "other"
#: Municipalities below this population are reported pooled with their planning area.
SMALL_MUNICIPALITY = 15_000

#: The one sentence shown wherever perturbed figures are (as in Zensus 2022 tables).
PERTURBATION_NOTE = ("Die Werte sind zur Geheimhaltung leicht verändert (Cell-Key-Methode); "
                     "Summen können daher von der Summe der Einzelwerte abweichen.")

#: The perturbation table every table uses unless it names a stricter one.
STANDARD_PTABLE = "standard"
STRICT_PTABLE = "strict"


@dataclass(frozen=True)
class TableSpec:
    """One table of the catalogue.

    ``multi_response``: dimensions in which one unit may count in several categories
    (a case touches several life areas); the margin over such a dimension is the number
    of units, not the sum of its categories.

    ``strict``: dimensions whose categories are sensitive (residence status).  A cell that
    names a category of one of them is perturbed with the strict table; its margins over
    them (``*``) count the same cases as cells of other tables and are perturbed like
    those, with the standard table — so the same cases always show the same value.
    """

    id: str
    title: str
    dimensions: tuple[str, ...]
    unit: str  # what one count is (German, for docs and screens)
    multi_response: tuple[str, ...] = ()
    strict: tuple[str, ...] = ()
    counts: str = "cases"  # the records counted: cases, contacts, referrals, gaps

    @property
    def multi_response_dimension(self) -> str | None:
        return self.multi_response[0] if self.multi_response else None

    def ptable_of(self, key: tuple[str, ...]) -> str:
        """The perturbation table of one cell (see ``strict``)."""
        for dim, category in zip(self.dimensions, key, strict=True):
            if category != TOTAL and dim in self.strict:
                return STRICT_PTABLE
        return STANDARD_PTABLE

    @property
    def ptables(self) -> tuple[str, ...]:
        return (STANDARD_PTABLE, STRICT_PTABLE) if self.strict else (STANDARD_PTABLE,)


CASES_UNIT = "Fall, der im Zeitraum bearbeitet wurde (offen an mindestens einem Tag)"

TABLES: tuple[TableSpec, ...] = (
    TableSpec("case_flow", "Fälle nach Kommune, Fallart und Stand (offen/abgeschlossen)",
              ("municipality", "case_type", "exit"), CASES_UNIT),
    TableSpec("caseload", "Fallbestand nach Fallart, Zugang und Stand",
              ("case_type", "entry", "exit"), CASES_UNIT),
    TableSpec("closing_reasons", "Fälle nach Stand und Abschlussgrund",
              ("exit", "close_reason"), CASES_UNIT),
    TableSpec("case_duration", "Fälle nach Falldauer (bei Abschluss bzw. am Ende des "
              "Zeitraums)", ("entry", "exit", "duration_band"), CASES_UNIT),
    TableSpec("life_areas", "Fälle nach bearbeitetem Lebensbereich und Fallart "
              "(Mehrfachnennung)", ("life_area", "case_type"),
              "Fall; ein Fall zählt in jedem Lebensbereich, der in einem Kontakt im Zeitraum "
              "Thema war — die Lebensbereiche ergeben zusammen nicht die Fallzahl",
              multi_response=("life_area",)),
    TableSpec("residence_status", "Fälle nach Aufenthaltsstatus (Gruppe) und Fallart",
              ("residence_group", "case_type"), CASES_UNIT, strict=("residence_group",)),
    TableSpec("age_sex", "Fälle nach Altersgruppe und Geschlecht der Klient*in",
              ("age_band", "sex"), CASES_UNIT),
    TableSpec("access", "Fälle nach Zugangsweg und meldender Stelle",
              ("access_path", "referrer_type"), CASES_UNIT),
    TableSpec("contacts_by_form", "Kontakte nach Kontaktform", ("contact_form",),
              "Kontakt im Zeitraum", counts="contacts"),
    TableSpec("referrals", "Vermittlungen nach Art der Stelle und Ergebnis",
              ("institution_type", "outcome"), "Vermittlung, die im Zeitraum erfolgte",
              counts="referrals"),
    TableSpec("gaps", "Gemeldete Lücken und Hindernisse nach Kategorie und Rechtskreis",
              ("gap_category", "legal_system"), "Lückenmeldung im Zeitraum", counts="gaps"),
)

SPECS: Mapping[str, TableSpec] = {spec.id: spec for spec in TABLES}

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
#: Lower age limit of each band after the first (``0-17``), in ``AGE_BANDS`` order.
AGE_LIMITS = (18, 27, 45, 65)
SEXES = {"f": "weiblich", "m": "männlich", "d_x": "divers / keine Angabe"}
#: (id, label, first day not in the band)
DURATION_BANDS = (("lt_1m", "unter 1 Monat", 31), ("1_3m", "1 bis unter 3 Monate", 92),
                  ("3_6m", "3 bis unter 6 Monate", 183),
                  ("6_12m", "6 bis unter 12 Monate", 366),
                  ("12_24m", "12 bis unter 24 Monate", 731),
                  ("24m_plus", "24 Monate und mehr", 10**9))


@lru_cache(maxsize=8)
def _catalogue_extra(name: str, key: str) -> dict[str, str]:
    """Top-level maps of a catalogue file (residence ``groups``) that ``catalogues`` skips."""
    path = catalogues.resource_path("catalogues", f"{name}.json")
    return dict(json.loads(path.read_text("utf-8")).get(key, {}))


def _catalogue_labels(name: str) -> dict[str, str]:
    return {e.id: e.label for e in catalogues.catalogue(name)}


@lru_cache(maxsize=16)
def residence_group_of() -> Mapping[str, str]:
    """Residence status id → its published group."""
    return {e.id: str(e.extra.get("group", UNKNOWN))
            for e in catalogues.catalogue("residence_statuses")}


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


@lru_cache(maxsize=64)
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


def categories(dimension: str, district_id: str = "") -> tuple[str, ...]:
    return tuple(category_labels(dimension, district_id))


def category_label(dimension: str, category: str, district_id: str = "") -> str:
    """German label of a category for screens; ``*`` is the total."""
    if category == TOTAL:
        return "Summe"
    try:
        return category_labels(dimension, district_id).get(category, category)
    except (KeyError, ValueError):  # a dimension or district this catalogue does not know
        return category


@lru_cache(maxsize=16)
def teams(district_id: str) -> Mapping[str, str]:
    """The district's teams (Regionalteams, Cluster, Planungsräume): id → German name.

    A store belongs to one of them (chosen at setup); the office composes figures by team.
    """
    return {area.id: area.name for area in catalogues.district(district_id).planning_areas}


__all__ = [
    "DIMENSION_LABELS", "SPECS", "TABLES", "TOTAL", "AreaScheme", "TableSpec", "area_scheme",
    "categories", "category_label", "category_labels", "residence_group_of", "teams",
]
