"""The Verlauf is a hash chain: an edited, deleted, reordered or cut-off entry makes
``kimdesk check`` exit 3 and name the first entry where the chain breaks."""

import shutil

import pytest
from sqlalchemy import text

from kimdesk.casework.clients import ClientService
from kimdesk.store import audit_chain, migrate
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import AuditEntry
from tests.conftest import PASSPHRASE, run_cli
from tests.test_migrations import FIXTURE
from tests.test_migrations import PASSPHRASE as FIXTURE_PASSPHRASE

ENV = {"KIMDESK_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def logged(store):
    clients = ClientService(store, "Test CM")
    for name in ("Eins", "Zwei", "Drei", "Vier", "Fünf", "Sechs"):
        clients.create(name)
    with store.session() as s:
        assert audit_chain.verify(s).sound
    store.close()
    return store.folder


def _sql(folder, *statements: str) -> None:
    store = CaseStore.open(folder, passphrase=PASSPHRASE)
    with store.engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    store.close()


def _check(folder):
    return run_cli("check", "--store", str(folder), env=ENV)


def test_a_sound_chain_passes_check(logged):
    result = _check(logged)
    assert result.returncode == 0, result.stderr
    assert "in Ordnung" in result.stdout


@pytest.mark.parametrize(("tamper", "named"), [
    (("UPDATE audit_log SET summary = 'phone' WHERE id = 3",), "Eintrag 3"),
    (("UPDATE audit_log SET actor = 'Jemand anders' WHERE id = 2",), "Eintrag 2"),
    (("DELETE FROM audit_log WHERE id = 3",), "Eintrag 3 fehlt"),
    (("UPDATE audit_log SET id = -3 WHERE id = 3", "UPDATE audit_log SET id = 3 WHERE id = 4",
      "UPDATE audit_log SET id = 4 WHERE id = -3"), "Eintrag 3"),
    (("DELETE FROM audit_log WHERE id = 6",), "Eintrag 6 fehlt"),
    (("DELETE FROM audit_log WHERE id >= 5",), "die Einträge 5 bis 6 fehlen"),
])
def test_tampering_makes_check_exit_3_and_name_the_entry(logged, tamper, named):
    _sql(logged, *tamper)
    result = _check(logged)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Verlauf" in result.stderr and named in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_rewritten_chain_with_fresh_hashes_is_not_noticed_locally_but_its_head_moves(logged):
    """Whoever holds the key can rehash the chain from the edited entry on; the store
    alone cannot tell. The head changes, which is what the office compares."""
    store = CaseStore.open(logged, passphrase=PASSPHRASE)
    with store.session() as s:
        before = audit_chain.head(s)
    with store.session() as s, s.begin():
        previous = audit_chain.GENESIS
        for entry in s.query(AuditEntry).order_by(AuditEntry.id):
            if entry.id == 3:
                entry.summary = "umgeschrieben"
            entry.content_hash = audit_chain.content_hash_of(entry)
            entry.chain_hash = previous = audit_chain.link(previous, entry.content_hash)
        s.execute(text("UPDATE settings SET value = :v WHERE key = 'audit_head'"),
                  {"v": f'{{"seq": 6, "chain_hash": "{previous}"}}'})
    with store.session() as s:
        report = audit_chain.verify(s)
    store.close()
    assert report.sound and report.head.seq == before.seq
    assert report.head.chain_hash != before.chain_hash


def test_a_store_from_the_first_schema_gets_a_sound_chain_on_upgrade(tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(FIXTURE, folder)
    store = CaseStore.open(folder, passphrase=FIXTURE_PASSPHRASE)
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    with store.session() as s:
        report = audit_chain.verify(s)
        assert report.sound and report.entries > 0
    ClientService(store).create("Nach dem Upgrade")
    with store.session() as s:
        assert audit_chain.verify(s).sound
    store.close()
