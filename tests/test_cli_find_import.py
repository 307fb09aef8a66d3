"""Command line: find with name variants, import all-or-nothing, demo data."""

import json

import pytest

from kimdesk.casework.clients import ClientService
from kimdesk.demo.generator import DemoGenerator
from kimdesk.store.case_store import CaseStore
from kimdesk.store.stats import entity_counts
from tests.conftest import PASSPHRASE, run_cli

ENV = {"KIMDESK_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def filled(store, store_dir):
    clients = ClientService(store)
    clients.create("Al-Hassan", given_names="Muhammad", birth_date="12.03.1985",
                   municipality_id="kleve-goch")
    clients.create("Shevchenko", given_names="Yuliia", birth_date="1990",
                   municipality_id="kleve-kleve")
    DemoGenerator(store, seed=3).generate(200)
    store.close()
    return store_dir


@pytest.mark.parametrize("query, expected", [
    ("mohamad hasan", "Al-Hassan, Muhammad"),
    ("julia schewtschenko", "Shevchenko, Yuliia"),
])
def test_find_name_variants(filled, query, expected):
    result = run_cli("find", "--store", str(filled), query, "--json", env=ENV)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["display_name"] == expected
    assert set(hits[0]) == {"id", "display_name", "date_of_birth", "municipality"}


def test_find_by_birth_date(filled):
    result = run_cli("find", "--store", str(filled), "12.03.1985", "--json", env=ENV)
    assert json.loads(result.stdout)[0]["municipality"] == "Goch"


def test_init_prints_recovery_key_once_and_binds_district(tmp_path):
    folder = tmp_path / "neu"
    result = run_cli("init", "--store", str(folder), "--district", "Minden-Lübbecke", env=ENV)
    assert result.returncode == 0, result.stderr
    assert "WIEDERHERSTELLUNGSSCHLÜSSEL" in result.stdout
    store = CaseStore.open(folder, passphrase=PASSPHRASE)
    assert store.district_id == "minden-luebbecke"
    assert entity_counts(store)["services"] > 20
    store.close()
    again = run_cli("init", "--store", str(folder), "--district", "kleve", env=ENV)
    assert again.returncode == 1 and "bereits" in again.stderr
    unknown = run_cli("init", "--store", str(tmp_path / "x"), "--district", "Atlantis", env=ENV)
    assert unknown.returncode == 1 and "Unbekannter Kreis" in unknown.stderr


def test_import_csv_all_rows_or_none(store, store_dir, tmp_path):
    store.close()
    good = tmp_path / "liste.csv"
    good.write_text("Nachname;Vorname;Geburtsdatum;Geschlecht;Staatsangehörigkeit;Kommune;"
                    "Fallart;Fallbeginn;Zugang;Gemeldet von\n"
                    "Karimi;Zahra;01.01.1992;w;Afghanistan;Geldern;Case Management;"
                    "03.03.2026;2;Jobcenter\n"
                    "Popescu;Ion;1980;m;RO;Issum;Kurzintervention;01.04.2026;1;\n",
                    encoding="utf-8")
    bad = tmp_path / "kaputt.csv"
    bad.write_text("Nachname;Geburtsdatum;Kommune\nGut;1990;Goch\nSchlecht;31.02.1990;Goch\n"
                   "Weit;1990;Köln\n", encoding="utf-8")
    result = run_cli("import", "--store", str(store_dir), str(bad), env=ENV)
    assert result.returncode == 1
    assert "Zeile 3" in result.stderr and "Zeile 4" in result.stderr
    assert "Zeile 2" not in result.stderr
    reopened = CaseStore.open(store_dir, passphrase=PASSPHRASE)
    assert entity_counts(reopened)["clients"] == 0
    reopened.close()
    result = run_cli("import", "--store", str(store_dir), str(good), env=ENV)
    assert result.returncode == 0, result.stderr
    reopened = CaseStore.open(store_dir, passphrase=PASSPHRASE)
    counts = entity_counts(reopened)
    assert (counts["clients"], counts["cases"]) == (2, 2)
    assert ClientService(reopened).search("zahra karimi")[0].municipality_id == "kleve-geldern"
    reopened.close()


def test_import_xlsx(store, store_dir, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Familienname", "Vorname", "Geburtsdatum", "Kommune"])
    wb.active.append(["Ivanova", "Mariya", "05.1977", "Kevelaer"])
    path = tmp_path / "liste.xlsx"
    wb.save(path)
    store.close()
    assert run_cli("import", "--store", str(store_dir), str(path), env=ENV).returncode == 0
    reopened = CaseStore.open(store_dir, passphrase=PASSPHRASE)
    hit = ClientService(reopened).search("iwanowa")[0]
    assert (hit.given_names, hit.birth_date) == ("Mariya", "1977-05")
    reopened.close()


def test_demo_data_is_deterministic_and_plausible(tmp_path):
    from datetime import date

    from kimdesk.store.key_slots import KdfParams

    names = []
    for run in range(2):
        store, _ = CaseStore.create(tmp_path / f"s{run}", PASSPHRASE, "hoexter",
                                    kdf=KdfParams.fast())
        counts = DemoGenerator(store, seed=11, today=date(2026, 11, 1)).generate(300)
        names.append([r.display_name for r in ClientService(store).all()])
        store.close()
    assert names[0] == names[1]
    assert counts["clients"] == 300 and counts["contacts"] > 1500
    assert counts["cases"] >= 300 and counts["referrals"] > 50


def test_stats_json(filled):
    result = run_cli("stats", "--store", str(filled), "--json", env=ENV)
    counts = json.loads(result.stdout)
    assert counts["clients"] == 202 and counts["services"] == 40


def test_missing_passphrase_in_a_script_exits_2(filled):
    result = run_cli("stats", "--store", str(filled), env={})
    assert result.returncode == 2
    assert "KIMDESK_PASSPHRASE" in result.stderr


def test_import_with_an_unreadable_encoding_is_refused_in_german(store, store_dir, tmp_path):
    store.close()
    bad = tmp_path / "kaputt.csv"
    bad.write_bytes(b"Nachname\n\x81\x8d\n")
    result = run_cli("import", "--store", str(store_dir), str(bad), env=ENV)
    assert result.returncode == 1
    assert "weder UTF-8 noch Windows-1252" in result.stderr


def test_demo_creates_a_demo_store_once_and_says_without_display(tmp_path):
    env = {"KIMDESK_HOME": str(tmp_path / "home")}
    first = run_cli("demo", "--no-gui", "--clients", "30", env=env)
    assert first.returncode == 0, first.stderr
    assert "demo-passphrase" in first.stdout and "Lege Demo-Datenbestand an" in first.stdout
    again = run_cli("demo", "--no-gui", env=env)
    assert "Lege Demo-Datenbestand an" not in again.stdout  # reused, not rebuilt
    store = CaseStore.open(tmp_path / "home" / "demo", passphrase="demo-passphrase")
    assert entity_counts(store)["clients"] == 30
    store.close()
    headless = run_cli("demo", env={**env, "DISPLAY": "", "WAYLAND_DISPLAY": "",
                                    "QT_QPA_PLATFORM": ""})
    assert headless.returncode == 1 and "Keine grafische Oberfläche" in headless.stderr
