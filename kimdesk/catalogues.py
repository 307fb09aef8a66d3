"""Read-only access to the shipped reference data (districts, catalogues, service directories).

The data lives as JSON under ``resources/`` so that districts can adapt it without touching
code; this module only parses, freezes and caches it. Stdlib only, no Qt.
"""

from __future__ import annotations

import copy
import json
import pathlib
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import MappingProxyType

__all__ = [
    "District",
    "Entry",
    "Municipality",
    "Office",
    "PlanningArea",
    "UnknownCatalogueError",
    "UnknownDistrictError",
    "catalogue",
    "catalogue_names",
    "district",
    "district_ids",
    "entry",
    "label",
    "resource_path",
    "service_directory",
]


class UnknownDistrictError(ValueError):
    """Raised for a district that has no data file; the message is shown to users."""


class UnknownCatalogueError(KeyError):
    """Raised for a catalogue name that has no data file."""

    def __str__(self) -> str:  # KeyError would otherwise repr() the German message
        return str(self.args[0]) if self.args else ""


def resource_path(*parts: str) -> pathlib.Path:
    """Path below ``resources/``; in a frozen build the bundle dir replaces the repo root."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        base = pathlib.Path(frozen_base)
    else:
        base = pathlib.Path(__file__).resolve().parent.parent
    return base.joinpath("resources", *parts)


def _fold(text: str) -> str:
    """Fold a name for lenient matching: case, umlauts (ä/ae), ß/ss, punctuation, spaces."""
    text = text.strip().casefold()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "", text)


def _freeze(value: object) -> object:
    """Make JSON values immutable so cached objects cannot be changed by callers."""
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _read_json(path: pathlib.Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


# --- districts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    population: int
    planning_area_id: str
    districts_of_town: tuple[str, ...]


@dataclass(frozen=True)
class PlanningArea:
    id: str
    name: str
    municipalities: tuple[Municipality, ...]


@dataclass(frozen=True)
class Office:
    """Sender block for letters and printouts; districts edit the JSON."""

    name: str
    department: str
    street: str
    postcode: str
    city: str
    phone: str
    email: str


DEFAULT_RETENTION_YEARS = 3
MAX_RETENTION_YEARS = 30


def _retention_years(data: dict) -> int:
    """The district's retention period; a district may set another one, never none."""
    retention = data.get("retention", {"years_after_closing": DEFAULT_RETENTION_YEARS})
    years = retention.get("years_after_closing") if isinstance(retention, dict) else None
    if isinstance(years, bool) or not isinstance(years, int) \
            or not 1 <= years <= MAX_RETENTION_YEARS:
        raise ValueError(f"Die Aufbewahrungsfrist des Kreises {data.get('id')} muss 1 bis "
                         f"{MAX_RETENTION_YEARS} Jahre betragen.")
    return years


@dataclass(frozen=True)
class District:
    id: str
    name: str
    office: Office
    planning_areas: tuple[PlanningArea, ...]
    #: Löschkonzept: case files are deleted this many years after the end of the year in
    #: which the last case was closed ("retention" in the district file; never none)
    retention_years: int = DEFAULT_RETENTION_YEARS

    def municipalities(self) -> list[Municipality]:
        return [m for area in self.planning_areas for m in area.municipalities]

    def municipality(self, mid: str) -> Municipality:
        for m in self.municipalities():
            if m.id == mid:
                return m
        raise KeyError(f"Kommune „{mid}“ gehört nicht zum {self.name}.")

    def planning_area_of(self, mid: str) -> PlanningArea:
        pa_id = self.municipality(mid).planning_area_id
        return next(area for area in self.planning_areas if area.id == pa_id)

    def find_municipality_by_name(self, name: str) -> Municipality | None:
        """Match a typed name ("Preussisch Oldendorf", "kleve") or an id; None if unknown."""
        wanted = _fold(name)
        return self._municipalities_by_folded_name.get(wanted) if wanted else None

    @cached_property
    def _municipalities_by_folded_name(self) -> dict[str, Municipality]:
        """Each municipality under its folded name, id and bare id, the first one wins —
        folded once: every client search asks whether its text names a municipality."""
        keys: dict[str, Municipality] = {}
        for m in self.municipalities():
            for key in (_fold(m.name), _fold(m.id), _fold(m.id.removeprefix(self.id + "-"))):
                keys.setdefault(key, m)
        return keys


