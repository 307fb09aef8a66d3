"""Aggregates leave once per completed period — never the running quarter, never twice.

A period that is still running changes daily, and every extra snapshot the office keeps is
one more set of figures to compare; so a period is sent when it is over and never again,
whatever changes in the store afterwards.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kimdesk.demo.generator import DemoGenerator
from kimdesk.office.models import ReceivedItem
from kimdesk.store.models import OutboxItem
from kimdesk.sync.builders import (
    completed_periods,
    period_of,
    quarter_aggregates,
    year_aggregates,
)
from kimdesk.sync.rounds import Synchronizer
from tests.sync.conftest import enroll_store

NOV_22 = date(2026, 11, 22)


def labels(today: date) -> list[str]:
    return [p.label for p in completed_periods(today)]


def test_completed_periods_are_bounded_and_never_the_running_quarter():
    assert labels(NOV_22) == ["2025-Q4", "2025", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert labels(date(2026, 1, 1)) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025"]
    assert labels(date(2025, 12, 31)) == ["2024-Q4", "2024", "2025-Q1", "2025-Q2", "2025-Q3"]
    assert labels(date(2026, 10, 1))[-1] == "2026-Q3"
    for day in (NOV_22, date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1)):
        periods = completed_periods(day)
        assert period_of(day) not in [p.label for p in periods]
        assert str(day.year) not in [p.label for p in periods]
        for p in periods:  # the reference date is the period's last day, before today
            assert p.end < day
            assert p.label == (str(p.end.year) if p.is_year else period_of(p.end))


class Recorder:
    """The real builders, remembering which reference dates and years they got."""

    def __init__(self) -> None:
        self.days: list[date] = []
        self.years: list[str] = []

    def quarter(self, store, day):
        self.days.append(day)
        return quarter_aggregates(store, day)

    def year(self, store, year):
        self.years.append(year)
        return year_aggregates(store, year)


def aggregates_in_outbox(store) -> list[str]:
    with store.session() as s:
        return sorted(s.scalars(select(OutboxItem.dedupe_key)
                                .where(OutboxItem.kind == "aggregates")))


def aggregates_at_office(engine) -> list[str]:
    with Session(engine) as s:
        return sorted(s.scalars(select(ReceivedItem.dedupe_key)
                                .where(ReceivedItem.kind == "aggregates")))


def test_a_data_change_between_rounds_sends_no_second_snapshot(sqlite_office, sync_store):
    enroll_store(sync_store, sqlite_office.engine, sqlite_office.url)
    rec = Recorder()
    today = [NOV_22]
    sync = Synchronizer(sync_store, builder=rec.quarter, year_builder=rec.year,
                        today=lambda: today[0])
    first = sync.run_round()
    assert first.ok, first.error
    assert first.queued_periods == ["2025-Q4", "2025", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert rec.days == [date(2025, 12, 31), date(2026, 3, 31), date(2026, 6, 30),
                        date(2026, 9, 30)]
    assert rec.years == ["2025"]
    expected = sorted(f"aggregates:{p}" for p in first.queued_periods)
    assert aggregates_at_office(sqlite_office.engine) == expected

    DemoGenerator(sync_store, seed=5, today=NOV_22).generate(30)  # the figures change
    assert quarter_aggregates(sync_store, date(2026, 9, 30))["tables"] != \
        sqlite_office_payload(sqlite_office.engine, "aggregates:2026-Q3")["tables"]
    for _ in range(2):
        again = sync.run_round()
        assert again.ok and not again.queued_aggregates and again.queued_periods == []
    assert len(rec.days) == 4 and len(rec.years) == 1  # not even built again
    assert aggregates_in_outbox(sync_store) == expected
    assert aggregates_at_office(sqlite_office.engine) == expected
    assert "aggregates:2026-Q4" not in aggregates_in_outbox(sync_store)  # still running

    today[0] = date(2027, 1, 2)  # Q4 and the year 2026 are complete now: each goes once
    later = sync.run_round()
    assert later.ok and later.queued_periods == ["2026-Q4", "2026"]
    assert sync.run_round().queued_periods == []
    assert aggregates_at_office(sqlite_office.engine) == sorted(
        [*expected, "aggregates:2026-Q4", "aggregates:2026"])
    assert "aggregates:2027-Q1" not in aggregates_in_outbox(sync_store)


def sqlite_office_payload(engine, key: str) -> dict:
    with Session(engine) as s:
        return s.scalars(select(ReceivedItem.payload).where(ReceivedItem.dedupe_key == key)
                         ).one()


def test_a_period_queued_once_is_not_queued_again_in_any_state(sync_store):
    """A rejected or still waiting item counts as sent: the period is not rebuilt."""
    from kimdesk.store import outbox as outbox_rows
    from kimdesk.store.models import SyncIdentity
    from kimdesk.sync import outbox
    with sync_store.session() as s, s.begin():
        s.add(SyncIdentity(id=1, device_id="d", office_url="http://127.0.0.1:9",
                           private_key=b"k" * 32, public_key=b"p" * 32))
        a = outbox.enqueue(s, "aggregates", quarter_aggregates(sync_store, date(2026, 9, 30)))
        outbox_rows.record_results(s, {a: ("rejected", "nein")})
    rec = Recorder()
    sync = Synchronizer(sync_store, builder=rec.quarter, year_builder=rec.year,
                        today=lambda: NOV_22)
    sync.run_round()  # the office is not there: the round fails after queueing
    assert date(2026, 9, 30) not in rec.days
    assert aggregates_in_outbox(sync_store).count("aggregates:2026-Q3") == 1
    assert len(aggregates_in_outbox(sync_store)) == 5


def test_real_builder_sends_completed_periods_once(sqlite_office, sync_store):
    enroll_store(sync_store, sqlite_office.engine, sqlite_office.url)
    DemoGenerator(sync_store, seed=3, today=NOV_22).generate(120)
    sync = Synchronizer(sync_store, today=lambda: NOV_22)  # the default builders
    first = sync.run_round()
    assert first.ok, first.error
    built = set(first.queued_periods)
    assert built == {"2025-Q4", "2025", "2026-Q1", "2026-Q2", "2026-Q3"}, first.warnings
    for key in aggregates_at_office(sqlite_office.engine):
        payload = sqlite_office_payload(sqlite_office.engine, key)
        assert key == f"aggregates:{payload['period']}"
    DemoGenerator(sync_store, seed=9, today=NOV_22).generate(20)
    second = sync.run_round()
    assert second.ok and not (built & set(second.queued_periods))
    keys = aggregates_in_outbox(sync_store)
    assert len(keys) == len(set(keys)) and "aggregates:2026-Q4" not in keys
