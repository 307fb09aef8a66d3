"""The Verlauf's head goes to the real office with every round; the office keeps the heads
it accepted and notices a log that was cut off or rewritten — even by someone who holds the
store's key and rehashes the chain so that ``kimdesk check`` passes."""

import httpx
import pytest
from sqlalchemy import text

from kimdesk.casework.clients import ClientService
from kimdesk.office import audit_heads
from kimdesk.store import audit_chain
from kimdesk.store.integrity import check_store
from kimdesk.store.models import AuditEntry
from kimdesk.sync.audit_heads import ACKED
from kimdesk.sync.client import Credentials, OfficeClient
from kimdesk.sync.protocol.audit_head import AuditHead
from kimdesk.sync.rounds import Synchronizer
from kimdesk.sync.status import sync_status
from tests.sync.conftest import ThreadedOffice, enroll_store, make_store, run_office_cli


@pytest.fixture
def office_and_store(office_url, tmp_path):
    office = ThreadedOffice(office_url).start()
    store = make_store(tmp_path / "store")
    device_id = enroll_store(store, office.engine, office.url)
    yield office, store, device_id
    store.close()
    office.stop()


def _work(store, n: int) -> None:
    clients = ClientService(store, "Test CM")
    for i in range(n):
        clients.create(f"Person{i}")


def _round(store, office):
    result = Synchronizer(store, office.url).run_round()
    assert result.ok, result.error
    return result


def _chain(office, device_id):
    (row,) = [d for d in audit_heads.overview(office.engine) if d.device_id == device_id]
    return row


def _rehash(store, edit=None, keep_upto: int | None = None) -> None:
    """What an attacker with the key does: change the log, then recompute every hash and
    the remembered head, so the store's own check passes."""
    with store.session() as s, s.begin():
        if keep_upto is not None:
            s.execute(text("DELETE FROM audit_log WHERE id > :n"), {"n": keep_upto})
        previous = audit_chain.GENESIS
        for entry in s.query(AuditEntry).order_by(AuditEntry.id):
            if edit:
                edit(entry)
            entry.content_hash = audit_chain.content_hash_of(entry)
            entry.chain_hash = previous = audit_chain.link(previous, entry.content_hash)
        seq = audit_chain.tail(s)[0]
        s.execute(text("UPDATE settings SET value = json(:v) WHERE key = 'audit_head'"),
                  {"v": f'{{"seq": {seq}, "chain_hash": "{previous}"}}'})
    assert check_store(store) == []


def test_each_round_sends_the_head_and_the_office_keeps_it(office_and_store):
    office, store, device_id = office_and_store
    _work(store, 3)
    _round(store, office)
    with store.session() as s:
        first = audit_chain.head(s)
    assert _chain(office, device_id).accepted_seq == first.seq
    _work(store, 2)
    _round(store, office)
    chain = _chain(office, device_id)
    assert chain.accepted_seq == first.seq + 2 and chain.sound and chain.findings == ()
    assert store.setting(ACKED) == first.seq + 2


def test_a_cut_off_log_is_noticed_by_the_office(office_and_store):
    office, store, device_id = office_and_store
    _work(store, 6)
    _round(store, office)
    accepted = _chain(office, device_id).accepted_seq
    _rehash(store, keep_upto=accepted - 3)
    result = _round(store, office)
    assert any("kürzer" in w for w in result.warnings)
    chain = _chain(office, device_id)
    assert not chain.sound and chain.accepted_seq == accepted
    assert chain.findings[0][:2] == ("Verlauf gekürzt", accepted - 3)
    assert "kürzer" in sync_status(store).message
    shown = run_office_cli("chains", "--db", office.engine.url.render_as_string(False))
    assert shown.returncode == 0 and "AUFFÄLLIG" in shown.stdout
    assert "Verlauf gekürzt" in shown.stdout
    _work(store, 10)  # growing past the old head does not make it good again
    _round(store, office)
    assert not _chain(office, device_id).sound
    assert _chain(office, device_id).accepted_seq == accepted


def test_a_rewritten_log_is_noticed_by_the_office(office_and_store):
    office, store, device_id = office_and_store
    _work(store, 4)
    _round(store, office)

    def edit(entry):
        if entry.id == 2:
            entry.actor = "Jemand anders"

    _rehash(store, edit)
    _work(store, 1)
    result = _round(store, office)
    assert any("verändert" in w for w in result.warnings)
    labels = [f[0] for f in _chain(office, device_id).findings]
    assert labels == ["Verlauf umgeschrieben"]


def test_a_lost_answer_is_made_good_with_the_anchor_the_office_asks_for(office_and_store):
    office, store, device_id = office_and_store
    _work(store, 2)
    _round(store, office)
    store.set_settings({ACKED: 0})  # as if the office's answer had never arrived
    _work(store, 2)
    _round(store, office)
    chain = _chain(office, device_id)
    assert chain.sound and chain.findings == ()
    with store.session() as s:
        assert chain.accepted_seq == audit_chain.head(s).seq


def test_a_head_with_a_wrong_signature_is_refused(office_and_store):
    office, store, device_id = office_and_store
    from kimdesk.store.sync_rows import identity

    with store.session() as s:
        ident = identity(s)
    client = OfficeClient(office.url, Credentials(ident.device_id, ident.private_key))
    forged = AuditHead(seq=5, chain_hash="a" * 64, signature="AAAA")
    with pytest.raises(Exception) as err:
        client.audit_head(forged)
    assert getattr(err.value, "status", None) == 400
    client.close()
    response = httpx.post(office.url + "/v1/audit-head", json={"seq": 1})
    assert response.status_code in (401, 422)
