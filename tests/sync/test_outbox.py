"""The outbox in the encrypted store, the pull, and the status the Sync screen shows."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import inspect, select

from kimdesk.store import outbox as outbox_rows
from kimdesk.store.models import OfficeMessage, OutboxItem, Service
from kimdesk.store.sync_rows import sync_state
from kimdesk.sync import outbox
from kimdesk.sync.protocol.ids import is_uuid7
from kimdesk.sync.pull import apply_changes
from kimdesk.sync.status import sync_status
from tests.sync.conftest import aggregates, reconstruction


def test_store_at_head_has_the_sync_tables(sync_store):
    with sync_store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert {"outbox", "sync_state", "sync_identity", "office_messages",
            "office_catalogues"} <= tables


def test_item_commits_and_rolls_back_with_the_transaction_that_caused_it(sync_store):
    with sync_store.session() as s, s.begin():
        item_id = outbox.enqueue(s, "reconstruction", reconstruction(1))
    assert is_uuid7(item_id)
    with pytest.raises(RuntimeError), sync_store.session() as s, s.begin():
        outbox.enqueue(s, "aggregates", aggregates())
        raise RuntimeError("the cause failed")
    with sync_store.session() as s:
        rows = list(s.scalars(select(OutboxItem)))
    assert [(r.id, r.state, r.kind) for r in rows] == [(item_id, "queued", "reconstruction")]


def test_payload_off_the_allow_list_never_enters_the_outbox(sync_store):
    bad = dict(reconstruction(1), client_name="Muhammad Al-Hassan")
    with pytest.raises(outbox.OutboxRefusedError, match="client_name"), \
            sync_store.session() as s, s.begin():
        outbox.enqueue(s, "reconstruction", bad)
    with pytest.raises(outbox.OutboxRefusedError), sync_store.session() as s, s.begin():
        outbox.enqueue(s, "case_file", {"anything": 1})
    with sync_store.session() as s:
        assert outbox_rows.counts(s)["queued"] == 0


def test_results_move_items_to_delivered_or_rejected_with_reason(sync_store):
    with sync_store.session() as s, s.begin():
        a = outbox.enqueue(s, "reconstruction", reconstruction(1))
        b = outbox.enqueue(s, "reconstruction", reconstruction(2))
        outbox_rows.mark_sending(s, [a, b])
    with sync_store.session() as s, s.begin():
        outbox_rows.record_results(s, {a: ("duplicate", ""), b: ("rejected", "Zu groß.")})
    with sync_store.session() as s:
        assert outbox_rows.counts(s) == {"queued": 0, "sending": 0, "delivered": 1, "rejected": 1}
        assert outbox_rows.rejected_items(s)[0].reason == "Zu groß."


def test_pull_applies_services_feedback_and_cursor_together(sync_store):
    changes = [
        {"seq": 1, "kind": "service", "uid": "kleve-kita-neu",
         "body": {"id": "kleve-kita-neu", "name": "Kita Neu", "type": "kita",
                  "municipality": "kleve-kleve", "contact": {"phone": "0000 1"}}},
        {"seq": 2, "kind": "feedback", "uid": "lg-2026-3",
         "body": {"title": "Beschluss der Lenkungsgruppe", "body": "Kitaplätze …"}},
        {"seq": 3, "kind": "catalogue", "uid": "institution_types",
         "body": {"name": "institution_types", "version": "2",
                  "entries": [{"id": "kita", "label": "Kita"}]}},
        {"seq": 4, "kind": "service", "uid": "bad", "body": {"id": "bad", "extra": 1}},
    ]
    assert apply_changes(sync_store, changes, cursor=4, done=True) == 3
    with sync_store.session() as s:
        svc = s.scalars(select(Service).where(Service.uid == "kleve-kita-neu")).one()
        assert (svc.name, svc.source, svc.phone) == ("Kita Neu", "office", "0000 1")
        assert s.scalars(select(OfficeMessage)).one().title == "Beschluss der Lenkungsgruppe"
        state = sync_state(s)
        assert (state.pull_cursor, state.stage) == (4, "done")


def test_pull_that_fails_midway_leaves_nothing_behind(sync_store, monkeypatch):
    from kimdesk.store import sync_rows

    def broken_merge(*_a, **_k):
        raise RuntimeError("disk gone")

    changes = [{"seq": 1, "kind": "service", "uid": "kleve-x",
                "body": {"id": "kleve-x", "name": "X", "type": "kita"}},
               {"seq": 2, "kind": "catalogue", "uid": "c",
                "body": {"name": "c", "version": "1", "entries": []}}]
    monkeypatch.setattr(sync_rows, "put_catalogue", broken_merge)
    with pytest.raises(RuntimeError):
        apply_changes(sync_store, changes, cursor=2, done=True)
    with sync_store.session() as s:
        assert s.scalars(select(Service).where(Service.uid == "kleve-x")).first() is None
        assert sync_state(s).pull_cursor == 0


def test_status_speaks_plain_german(sync_store):
    assert "nicht beim Kreisbüro angemeldet" in sync_status(sync_store).message
    from kimdesk.store.models import SyncIdentity
    with sync_store.session() as s, s.begin():
        s.add(SyncIdentity(id=1, device_id="d", office_url="http://x", private_key=b"k",
                           public_key=b"p"))
        for i in range(3):
            outbox.enqueue(s, "reconstruction", reconstruction(i))
        state = sync_state(s)
        state.last_error, state.last_error_kind = "Das Kreisbüro ist nicht erreichbar.", \
            "unreachable"
        state.next_attempt_at = datetime(2026, 11, 23, 13, 5)
    status = sync_status(sync_store, now=datetime(2026, 11, 23, 12, 0))
    assert status.waiting == 3
    assert status.message.startswith("Das Kreisbüro ist nicht erreichbar — 3 Einträge warten, "
                                     "nächster Versuch ")
    assert status.next_attempt_at is not None
    assert status.message.endswith(status.next_attempt_at.strftime("%H:%M") + ".")
    with sync_store.session() as s, s.begin():
        state = sync_state(s)
        state.last_error, state.last_error_kind = "", ""
        state.last_success_at = datetime(2026, 11, 23, 11, 0)
        s.execute(OutboxItem.__table__.update().values(state="delivered"))
    msg = sync_status(sync_store, now=datetime(2026, 11, 23, 11, 0) + timedelta(minutes=5)
                      ).message
    assert msg.startswith("Alles übertragen. Letzter Abgleich")


def test_real_aggregates_builder_fits_the_allow_list(sync_store):
    from datetime import date

    from kimdesk.demo.generator import DemoGenerator
    from kimdesk.sync.builders import quarter_aggregates, year_aggregates
    DemoGenerator(sync_store, seed=3).generate(150)
    with sync_store.session() as s, s.begin():
        outbox.enqueue(s, "aggregates", quarter_aggregates(sync_store, date.today()))
        outbox.enqueue(s, "aggregates", year_aggregates(sync_store, str(date.today().year - 1)))
    with sync_store.session() as s:
        assert outbox_rows.counts(s)["queued"] == 2
