"""Löschkonzept and Art. 17: every row of the client goes, found through the schema; the
files keep no plaintext of it (checked page by page, decrypted, in the database, its WAL
and its free pages); the Verlauf keeps a count, never a name."""

from datetime import date

import pytest
from sqlalchemy import text

from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.casework.retention import RetentionService, due_date
from kimdesk.core.errors import DomainError
from kimdesk.store import audit_chain, erasure
from kimdesk.store.integrity import check_store
from kimdesk.store.models import AuditEntry, GapReport, OutboxItem
from tests.trust import raw_pages
from tests.trust.conftest import make_rich_client


def _folded(words):
    out = set()
    for w in words:
        out |= {w.encode(), w.lower().encode()}
    return out


def test_every_table_of_the_schema_is_classified(store):
    """A table added later is either reached from clients through a CASCADE link or
    declared: nobody can add one that erasure and the Art. 15 export would miss."""
    with store.session() as s:
        assert erasure.unclassified_tables(s) == []
        owned = erasure.owned_tables(s)
    assert {"clients", "cases", "contacts", "consents", "household_members", "goals",
            "plan_steps", "referrals", "reminders", "appointments", "printed_documents",
            "reconstructions", "reconstruction_reviews", "assessments", "case_events",
            "contact_life_areas", "retention_holds", "consent_exceptions"} <= set(owned)


def test_a_new_table_linked_to_clients_is_found_by_erasure(store, rich):
    with store.session() as s, s.begin():
        s.execute(text("CREATE TABLE later_notes (id INTEGER PRIMARY KEY, case_id INTEGER "
                       "REFERENCES cases(id) ON DELETE CASCADE, body TEXT)"))
        s.execute(text("INSERT INTO later_notes (case_id, body) VALUES (:c, 'spät')"),
                  {"c": rich.case_id})
        s.execute(text("CREATE TABLE loose (id INTEGER PRIMARY KEY, x TEXT)"))
    with store.session() as s:
        assert erasure.rows_of_client(s, rich.client_id).tables["later_notes"] == [1]
        assert erasure.unclassified_tables(s) == ["loose"]
    RetentionService(store).erase(rich.client_id, "art17")
    with store.session() as s:
        assert s.execute(text("SELECT count(*) FROM later_notes")).scalar() == 0


def test_erasure_removes_every_row_and_leaves_no_plaintext(store, rich, neighbour):
    key = store._data_key
    store.checkpoint()
    before = raw_pages.plaintext(store.folder, key)
    secrets = _folded(rich.secrets)
    assert all(s in before for s in (b"Zyxwarowska", b"Blauwalbucht", b"Flussdorf"))
    assert b"zyxwarowska" in before  # the folded name in the search index
    assert not any(s in raw_pages.raw(store.folder) for s in secrets)  # encrypted on disk

    result = RetentionService(store, "Test CM").erase(rich.client_id, "art17")
    assert result.rows >= 20 and result.redacted > 10

    after = raw_pages.plaintext(store.folder, key)
    left = sorted(s.decode() for s in secrets if s in after)
    assert left == []
    wal = store.folder / "case-file.db-wal"  # emptied, or gone with the last connection
    assert not wal.exists() or wal.stat().st_size == 0
    assert b"Nachbarin" in after and b"Notiz der Nachbarin" in after  # others stay
    with store.session() as s:
        rows = erasure.rows_of_client(s, rich.client_id)
        assert rows.row_count == 0 and rows.audit_entries == 0
        assert s.query(OutboxItem).count() == 0
        gap = s.query(GapReport).one()  # stays countable, unlinked, without its text
        assert (gap.case_id, gap.description, gap.category) == (None, "", "waiting_list")
        assert s.execute(text("SELECT count(*) FROM drafts")).scalar() == 0
        erased = s.query(AuditEntry).filter_by(action="erased").one()
        assert erased.client_id is None and erased.entity_id is None
        assert audit_chain.parse_erasure_summary(erased.summary) == {
            "rows": str(result.rows), "tables": str(result.tables),
            "redacted": str(result.redacted), "reason": "art17"}
        redacted = s.query(AuditEntry).filter_by(redacted_by=erased.id).all()
        assert len(redacted) == result.redacted
        assert all(e.client_id is None and e.summary == "" for e in redacted)
    assert ClientService(store).search("zyxwarowska") == []
    assert ClientService(store).search("nachbarin")
    assert check_store(store) == []  # the chain still holds


def test_redacting_an_entry_without_an_erasure_breaks_the_chain(store, rich):
    with store.session() as s, s.begin():
        entry = s.query(AuditEntry).filter_by(client_id=rich.client_id).first()
        s.execute(text("UPDATE audit_log SET action='redacted', client_id=NULL, "
                       "redacted_by=:e WHERE id=:i"), {"e": entry.id + 1, "i": entry.id})
    problems = check_store(store)
    assert problems and "Eintrag" in problems[0]


