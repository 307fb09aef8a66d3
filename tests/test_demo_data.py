"""The demo store looks like real work: spouses of the other sex, next appointments agreed
for open Case-Management cases (so Heute and the Terminzettel have something to show)."""

from datetime import datetime

from sqlalchemy import select

from kimdesk.demo.generator import DemoGenerator
from kimdesk.store.models import Appointment, Client, HouseholdMember


def test_demo_spouses_and_next_appointments(store):
    DemoGenerator(store, seed=3).generate(200)
    with store.session() as s:
        pairs = s.execute(select(Client.sex, HouseholdMember.sex).join(
            HouseholdMember, HouseholdMember.client_id == Client.id).where(
            HouseholdMember.relation == "spouse", Client.sex.in_(("f", "m")))).all()
        upcoming = s.scalars(select(Appointment).where(
            Appointment.starts_at > datetime.now())).all()
    assert pairs and all(a != b for a, b in pairs)
    assert len(upcoming) >= 10


def test_demo_files_have_a_verlauf_and_the_chain_holds(store, store_dir):
    """Every demo Akte shows what was done when (it was empty), written as the services
    write it: the hash chain verifies (``kimdesk check``), also after a second batch and a
    change through a service on top."""
    from kimdesk.casework.clients import ClientService
    from kimdesk.casework.history import HistoryService
    from kimdesk.store.integrity import check_store
    from tests.conftest import PASSPHRASE, run_cli

    DemoGenerator(store, seed=3).generate(30)
    DemoGenerator(store, seed=4).generate(10)
    with store.session() as s:
        client_ids = s.scalars(select(Client.id)).all()
    ClientService(store, "Test CM").update(client_ids[0], languages=["ar"])
    history = HistoryService(store)
    for cid in client_ids:
        entries = history.for_client(cid)
        assert entries, cid
        assert any(e.what for e in entries)
    details = {e.detail for cid in client_ids for e in history.for_client(cid)}
    assert "Einwilligung in die Dokumentation" in " ".join(details)  # labels, not ids
    assert not details & {"documentation", "sharing", "work", "language"}
    first = history.for_client(client_ids[0])
    assert {e.actor for e in first} == {"Test CM"}
    assert check_store(store) == []
    store.close()
    result = run_cli("check", "--store", str(store_dir), env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert "in Ordnung" in result.stdout
