"""Consistency of the shipped reference data and of the loader in kimdesk.catalogues."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from kimdesk import catalogues as cat

# Structure as given by the district concepts (see shared DOMAIN.md).
EXPECTED_STRUCTURE = {
    "kleve": (4, 16),
    "minden-luebbecke": (4, 11),
    "hoexter": (4, 10),
}
SERVICE_DIRECTORY_DISTRICTS = ("kleve", "minden-luebbecke", "hoexter")
CATALOGUES = (
    "life_areas",
    "institution_types",
    "legal_systems",
    "residence_statuses",
    "nationalities",
    "languages",
    "contact_forms",
    "close_reasons",
    "gap_categories",
    "referral_outcomes",
    "consent_scopes",
    "relations",
    "sexes",
)
ASCII_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _ids(catalogue_name: str) -> set[str]:
    return {e.id for e in cat.catalogue(catalogue_name)}


def test_expected_districts_exist() -> None:
    assert set(EXPECTED_STRUCTURE) <= set(cat.district_ids())


@pytest.mark.parametrize("district_id", cat.district_ids())
def test_every_district_loads(district_id: str) -> None:
    d = cat.district(district_id)
    assert d.id == district_id
    assert d.name.startswith("Kreis ")
    assert d.office.name and d.office.city and d.office.postcode
    assert d.planning_areas and d.municipalities()
    for m in d.municipalities():
        assert m.population > 0
        assert m.districts_of_town, m.id
        assert d.planning_area_of(m.id).id == m.planning_area_id


@pytest.mark.parametrize("district_id", cat.district_ids())
def test_district_ids_are_unique_and_ascii(district_id: str) -> None:
    d = cat.district(district_id)
    ids = [pa.id for pa in d.planning_areas] + [m.id for m in d.municipalities()]
    assert len(ids) == len(set(ids))
    for i in ids:
        assert re.match(ASCII_ID, i), i
        assert i.startswith(district_id + "-"), i


@pytest.mark.parametrize("district_id", cat.district_ids())
def test_district_json_declares_source_licence_and_fictional_contact(district_id: str) -> None:
    raw = json.loads(cat.resource_path("districts", f"{district_id}.json").read_text("utf-8"))
    assert raw["source"] and raw["licence"]
    assert raw["office"]["fictional_contact"] is True


@pytest.mark.parametrize(("district_id", "expected"), sorted(EXPECTED_STRUCTURE.items()))
def test_planning_structure_matches_domain(district_id: str, expected: tuple[int, int]) -> None:
    d = cat.district(district_id)
    assert (len(d.planning_areas), len(d.municipalities())) == expected


def test_kleve_teams() -> None:
    d = cat.district("kleve")
    by_area = {pa.name: {m.name for m in pa.municipalities} for pa in d.planning_areas}
    assert by_area["Regionalteam Nord"] == {"Bedburg-Hau", "Kleve", "Kranenburg"}
    assert by_area["Regionalteam Süd"] == {
        "Geldern", "Issum", "Kerken", "Rheurdt", "Straelen", "Wachtendonk"
    }


def test_district_lookup_by_display_name() -> None:
    assert cat.district("Kreis Kleve").id == "kleve"
    assert cat.district("Kleve").id == "kleve"
    assert cat.district("Minden-Lübbecke").id == "minden-luebbecke"
    assert cat.district("Kreis Höxter").id == "hoexter"


def test_unknown_district_raises_german_message() -> None:
    with pytest.raises(cat.UnknownDistrictError) as exc:
        cat.district("Atlantis")
    message = str(exc.value)
    assert "Unbekannter Kreis" in message
    assert "kleve" in message
    assert isinstance(exc.value, ValueError)


def test_municipality_lookup() -> None:
    d = cat.district("minden-luebbecke")
    assert d.find_municipality_by_name("Preussisch Oldendorf").name == "Preußisch Oldendorf"
    assert d.find_municipality_by_name("LÜBBECKE").id == "minden-luebbecke-luebbecke"
    assert d.find_municipality_by_name("Kleve") is None
    assert d.planning_area_of("minden-luebbecke-hille").name.startswith("Cluster Minden")
    with pytest.raises(KeyError, match="gehört nicht"):
        d.municipality("kleve-kleve")


@pytest.mark.parametrize("name", CATALOGUES)
def test_catalogue_entries_have_id_and_label(name: str) -> None:
    entries = cat.catalogue(name)
    assert entries
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert e.id and e.label
    raw = json.loads(cat.resource_path("catalogues", f"{name}.json").read_text("utf-8"))
    assert raw["name"] == name and raw["source"] and raw["licence"]


def test_life_areas_are_the_fourteen() -> None:
    assert _ids("life_areas") == {
        "residence", "orientation", "language", "childcare", "school", "training",
        "recognition", "work", "housing", "health", "livelihood", "family",
        "participation", "naturalisation",
    }


def test_cross_references_between_catalogues() -> None:
    legal = _ids("legal_systems")
    areas = _ids("life_areas")
    langs = _ids("languages")
    for e in cat.catalogue("institution_types"):
        if "legal_system" in e.extra:
            assert e.extra["legal_system"] in legal, e.id
        assert set(e.extra.get("life_areas", ())) <= areas, e.id
    for e in cat.catalogue("life_areas"):
        assert set(e.extra["legal_systems"]) <= legal, e.id
    for e in cat.catalogue("nationalities"):
        assert set(e.extra["languages"]) <= langs, e.id
        assert e.extra["region"]
    statuses = _ids("residence_statuses")
    for e in cat.catalogue("residence_statuses"):
        assert e.extra["group"] and isinstance(e.extra["expires"], bool)
        assert set(e.extra.get("follow_up", ())) <= statuses
    relations = _ids("relations")
    for e in cat.catalogue("relations"):
        assert e.extra["inverse"] in relations


def test_chancen_title_is_eighteen_months() -> None:
    e = cat.entry("residence_statuses", "ae_104c")
    assert e.extra["paragraph"] == "§ 104c AufenthG"
    assert e.extra["typical_validity_months"] == 18


def test_label_and_entry() -> None:
    assert cat.label("sexes", "f") == "weiblich"
    assert cat.label("sexes", "does-not-exist") == "does-not-exist"
    assert cat.entry("legal_systems", "sgb2").label == "SGB II (Jobcenter)"
    with pytest.raises(KeyError):
        cat.entry("sexes", "does-not-exist")
    with pytest.raises(KeyError):
        cat.catalogue("does-not-exist")


def test_entries_are_immutable() -> None:
    e = cat.entry("nationalities", "SY")
    with pytest.raises(TypeError):
        e.extra["region"] = "x"  # type: ignore[index]
    assert isinstance(e.extra["languages"], tuple)


@pytest.mark.parametrize("district_id", SERVICE_DIRECTORY_DISTRICTS)
def test_service_directory_references_exist(district_id: str) -> None:
    services = cat.service_directory(district_id)
    assert 25 <= len(services) <= 40
    types = _ids("institution_types")
    areas = _ids("life_areas")
    langs = _ids("languages")
    munis = {m.id for m in cat.district(district_id).municipalities()}
    ids = [s["id"] for s in services]
    assert len(ids) == len(set(ids))
    for s in services:
        assert s["name"], s
        assert s["type"] in types, s["id"]
        assert s["municipality"] in munis, s["id"]
        assert s["life_areas"] and set(s["life_areas"]) <= areas, s["id"]
        assert set(s["languages"]) <= langs, s["id"]
        assert s["contact"]["email"].endswith("@example.org"), s["id"]


def test_service_directory_returns_copies() -> None:
    first = cat.service_directory("Kreis Kleve")
    first[0]["name"] = "geändert"
    assert cat.service_directory("kleve")[0]["name"] != "geändert"


def test_resource_path_honours_frozen_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.setattr(cat.sys, "_MEIPASS", str(tmp_path), raising=False)
    expected = tmp_path / "resources" / "catalogues" / "x.json"
    assert cat.resource_path("catalogues", "x.json") == expected
