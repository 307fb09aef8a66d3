"""A store belongs to one team of its district, chosen at setup; a demo district spreads
realistic caseloads over the teams."""

import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from kimdesk import catalogues
from kimdesk.config import DEMO_PASSPHRASE
from kimdesk.demo.district import make_demo_district
from kimdesk.store.case_store import CaseStore
from kimdesk.store.files import is_store
from kimdesk.store.models import Case, Client

ROOT = Path(__file__).resolve().parents[1]


def _kimdesk(*args: str, passphrase: str = "richtig-geheim-42") -> subprocess.CompletedProcess:
    env = {"KIMDESK_PASSPHRASE": passphrase, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "kimdesk.cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def test_init_puts_the_store_in_a_team_and_refuses_a_foreign_one(tmp_path):
    done = _kimdesk("init", "--store", str(tmp_path / "a"), "--district", "minden-luebbecke",
                    "--team", "minden-luebbecke-cluster-espelkamp")
    assert done.returncode == 0, done.stderr
    assert "Cluster Espelkamp/Rahden/Stemwede" in done.stdout
    store = CaseStore.open(tmp_path / "a", passphrase="richtig-geheim-42")
    assert store.setting("team_id") == "minden-luebbecke-cluster-espelkamp"
    store.close()
    refused = _kimdesk("init", "--store", str(tmp_path / "b"), "--district", "kleve",
                       "--team", "minden-luebbecke-cluster-espelkamp")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Das Team „minden-luebbecke-cluster-espelkamp“ gehört "
                                     "nicht zum Kreis Kleve.")
    assert "kleve-nord (Regionalteam Nord)" in refused.stderr and "Traceback" not in refused.stderr
    assert not is_store(tmp_path / "b")  # nothing half-made


def test_demo_district_spreads_caseloads_over_the_teams(tmp_path):
    made = make_demo_district(tmp_path, "kleve", stores=8, clients=55, seed=3,
                              today=date(2026, 10, 15))
    teams = [a.id for a in catalogues.district("kleve").planning_areas]
    assert [m.team_id for m in made] == teams * 2
    assert len({m.case_manager for m in made}) == 8
    district = catalogues.district("kleve")
    for demo in made:
        store = CaseStore.open(demo.folder, passphrase=DEMO_PASSPHRASE)
        assert store.setting("team_id") == demo.team_id
        assert store.setting("case_manager") == demo.case_manager
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(Client)) == 55
            assert s.scalar(select(func.count()).select_from(Case)) >= 55
            places = set(s.scalars(select(Client.municipality_id)))
        assert {district.municipality(m).planning_area_id for m in places} == {demo.team_id}
        store.close()
    again = make_demo_district(tmp_path / "again", "kleve", stores=1, clients=55, seed=3,
                               today=date(2026, 10, 15))
    stores = [CaseStore.open(d.folder, passphrase=DEMO_PASSPHRASE) for d in (made[0], again[0])]
    keys = []
    for store in stores:  # the same seed gives the same district, record keys included
        with store.session() as s:
            keys.append(list(s.scalars(select(Case.record_key).order_by(Case.id))))
        store.close()
    assert keys[0] == keys[1]


def test_the_cli_makes_a_demo_district(tmp_path):
    done = _kimdesk("demo-district", "--out", str(tmp_path), "--district", "hoexter",
                    "--stores", "4", "--clients", "10", "--today", "2026-10-15")
    assert done.returncode == 0, done.stderr
    assert "4 Demo-Datenbestände" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cm-01-nordkreis", "cm-02-suedkreis", "cm-03-mitte-west", "cm-04-ost"]
