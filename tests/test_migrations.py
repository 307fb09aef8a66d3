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


FIXTURE_0006 = Path(__file__).parent / "fixtures" / "store_v0006"


def test_store_from_0006_gets_record_keys_and_rebuilds_old_aggregates(tmp_path):
    """The schema before the cell key method: every counted record gets a random key (the
    rows themselves stay: ``tests/test_schema_fixtures.py``), the figures can be built, a
    new record gets a key when it is created, and the first sync round drops the
    aggregates of the old format that never left and queues the period anew as /2."""
    from datetime import date

    from sqlalchemy import func, select

    from kimdesk.casework.clients import ClientService
    from kimdesk.privacy.payload import build_payload
    from kimdesk.store.models import (
        Case,
        Client,
        Contact,
        GapReport,
        OutboxItem,
        Referral,
        SyncIdentity,
    )
    from kimdesk.sync.rounds import Synchronizer

    folder = tmp_path / "old"
    shutil.copytree(FIXTURE_0006, folder)
    store = CaseStore.open(folder, passphrase="fixture-passphrase-0006")
    with store.session() as s:
        for model in (Client, Case, Contact, Referral, GapReport):
            assert s.scalar(select(func.count()).select_from(model)) > 0
            keys = list(s.scalars(select(model.record_key)))
            assert all(0 <= k < 2**32 for k in keys)
            assert len(set(keys)) > 0.95 * len(keys)  # random, not a constant default
        old = [(o.state, o.payload["schema"]) for o in s.scalars(select(OutboxItem))]
    assert old == [("queued", "kimdesk.aggregates/1")]
    payload = build_payload(store, "2026-Q3", today=date(2026, 10, 15))
    assert payload["schema"] == "kimdesk.aggregates/2" and payload["team_id"] is None
    new = ClientService(store).create("Neu", given_names="Nadia", sex="f")
    with store.session() as s:
        assert s.get(Client, new).record_key != 0  # new rows get a key when created

    with store.session() as s, s.begin():  # enrolled, but the office is not there
        s.add(SyncIdentity(id=1, device_id="d", office_url="http://127.0.0.1:9",
                           private_key=b"k" * 32, public_key=b"p" * 32))
    Synchronizer(store, today=lambda: date(2026, 11, 22)).run_round()
    with store.session() as s:
        items = {o.dedupe_key: o.payload["schema"] for o in s.scalars(select(OutboxItem))}
    assert items["aggregates:2026-Q3"] == "kimdesk.aggregates/2"
    assert set(items.values()) == {"kimdesk.aggregates/2"}
    store.close()