def _parse_district(data: dict) -> District:
    office_data = data["office"]
    office = Office(
        **{key: str(office_data.get(key, "")) for key in Office.__dataclass_fields__}
    )
    areas = tuple(
        PlanningArea(
            id=area["id"],
            name=area["name"],
            municipalities=tuple(
                Municipality(
                    id=m["id"],
                    name=m["name"],
                    population=int(m["population"]),
                    planning_area_id=area["id"],
                    districts_of_town=tuple(m.get("districts_of_town", ())),
                )
                for m in area["municipalities"]
            ),
        )
        for area in data["planning_areas"]
    )
    return District(id=data["id"], name=data["name"], office=office, planning_areas=areas,
                    retention_years=_retention_years(data))


@lru_cache(maxsize=1)
def _district_files() -> dict[str, pathlib.Path]:
    folder = resource_path("districts")
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.json"))}


def district_ids() -> list[str]:
    return list(_district_files())


@lru_cache(maxsize=64)
def _load_district(district_id: str) -> District:
    return _parse_district(_read_json(_district_files()[district_id]))


def _resolve_district_id(key: str) -> str | None:
    files = _district_files()
    if key in files:
        return key
    wanted = _fold(key)
    wanted_bare = _fold(re.sub(r"^\s*kreis\s+", "", key, flags=re.IGNORECASE))
    for did in files:
        name = _load_district(did).name
        bare = re.sub(r"^\s*kreis\s+", "", name, flags=re.IGNORECASE)
        if wanted in (_fold(did), _fold(name)) or wanted_bare == _fold(bare):
            return did
    return None


def district(district_id: str) -> District:
    """Load a district by id ("kleve") or display name ("Kreis Kleve", "Minden-Lübbecke")."""
    did = _resolve_district_id(district_id)
    if did is None:
        valid = ", ".join(district_ids()) or "(keine)"
        raise UnknownDistrictError(
            f"Unbekannter Kreis „{district_id}“. Gültige Kennungen: {valid}."
        )
    return _load_district(did)


# --- catalogues -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    extra: Mapping[str, object] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, hash=False
    )

    def strings(self, key: str) -> list[str]:
        """A list-valued extra field as strings (empty when the entry has none)."""
        value = self.extra.get(key, ())
        return [str(v) for v in value] if isinstance(value, list | tuple) else []


def catalogue_names() -> list[str]:
    folder = resource_path("catalogues")
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


@lru_cache(maxsize=64)
def catalogue(name: str) -> tuple[Entry, ...]:
    """All entries of a catalogue in file order (the order the UI shows)."""
    path = resource_path("catalogues", f"{name}.json")
    if not path.is_file():
        valid = ", ".join(catalogue_names()) or "(keine)"
        raise UnknownCatalogueError(f"Unbekannter Katalog „{name}“. Vorhanden: {valid}.")
    entries = []
    for raw in _read_json(path)["entries"]:
        extra = {k: v for k, v in raw.items() if k not in ("id", "label")}
        frozen = MappingProxyType({k: _freeze(v) for k, v in extra.items()})
        entries.append(Entry(id=str(raw["id"]), label=str(raw["label"]), extra=frozen))
    return tuple(entries)


@lru_cache(maxsize=64)
def _catalogue_index(name: str) -> Mapping[str, Entry]:
    return MappingProxyType({e.id: e for e in catalogue(name)})


def entry(name: str, entry_id: str) -> Entry:
    index = _catalogue_index(name)
    if entry_id not in index:
        raise KeyError(f"Eintrag „{entry_id}“ fehlt im Katalog „{name}“.")
    return index[entry_id]


def label(name: str, entry_id: str) -> str:
    """German label for display; the raw id if unknown, so old data never breaks a screen."""
    found = _catalogue_index(name).get(entry_id)
    return found.label if found else entry_id


# --- service directory ------------------------------------------------------------------


@lru_cache(maxsize=64)
def _service_directory(district_id: str) -> tuple[dict, ...]:
    did = district(district_id).id
    path = resource_path("service_directory", f"{did}.json")
    if not path.is_file():
        return ()
    return tuple(_read_json(path)["entries"])


def service_directory(district_id: str) -> list[dict]:
    """Local services of a district; a fresh copy each call, callers may edit it freely."""
    return copy.deepcopy(list(_service_directory(district_id)))
