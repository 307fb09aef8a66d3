"""Writers take turns inside the process (the desk's runner and the sync worker); readers
never wait; the engine's pool is chosen, not implied by the URL."""

import threading

from sqlalchemy import select
from sqlalchemy.pool import QueuePool

from kimdesk.store.models import Setting
from kimdesk.store.write_lock import lock_of
from tests.conftest import HANG_GUARD_S, wait_until


def _hold_a_write(store, started: threading.Event, let_go: threading.Event) -> None:  # noqa: ANN001
    with store.session() as s, s.begin():
        s.add(Setting(key="first", value=1))
        s.flush()
        started.set()
        let_go.wait(HANG_GUARD_S)


def test_a_second_writer_waits_for_the_first_and_both_land(store):
    lock = lock_of(store.engine)
    assert lock is not None
    started, let_go = threading.Event(), threading.Event()
    first = threading.Thread(target=_hold_a_write, args=(store, started, let_go))
    first.start()
    started.wait(HANG_GUARD_S)
    outcome: list[object] = []

    def second() -> None:
        try:
            with store.session() as s, s.begin():
                s.add(Setting(key="second", value=2))
            outcome.append("ok")
        except Exception as exc:  # noqa: BLE001 - the test reports it
            outcome.append(exc)

    writer = threading.Thread(target=second)
    writer.start()
    wait_until(lambda: lock.waiting == 1, "the second writer waiting for the first")
    let_go.set()
    first.join(HANG_GUARD_S)
    writer.join(HANG_GUARD_S)
    assert outcome == ["ok"]
    with store.session() as s:
        keys = set(s.scalars(select(Setting.key)))
    assert {"first", "second"} <= keys
    assert lock.waiting == 0


def test_a_transaction_that_reads_then_writes_is_not_refused_after_another_commit(store):
    """A write transaction reads first (a lookup), another thread commits meanwhile, then
    it writes: it took the write lock as it began, so the other commit waits for it and its
    snapshot is not stale (before: "database is locked", immediately)."""
    lock = lock_of(store.engine)
    assert lock is not None
    store.set_settings({"counter": 1})
    read, other_done = threading.Event(), threading.Event()
    outcome: list[object] = []

    def reader_then_writer() -> None:
        try:
            with store.session() as s, s.begin():
                value = s.get(Setting, "counter").value  # the snapshot is fixed here
                read.set()
                wait_until(lambda: other_done.is_set() or lock.waiting == 1,
                           "the other writer committed or waiting")
                s.merge(Setting(key="counter", value=value + 1))
            outcome.append("ok")
        except Exception as exc:  # noqa: BLE001 - the test reports it
            outcome.append(exc)

    def other_writer() -> None:
        read.wait(HANG_GUARD_S)
        with store.session() as s, s.begin():
            s.merge(Setting(key="other", value=True))
        other_done.set()

    threads = [threading.Thread(target=reader_then_writer), threading.Thread(target=other_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(HANG_GUARD_S)
    assert outcome == ["ok"]
    assert store.setting("counter") == 2 and store.setting("other") is True
    assert lock.waiting == 0


def test_a_read_session_does_not_hold_the_write_lock(store):
    lock = lock_of(store.engine)
    with store.session() as s:
        s.get(Setting, "district_id")
        assert lock._owner is None  # autobegun: a read takes no lock
    with store.session() as s, s.begin():
        s.get(Setting, "district_id")
        assert lock._owner == threading.get_ident()
    assert lock._owner is None


def test_readers_do_not_wait_for_a_writer(store):
    started, let_go = threading.Event(), threading.Event()
    first = threading.Thread(target=_hold_a_write, args=(store, started, let_go))
    first.start()
    started.wait(HANG_GUARD_S)
    try:
        assert store.setting("case_manager") == "Test CM"  # read while the write is open
    finally:
        let_go.set()
        first.join(HANG_GUARD_S)


def test_a_failed_write_gives_the_lock_back(store):
    lock = lock_of(store.engine)
    try:
        with store.session() as s, s.begin():
            s.add(Setting(key="x", value=1))
            s.flush()
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    done = threading.Event()

    def write() -> None:
        with store.session() as s, s.begin():
            s.add(Setting(key="y", value=2))
        done.set()

    threading.Thread(target=write).start()
    assert done.wait(HANG_GUARD_S) and lock.waiting == 0


def test_the_engine_pool_is_a_queue_pool_of_file_connections(store):
    assert isinstance(store.engine.pool, QueuePool)


def test_a_writer_that_waits_too_long_gets_a_german_message():
    from kimdesk.store.write_lock import StoreBusyError, WriteLock

    lock = WriteLock(wait_seconds=0)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        lock.acquire()
        held.set()
        release.wait(HANG_GUARD_S)
        lock.release()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(HANG_GUARD_S)
    try:
        try:
            lock.acquire()
        except StoreBusyError as exc:
            assert "nichts geändert" in str(exc)
        else:
            raise AssertionError("the second writer did not give up")
        assert lock.waiting == 0
    finally:
        release.set()
        holder.join(HANG_GUARD_S)
