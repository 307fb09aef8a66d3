"""The case-work services added for the desk: profiles, drafts, history, today, find."""

from datetime import date, timedelta

import pytest

from kimdesk.casework.cases import CaseService, ContactInput
from kimdesk.casework.clients import ClientService
from kimdesk.casework.drafts import DraftService
from kimdesk.casework.history import HistoryService
from kimdesk.casework.profiles import (
    check_passphrase,
    create_profile,
    list_profiles,
    open_profile,
    passphrase_strength,
)
from kimdesk.casework.today import TodayService
from kimdesk.core.errors import DomainError
from kimdesk.store.errors import WrongPassphraseError
from kimdesk.store.key_slots import KdfParams


def test_profiles_live_under_kimdesk_home_each_with_its_own_passphrase(kimdesk_home):
    a, store_a, key_a = create_profile("Team Nord", "kleve", "erste-passphrase",
                                       kdf=KdfParams.fast())
    b, store_b, _ = create_profile("Team Nord", "hoexter", "zweite-passphrase",
                                   kdf=KdfParams.fast())
    store_a.close()
    store_b.close()
    assert a.folder != b.folder and a.folder.parent == kimdesk_home / "profiles"
    assert sorted(p.district_id for p in list_profiles()) == ["hoexter", "kleve"]
    assert key_a
    with pytest.raises(WrongPassphraseError):
        open_profile(a, "zweite-passphrase")
    store = open_profile(b, "zweite-passphrase")
    check_passphrase(store, "zweite-passphrase")
    with pytest.raises(WrongPassphraseError):
        check_passphrase(store, "erste-passphrase")
    store.close()
    with pytest.raises(DomainError):
        create_profile("Kurz", "kleve", "kurz", kdf=KdfParams.fast())


def test_passphrase_strength_grows_with_length_and_variety():
    scores = [passphrase_strength(p)[0] for p in
              ("abc", "abcdefgh", "abcdefghijkl", "Drei Wörter hier 7!")]
    assert scores == sorted(scores) and scores[0] == 0 and scores[-1] == 4
    assert passphrase_strength("aaaaaaaaaaaaaaaaaaaa")[0] <= 1  # length alone is no strength


def test_drafts_are_saved_updated_listed_and_discarded(store):
    drafts = DraftService(store)
    drafts.save("contact:case:1", {"note": "a"})
    drafts.save("contact:case:1", {"note": "b"})
    drafts.save("goal:case:1", {"title": "x"})
    assert drafts.load("contact:case:1").payload == {"note": "b"}
    assert drafts.keys("contact:") == ["contact:case:1"]
    drafts.discard("contact:case:1")
    assert drafts.load("contact:case:1") is None


def test_history_names_what_changed_without_values(store):
    clients = ClientService(store, actor="CM")
    cid = clients.create("Rahimi", given_names="Zabiullah")
    clients.update(cid, phone="0157 1234567")
    case = CaseService(store).open_case(cid, "short_intervention", date.today())
    CaseService(store).change_type(case, "process_support", date.today(), "mehr Themen")
    entries = HistoryService(store).for_client(cid)
    assert [e.what for e in entries][:2] == ["Fall Fallart geändert", "Fall eröffnet"]
    assert entries[0].detail == "Kurzintervention → Prozesshafte Begleitung"
    changed = next(e for e in entries if e.what == "Stammdaten geändert")
    assert changed.detail == "Telefon" and "0157" not in changed.detail


def test_today_counts_beyond_the_section_limit(store):
    clients = ClientService(store)
    cases = CaseService(store)
    long_ago = date.today() - timedelta(days=100)
    for i in range(5):
        cases.open_case(clients.create(f"Still{i}"), "process_support", long_ago)
    agenda = TodayService(store).agenda(limit=3)
    assert agenda.totals["no_contact"] == 5 and len(agenda.sections["no_contact"]) == 3


def test_no_contact_for_six_weeks_seeks_the_last_contact_in_the_index(store):
    """Heute's "Offene Fälle ohne Kontakt" reads each open case's last contact from the
    (case_id, date) index — no contact row, no grouping of every contact at start."""
    from kimdesk.casework import today as heute

    clients, cases = ClientService(store), CaseService(store)
    today = date.today()
    quiet = cases.open_case(clients.create("Still"), "process_support", today - timedelta(days=90))
    cases.log_contact(quiet, ContactInput(today - timedelta(days=60), "sprechstunde"))
    seen = cases.open_case(clients.create("Gesehen"), "process_support",
                           today - timedelta(days=90))
    cases.log_contact(seen, ContactInput(today - timedelta(days=80), "sprechstunde"))
    cases.log_contact(seen, ContactInput(today - timedelta(days=3), "phone"))
    never = cases.open_case(clients.create("Nie"), "process_support", today - timedelta(days=50))
    cases.open_case(clients.create("Neu"), "process_support", today - timedelta(days=5))
    agenda = TodayService(store).agenda()
    assert [i.case_id for i in agenda.sections["no_contact"]] == [quiet, never]
    assert agenda.totals["no_contact"] == 2
    assert "letzter Kontakt" in agenda.sections["no_contact"][0].text
    with store.read() as db:
        plan = " / ".join(str(row[-1]) for row in db.rows(
            f"EXPLAIN QUERY PLAN {heute._NO_CONTACT}",
            {"before": today.isoformat(), "limit": 200}))
    assert "COVERING INDEX ix_contacts_case_id_date" in plan, plan
    assert "SCAN contacts" not in plan, plan


def test_find_combines_search_and_filters(store):
    clients = ClientService(store)
    a = clients.create("Hassan", given_names="Mohammed", municipality_id="kleve-goch")
    b = clients.create("Hasani", given_names="Leyla", municipality_id="kleve-kleve")
    CaseService(store).open_case(a, "case_management", date.today())
    assert {r.id for r in clients.find("hasan")} == {a, b}
    assert [r.id for r in clients.find("hasan", municipality_id="kleve-goch")] == [a]
    assert [r.id for r in clients.find("", status="open")] == [a]
    assert [r.id for r in clients.find("", case_type="case_management", phase="intake")] == [a]
    assert clients.find("", status="closed") == []
    assert [r.id for r in clients.find("Goch")] == [a]
    assert [r.id for r in clients.find("h")] == [b, a]  # one letter: initial, by name


def test_heute_reminds_about_a_missing_or_old_backup():
    from datetime import date

    from kimdesk.casework.today import backup_reminder

    today = date(2026, 11, 22)
    assert "Noch keine Sicherung" in backup_reminder(None, today).text
    assert backup_reminder("2026-11-20T09:00", today) is None
    old = backup_reminder("2026-10-01T09:00", today)
    assert old is not None and "01.10.2026" in old.text
