"""Handover between two real encrypted stores: a code from the receiver, a package from the
sender, the import with history, consents and Verlauf, and erasure at the sender only after
the receipt — plus a wrong code, a tampered package, a second import, and a package for
someone else."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from kimdesk.casework.cases import CaseService, ContactInput
from kimdesk.casework.clients import ClientService
from kimdesk.casework.handover import (
    DAMAGED,
    MAGIC,
    OTHER_RECIPIENT,
    WRONG_CODE,
    WRONG_RECEIPT,
    HandoverService,
)
from kimdesk.casework.plans import PlanService
from kimdesk.casework.referrals import ReferralService
from kimdesk.casework.subject_access import complete_records
from kimdesk.core.errors import DomainError
from kimdesk.store import audit_chain, erasure
from kimdesk.store.case_store import CaseStore
from kimdesk.store.integrity import check_store
from kimdesk.store.key_slots import KdfParams
from kimdesk.store.models import (
    AuditEntry,
    Client,
    Consent,
    Contact,
    OutboxItem,
    PlanStep,
    Reconstruction,
    Reminder,
)
from tests.conftest import PASSPHRASE, run_cli
from tests.trust import raw_pages
from tests.trust.conftest import make_rich_client

#: the columns whose values are the receiving store's own (ids, links, its queue)
OWN = {"id", "client_id", "case_id", "contact_id", "goal_id", "member_id",
       "reconstruction_id", "member_client_id", "service_id", "outbox_item_id",
       "source_id"}


@pytest.fixture
def colleague(tmp_path):
    s, _ = CaseStore.create(tmp_path / "colleague", PASSPHRASE, "kleve",
                            case_manager="Kollegin Berg", kdf=KdfParams.fast())
    yield s
    s.close()


def _content(records: dict) -> dict:
    """A client's records without the values that are each store's own."""
    out = {}
    for table, rows in records.items():
        if table in ("audit_log", "client_search", "outbox"):
            continue
        out[table] = sorted(json.dumps({k: v for k, v in r.items() if k not in OWN
                                        and not (table == "drafts" and k == "key")},
                                       sort_keys=True, default=str) for r in rows)
    return out


def test_a_handover_between_two_stores(store, colleague, tmp_path):
    rich = make_rich_client(store, queue=False)
    stays = ClientService(store, "Test CM").create("Bleibt", given_names="Hier")
    with store.session() as s:
        step = s.scalar(select(PlanStep.id))
    ReferralService(store, "Test CM").remind(date(2026, 4, 1), "Schritt nachhalten",
                                            client_id=rich.client_id, source_kind="step",
                                            source_id=step)
    before = complete_records(store, rich.client_id)
    entries_before = len(before["audit_log"])
    own = ClientService(colleague, "Kollegin Berg").create("Eigene", given_names="Akte")
    ClientService(colleague, "Kollegin Berg").give_consent(own, "documentation", "01.01.2026")
    own_case = CaseService(colleague, "Kollegin Berg").open_case(own, "case_management",
                                                                 "02.01.2026")
    own_goal = PlanService(colleague, "Kollegin Berg").add_goal(own_case, "Eigenes Ziel")
    for n in range(3):  # so that the colleague's ids differ from the sender's
        PlanService(colleague, "Kollegin Berg").add_step(own_goal, f"Eigener Schritt {n}", "KM")
    code = HandoverService(colleague, "Kollegin Berg").new_code()
    package = tmp_path / "akten.kimdesk-uebergabe"
    sent = HandoverService(store, "Test CM").export([rich.client_id], code, package)
    assert sent.clients == 1
    assert not any(s.encode() in package.read_bytes() for s in rich.secrets)

    # the source keeps everything until the colleague confirms
    assert complete_records(store, rich.client_id)["clients"]
    assert [p.names for p in HandoverService(store).pending()] == [
        ("Zyxwarowska, Quintilla",)]

    got = HandoverService(colleague, "Kollegin Berg").import_package(package)
    assert got.clients == 1 and got.names == ("Zyxwarowska, Quintilla",)
    assert got.sender == "Test CM"
    assert got.entries == entries_before
    with colleague.session() as s:
        new_id = s.scalar(select(Client.id).where(Client.family_name == "Zyxwarowska"))
        notes = list(s.scalars(select(Contact.note)))
        consents = list(s.scalars(select(Consent.scope)))
    assert notes == ["Geheimnotiz Blauwalbucht"]
    with colleague.session() as s:  # the Wiedervorlage still lands on its step
        reminder = s.scalar(select(Reminder).where(Reminder.source_kind == "step"))
        assert reminder.source_id == s.scalar(select(PlanStep.id).where(
            PlanStep.description == "Unterlagen Flussdorf übersetzen"))
    assert sorted(consents) == ["documentation", "documentation", "sharing"]
    after = complete_records(colleague, new_id)
    assert _content(after) == _content(before)  # every table, drafts included
    # the Verlauf: the sender's entries re-chained with a note, and one "received"
    with colleague.session() as s:
        mine = list(s.scalars(select(AuditEntry).where(AuditEntry.client_id == new_id)
                              .order_by(AuditEntry.id)))
    taken = [e for e in mine if "übernommen mit Paket" in e.reason]
    assert len(taken) == entries_before
    assert {e.action for e in taken} >= {"created", "opened"}
    assert mine[-1].action == "received"
    assert check_store(colleague) == []
    assert len(got.receipt.replace("-", "")) == 16

    # a wrong receipt deletes nothing; the right one erases without a trace
    with pytest.raises(DomainError, match="passt zu keiner offenen Übergabe"):
        HandoverService(store).confirm("AAAA-BBBB-CCCC-DDDD")
    assert complete_records(store, rich.client_id)["clients"]
    assert HandoverService(store, "Test CM").confirm(got.receipt.lower()) == 1
    with store.session() as s:
        assert s.get(Client, rich.client_id) is None
        assert s.get(Client, stays) is not None
        erased = s.scalar(select(AuditEntry).where(AuditEntry.action == "erased"))
        assert "reason=handover" in erased.summary
    key = store._data_key
    blob = raw_pages.plaintext(store.folder, key)
    assert not [s for s in rich.secrets if s.encode() in blob]
    # (before the erasure disposed of its pooled connections, one that had read the name
    # index before the merge reported "fts5: corruption found" here)
    assert check_store(store) == []
    assert HandoverService(store).pending() == []
    with pytest.raises(DomainError, match="passt zu keiner offenen Übergabe"):
        HandoverService(store).confirm(got.receipt)  # once only


def test_a_wrong_code_is_refused_before_anything_is_written(store, colleague, tmp_path):
    cid = ClientService(store).create("Falsch", given_names="Code")
    code = HandoverService(colleague).new_code()
    typo = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    for bad in (typo, code[:-4], "", "hallo"):
        with pytest.raises(DomainError) as caught:
            HandoverService(store).export([cid], bad, tmp_path / "p")
        assert str(caught.value) == WRONG_CODE
    assert not (tmp_path / "p").exists()
    assert HandoverService(store).pending() == []


def test_a_package_for_another_store_is_refused(store, colleague, tmp_path):
    third, _ = CaseStore.create(tmp_path / "third", PASSPHRASE, "kleve",
                                kdf=KdfParams.fast())
    try:
        cid = ClientService(store).create("Anders", given_names="Wo")
        HandoverService(colleague).new_code()
        code = HandoverService(third).new_code()
        HandoverService(store).export([cid], code, tmp_path / "p")
        with pytest.raises(DomainError) as caught:
            HandoverService(colleague).import_package(tmp_path / "p")
        assert str(caught.value) == OTHER_RECIPIENT
        assert ClientService(colleague).count() == 0
    finally:
        third.close()


@pytest.mark.parametrize("where", ["body", "header", "cut"])
def test_a_tampered_package_changes_nothing(store, colleague, tmp_path, where):
    rich = make_rich_client(store, queue=False)
    code = HandoverService(colleague).new_code()
    package = tmp_path / "p"
    HandoverService(store).export([rich.client_id], code, package)
    data = bytearray(package.read_bytes())
    if where == "body":
        data[-40] ^= 0x01
    elif where == "header":  # the package id, which the receipt and the keys depend on
        at = data.index(b'"package": "') + len(b'"package": "')
        data[at] = ord("a") if data[at] != ord("a") else ord("b")
    else:
        data = data[:-100]
    package.write_bytes(bytes(data))
    with pytest.raises(DomainError) as caught:
        HandoverService(colleague).import_package(package)
    assert str(caught.value) == DAMAGED
    assert ClientService(colleague).count() == 0
    with colleague.session() as s:
        assert audit_chain.entry_count(s) == 0
    # the code stays usable for an intact package
    HandoverService(store).export([rich.client_id], code, tmp_path / "again")
    assert HandoverService(colleague).import_package(tmp_path / "again").clients == 1


def test_a_second_import_of_the_same_package_adds_nothing(store, colleague, tmp_path):
    cid = ClientService(store).create("Zweimal", given_names="Gelesen")
    code = HandoverService(colleague).new_code()
    HandoverService(store).export([cid], code, tmp_path / "p")
    first = HandoverService(colleague).import_package(tmp_path / "p")
    with colleague.session() as s:
        entries = audit_chain.entry_count(s)
    with pytest.raises(DomainError, match="bereits am .* übernommen") as caught:
        HandoverService(colleague).import_package(tmp_path / "p")
    assert first.receipt in str(caught.value)  # the receipt again, for the sender
    assert ClientService(colleague).count() == 1
    with colleague.session() as s:
        assert audit_chain.entry_count(s) == entries
    # the code was one-time: another package to it is refused
    HandoverService(store).export([cid], code, tmp_path / "q")
    with pytest.raises(DomainError, match="gilt nur einmal"):
        HandoverService(colleague).import_package(tmp_path / "q")


def test_a_file_worked_on_after_the_export_is_not_erased(store, colleague, tmp_path):
    cid = ClientService(store, "CM").create("Weiter", given_names="Gearbeitet")
    case = CaseService(store, "CM").open_case(cid, "short_intervention", "01.02.2026")
    code = HandoverService(colleague).new_code()
    HandoverService(store).export([cid], code, tmp_path / "p")
    receipt = HandoverService(colleague).import_package(tmp_path / "p").receipt
    CaseService(store, "CM").log_contact(case, ContactInput("03.02.2026", "phone",
                                                            note="nach dem Export"))
    with pytest.raises(DomainError, match="weitergearbeitet"):
        HandoverService(store).confirm(receipt)
    with store.session() as s:
        assert s.get(Client, cid) is not None


def test_not_a_package(colleague, tmp_path):
    (tmp_path / "x").write_bytes(b"irgendwas")
    with pytest.raises(DomainError, match="kein KIMdesk-Übergabepaket"):
        HandoverService(colleague).import_package(tmp_path / "x")
    (tmp_path / "y").write_bytes(MAGIC + b"{kaputt\n" + b"x" * 40)
    with pytest.raises(DomainError) as caught:
        HandoverService(colleague).import_package(tmp_path / "y")
    assert str(caught.value) == DAMAGED


def test_the_handover_tables_are_classified(store):
    with store.session() as s:
        assert erasure.unclassified_tables(s) == []


def _wrong(code: str) -> str:
    """The code with its last character changed (one time in 32 it already was "X")."""
    return code[:-1] + ("X" if code[-1] != "X" else "Y")


def test_the_command_line_hands_over(store, colleague, tmp_path):
    cid = ClientService(store, "CM").create("Kommando", given_names="Zeile")
    store.close()
    colleague.close()
    env = {"KIMDESK_PASSPHRASE": PASSPHRASE}
    made = run_cli("handover", "code", "--store", str(tmp_path / "colleague"), env=env)
    assert made.returncode == 0, made.stderr
    code = next(line.strip() for line in made.stdout.splitlines()
                if line.strip().count("-") == 13)
    package = tmp_path / "p.kimdesk-uebergabe"
    bad = run_cli("handover", "export", "--store", str(tmp_path / "store"), "--code",
                  _wrong(code), "--client", str(cid), "--out", str(package), env=env)
    assert bad.returncode == 1 and bad.stderr.strip() == WRONG_CODE
    sent = run_cli("handover", "export", "--store", str(tmp_path / "store"), "--code", code,
                   "--client", str(cid), "--out", str(package), env=env)
    assert sent.returncode == 0, sent.stderr
    taken = run_cli("handover", "import", "--store", str(tmp_path / "colleague"),
                    str(package), env=env)
    assert taken.returncode == 0, taken.stderr
    assert "Kommando, Zeile" in taken.stdout
    receipt = taken.stdout.split("Quittungscode: ")[1].split()[0]
    wrong = run_cli("handover", "confirm", "--store", str(tmp_path / "store"),
                    "ZZZZ-ZZZZ-ZZZZ-ZZZZ", env=env)
    assert wrong.returncode == 1 and wrong.stderr.strip() == WRONG_RECEIPT
    done = run_cli("handover", "confirm", "--store", str(tmp_path / "store"), receipt, env=env)
    assert done.returncode == 0, done.stderr
    assert "1 Akte" in done.stdout
    for folder in ("store", "colleague"):
        check = run_cli("check", "--store", str(tmp_path / folder), env=env)
        assert check.returncode == 0, check.stderr


def test_a_queued_reconstruction_can_be_queued_again_by_the_receiver(store, colleague,
                                                                    tmp_path):
    """The sender's outbox item is not carried (it goes with the erasure there): the
    reconstruction arrives reviewed, not queued, so it is not lost."""
    rich = make_rich_client(store, queue=True)
    code = HandoverService(colleague).new_code()
    HandoverService(store).export([rich.client_id], code, tmp_path / "p")
    receipt = HandoverService(colleague).import_package(tmp_path / "p").receipt
    with colleague.session() as s:
        recon = s.scalar(select(Reconstruction))
        assert (recon.state, recon.outbox_item_id, recon.queued_at) == ("reviewed", "", None)
        assert s.scalar(select(func.count(OutboxItem.id))) == 0
    with store.session() as s:
        assert s.scalar(select(func.count(OutboxItem.id))) == 1  # until confirmed
    HandoverService(store).confirm(receipt)
    with store.session() as s:
        assert s.scalar(select(func.count(OutboxItem.id))) == 0
    assert check_store(colleague) == []
