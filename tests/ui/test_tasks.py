"""The task runner: work off the GUI thread, serially, results back on the GUI thread."""

import threading

import pytest

from kimdesk.core.errors import DomainError
from kimdesk.ui.tasks import TaskRunner
from tests.conftest import HANG_GUARD_MS


@pytest.fixture
def runner(qapp):
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def test_call_runs_on_the_worker_after_queued_work_and_returns(runner):
    order: list[str] = []
    gate = threading.Event()
    runner.run(lambda: (gate.wait(), order.append("queued first")))
    gate.set()
    where = runner.call(lambda: (order.append("call"), threading.current_thread())[1])
    assert where is not threading.main_thread()
    assert order == ["queued first", "call"]


def test_call_raises_the_workers_error_on_the_caller(runner):
    def refuse() -> None:
        raise DomainError("Nein.")

    with pytest.raises(DomainError, match="Nein."):
        runner.call(refuse)


def test_run_delivers_on_the_gui_thread(qtbot, runner):
    seen: list[tuple[object, bool]] = []
    runner.run(lambda: threading.current_thread(),
               lambda worker: seen.append((worker, threading.current_thread()
                                           is threading.main_thread())))
    qtbot.waitUntil(lambda: bool(seen), timeout=HANG_GUARD_MS)
    worker, on_gui = seen[0]
    assert worker is not threading.main_thread() and on_gui
