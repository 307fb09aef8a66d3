"""Laptops upgrade in the field: a store from the first schema opens and keeps its data."""

import shutil
from pathlib import Path

from sqlalchemy import inspect

from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.store import migrate
from kimdesk.store.case_store import CaseStore

FIXTURE = Path(__file__).parent / "fixtures" / "store_v0001"
PASSPHRASE = "fixture-passphrase-0001"


def test_store_from_first_migration_upgrades_without_loss(tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(FIXTURE, folder)
    with CaseStore.open(folder, passphrase=PASSPHRASE, upgrade=False).engine.connect() as conn:
        assert migrate.current_revision(conn) == "0001"
    store = CaseStore.open(folder, passphrase=PASSPHRASE)
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert "drafts" in inspect(conn).get_table_names()
    clients = ClientService(store)
    assert clients.count() == 2
    hit = clients.search("mohamad hasan")[0]
    assert (hit.family_name, hit.given_names, hit.birth_date) == ("Al-Hassan", "Muhammad",
                                                                   "1985-03-12")
    case = CaseService(store).cases_of(hit.id)[0]
    assert [c.note for c in CaseService(store).contacts(case.id)] == ["Erstgespräch"]
    store.close()
    backups = list((folder / "backups").glob("case-file-before-upgrade-from-0001-*.db"))
    assert len(backups) == 1
    assert b"Al-Hassan" not in backups[0].read_bytes()
    # the backup is a working encrypted copy at the old revision
    shutil.copy(backups[0], tmp_path / "restored.db")


def test_new_store_is_at_head(store):
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        pragmas = {p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                   for p in ("journal_mode", "foreign_keys", "secure_delete", "temp_store")}
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "secure_delete": 1,
                       "temp_store": 2}
