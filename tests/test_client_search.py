"""The client search in plain SQL (casework.client_search): ``kimdesk find`` loads no
SQLAlchemy yet finds the right people, and the list's filters and ranking hold."""

import json
import os
import subprocess
import sys
from datetime import date

from kimdesk.casework import client_search
from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.store.case_store import DB_NAME
from kimdesk.store.connection import connect_raw
from tests.conftest import PASSPHRASE, run_cli


def _find_in_fresh_process(store_dir, query: str) -> tuple[list[dict], set[str]]:
    """Run ``kimdesk find --json`` in a new interpreter; its hits and the top-level
    packages loaded by the end."""
    code = ("import json, sys\nfrom kimdesk.cli import main\n"
            f"code = main(['find', '--store', {str(store_dir)!r}, {query!r}, '--json'])\n"
            "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")}
    env["KIMDESK_PASSPHRASE"] = PASSPHRASE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=600, check=True)
    *hits_json, last = done.stdout.strip().splitlines()
    code, loaded = json.loads(last)
    assert code == 0, done.stderr
    return json.loads("\n".join(hits_json)), set(loaded)


def test_find_on_the_command_line_loads_no_sqlalchemy(store, store_dir):
    clients = ClientService(store)
    clients.create("Al-Hassan", given_names="Muhammad", birth_date="12.03.1985",
                   municipality_id="kleve-goch")
    clients.create("Hasani", given_names="Leyla", municipality_id="kleve-kleve")
    clients.create("Shevchenko", given_names="Yuliia", birth_date="1990")
    store.close()
    hits, loaded = _find_in_fresh_process(store_dir, "mohamad hasan")
    assert [h["display_name"] for h in hits] == ["Al-Hassan, Muhammad"]
    assert hits[0]["municipality"] == "Goch"
    assert "sqlalchemy" not in loaded and "sqlcipher3" in loaded
    hits, loaded = _find_in_fresh_process(store_dir, "12.03.1985")
    assert [h["display_name"] for h in hits] == ["Al-Hassan, Muhammad"]
    assert "sqlalchemy" not in loaded


def test_spelling_matches_come_before_sound_alikes(store):
    clients = ClientService(store)
    sound = clients.create("Hasan", given_names="Muhammad")      # sounds like "hassan"
    spelled = clients.create("Hassanein", given_names="Omar")    # "hassan" as a prefix
    exact = clients.create("Hassan", given_names="Ali")
    ids = [r.id for r in clients.search("hassan")]
    assert ids[:2] == [exact, spelled] and sound in ids[2:]
    assert [r.id for r in clients.search("hassan", limit=1)] == [exact]


def test_closed_status_open_case_count_and_paging(store):
    clients, cases = ClientService(store), CaseService(store)
    closed = clients.create("Berger", given_names="Anna")
    open_ = clients.create("Adam", given_names="Bernd")
    clients.create("Cem", given_names="Deniz")  # no case at all
    case_id = cases.open_case(closed, "case_management", date.today())
    cases.close(case_id, date.today(), "goals_reached")
    cases.open_case(open_, "process_support", date.today())
    cases.open_case(open_, "case_management", date.today())
    assert [r.id for r in clients.find("", status="closed")] == [closed]
    assert [r.id for r in clients.find("", status="open")] == [open_]
    by_name = clients.all()
    assert [r.family_name for r in by_name] == ["Adam", "Berger", "Cem"]
    assert [r.open_cases for r in by_name] == [2, 0, 0]
    assert [r.family_name for r in clients.all(limit=1, offset=1)] == ["Berger"]
    assert clients.count() == 3 == len(client_search.all_clients(store))


def test_search_text_is_bound_never_run_as_sql(store):
    clients = ClientService(store)
    clients.create("O'Brien", given_names="Sean")
    clients.create("Zander", given_names="Eva")
    assert [r.family_name for r in clients.find("o'brien")] == ["O'Brien"]
    assert clients.find("x'); DROP TABLE clients; --") == []
    assert clients.find("%") == [] and clients.find("_") == []  # no wildcard initials
    assert clients.count() == 2


def test_a_database_error_during_a_plain_search_gets_the_german_sentence(store, store_dir):
    """The search reads without SQLAlchemy, so the driver's own error must be recognised
    too: here the name index is missing (a damaged store), and find says so in German."""
    ClientService(store).create("Al-Hassan", given_names="Muhammad")
    conn = connect_raw(store.folder / DB_NAME, store._data_key)
    conn.execute("DROP TABLE client_search")
    conn.commit()
    conn.close()
    store.close()
    result = run_cli("find", "--store", str(store_dir), "mohamad hasan", "--json",
                     env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "konnte nicht gelesen" in result.stderr and "Traceback" not in result.stderr