def _closed_client(store, closed_on: str = "10.05.2022") -> int:
    cid = ClientService(store, "Test CM").create("Altakte", given_names="Erna")
    cases = CaseService(store, "Test CM")
    case_id = cases.open_case(cid, "short_intervention", "01.03.2022")
    cases.close(case_id, closed_on, "goal_reached")
    return cid


def test_files_are_due_three_years_after_the_end_of_the_closing_year(store):
    assert due_date(date(2022, 5, 10), 3) == date(2026, 1, 1)
    neighbour = _closed_client(store)
    service = RetentionService(store, today=lambda: date(2025, 12, 31))
    assert service.due() == []
    service = RetentionService(store, "Test CM", today=lambda: date(2026, 1, 1))
    (due,) = service.due()
    assert due.client_id == neighbour and "10.05.2022" in due.reason and "3 Jahre" in due.reason


def test_heutes_count_of_due_files_is_the_rule_read_by_the_database(store):
    """Heute counts due files in SQL (no file read at start); the count is the rule's:
    at each side of every boundary — closing year, creation year, a hold's last day."""
    from datetime import datetime

    from kimdesk.store.models import Client

    _closed_client(store, "31.12.2022")
    _closed_client(store, "01.01.2023")
    held = _closed_client(store, "10.05.2022")
    RetentionService(store, "Test CM", today=lambda: date(2025, 6, 1)).keep_longer(
        held, "30.06.2026", "Klageverfahren vor dem Sozialgericht")
    made = ClientService(store, "Test CM").create("Ohnefall", given_names="Olga")
    with store.session() as s, s.begin():
        s.get(Client, made).created_at = datetime(2022, 12, 31, 23, 59, 59)
    for today in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1),
                  date(2026, 12, 31), date(2027, 1, 1)):
        service = RetentionService(store, today=lambda day=today: day)
        by_rule = [f.client_id for f in service._candidates() if f.due_on <= today]
        assert service.due_count() == len(by_rule), today
        assert [f.client_id for f in service.due()] == by_rule, today
    assert RetentionService(store, today=lambda: date(2026, 1, 1)).due_count() == 2
    assert RetentionService(store, today=lambda: date(2026, 7, 1)).due_count() == 3
    assert RetentionService(store, today=lambda: date(2027, 1, 1)).due_count() == 4


def test_a_file_with_an_open_case_is_never_due(store, rich):
    assert RetentionService(store, today=lambda: date(2099, 1, 1)).due() == []


def test_keeping_longer_needs_a_reason_and_a_future_date(store):
    neighbour = _closed_client(store)
    service = RetentionService(store, "Test CM", today=lambda: date(2026, 2, 1))
    with pytest.raises(DomainError, match="begründen"):
        service.keep_longer(neighbour, "31.12.2027", "")
    with pytest.raises(DomainError, match="Zukunft"):
        service.keep_longer(neighbour, "01.01.2026", "Verfahren läuft")
    service.keep_longer(neighbour, "31.12.2027", "Klageverfahren vor dem Sozialgericht")
    assert service.due() == []
    (held,) = service.held()
    assert held.held_until == date(2027, 12, 31) and "Sozialgericht" in held.hold_reason
    with pytest.raises(DomainError, match="nicht zur Löschung fällig"):
        service.erase(neighbour, "retention")
    later = RetentionService(store, "Test CM", today=lambda: date(2028, 1, 1))
    (due,) = later.due()
    assert "Aufbewahrung bis 31.12.2027 ist abgelaufen" in due.reason
    assert later.erase_due([neighbour]) == 1
    assert ClientService(store).count() == 0


def test_the_retention_period_is_the_districts_and_never_none():
    from kimdesk import catalogues

    assert catalogues.district("kleve").retention_years == 3
    data = {"id": "x", "retention": {"years_after_closing": None}}
    with pytest.raises(ValueError, match="Aufbewahrungsfrist"):
        catalogues._retention_years(data)
    with pytest.raises(ValueError):
        catalogues._retention_years({"id": "x", "retention": {"years_after_closing": 0}})
    assert catalogues._retention_years({"id": "x", "retention": {"years_after_closing": 5}}) == 5


def test_erasing_two_clients_in_a_row_keeps_the_chain_sound(store):
    a = make_rich_client(store, "Erstefrau", "Anna", queue=False)
    b = make_rich_client(store, "Zweitmann", "Bert", queue=False)
    service = RetentionService(store, "Test CM")
    service.erase(a.client_id, "art17")
    service.erase(b.client_id, "art17")
    assert check_store(store) == []
    assert ClientService(store).count() == 0
