"""Whatever breaks, a round ends with a German message and a backoff; offices only over
https://; rate-limit buckets evict the least recently used key; no tracebacks in logs."""

import ast
import http.server
import json
import logging
import threading
import time
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from kimdesk.core.errors import DomainError
from kimdesk.office import ingest, publications
from kimdesk.office.limits import TokenBucket
from kimdesk.store.models import OfficeMessage, OutboxItem, SyncIdentity
from kimdesk.store.sync_rows import sync_state
from kimdesk.sync import outbox
from kimdesk.sync.builders import year_aggregates
from kimdesk.sync.client import OfficeClient, require_secure_url
from kimdesk.sync.enrollment import enroll
from kimdesk.sync.errors import (
    EnrollmentError,
    InsecureOfficeUrlError,
    OfficeAnswerError,
    OfficeUnreachableError,
    UnexpectedSyncError,
)
from kimdesk.sync.protocol.ids import uuid7
from kimdesk.sync.rounds import Synchronizer
from kimdesk.sync.status import sync_status
from kimdesk.sync.worker import SyncWorker
from tests.conftest import wait_until
from tests.sync.conftest import ROOT, enroll_store, make_store, reconstruction, run_kimdesk

NOV_22 = date(2026, 11, 22)
SECRET = "Muhammad Al-Hassan"  # stands for case data inside an exception message


def state_of(store):
    with store.session() as s:
        state = sync_state(s)
        s.commit()
        return state


def outbox_states(store) -> dict[str, list[str]]:
    with store.session() as s:
        rows = s.execute(select(OutboxItem.kind, OutboxItem.state)).all()
    out: dict[str, list[str]] = {}
    for kind, state in rows:
        out.setdefault(kind, []).append(state)
    return out


def assert_no_traceback_or_text(caplog) -> None:
    for record in caplog.records:
        assert record.exc_info is None and record.exc_text is None, record.getMessage()
        assert SECRET not in record.getMessage()


# -- a failing aggregates builder -----------------------------------------------------------
@pytest.mark.parametrize("error", [DomainError("Die Kennzahlen für 3. Quartal 2026 haben die "
                                               "Datenschutzprüfung nicht bestanden."),
                                   KeyError(SECRET)])
def test_failing_builder_skips_aggregates_but_still_pushes_and_pulls(
        sqlite_office, sync_store, caplog, error):
    enroll_store(sync_store, sqlite_office.engine, sqlite_office.url)
    with sync_store.session() as s, s.begin():
        outbox.enqueue(s, "reconstruction", reconstruction(1))
    publications.publish(sqlite_office.engine, "feedback", [
        {"uid": "lg-1", "title": "Beschluss", "body": "Mehr Kitaplätze."}])
    calls = []

    def broken(store, day):
        calls.append(day)
        raise error

    caplog.set_level(logging.DEBUG, logger="kimdesk")
    sync = Synchronizer(sync_store, builder=broken, year_builder=year_aggregates,
                        today=lambda: NOV_22)
    result = sync.run_round()
    assert result.ok, result.error
    assert len(calls) == 4  # every due quarter was tried
    assert result.queued_periods == ["2025"]  # the year builder worked
    assert result.delivered == 2 and result.pulled == 1  # reconstruction + the year
    assert len(result.warnings) == 4
    if isinstance(error, DomainError):
        assert result.warnings[0] == str(error)
    else:
        assert "konnten nicht erstellt werden (KeyError)" in result.warnings[0]
    state = state_of(sync_store)
    assert state.stage == "done" and state.failures == 0
    assert state.last_error_kind == "aggregates" and state.next_attempt_at is not None
    status = sync_status(sync_store)
    assert status.message.startswith(result.warnings[0]) and SECRET not in status.message
    with sync_store.session() as s:
        assert s.scalars(select(OfficeMessage)).one().title == "Beschluss"
    assert_no_traceback_or_text(caplog)

    fixed = Synchronizer(sync_store, today=lambda: NOV_22)  # the stand-in works
    again = fixed.run_round()
    assert again.ok and again.queued_periods == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert not again.warnings and state_of(sync_store).last_error_kind == ""
    assert "Alles übertragen" in sync_status(sync_store).message


def test_an_unexpected_error_in_a_round_is_recorded_with_backoff(
        sqlite_office, sync_store, caplog, monkeypatch):
    from kimdesk.sync import rounds
    enroll_store(sync_store, sqlite_office.engine, sqlite_office.url)

    def broken_apply(*_a, **_k):
        raise ValueError(SECRET)

    monkeypatch.setattr(rounds, "apply_changes", broken_apply)
    caplog.set_level(logging.DEBUG, logger="kimdesk")
    now = datetime(2026, 11, 22, 12, 0)
    result = Synchronizer(sync_store, clock=lambda: now, today=lambda: NOV_22).run_round()
    assert not result.ok and isinstance(result.error, UnexpectedSyncError)
    assert result.error.kind == "internal" and result.error.retry
    assert str(result.error).startswith("Beim Abgleich ist ein unerwarteter Fehler "
                                        "aufgetreten (ValueError)")
    state = state_of(sync_store)
    assert state.failures == 1 and state.stage == "pull"  # resumes there
    assert state.next_attempt_at is not None and state.next_attempt_at > now
    assert SECRET not in state.last_error
    assert any("ValueError" in r.getMessage() for r in caplog.records)
    assert_no_traceback_or_text(caplog)


def test_worker_does_not_spin_when_a_round_crashes(sync_store, monkeypatch, caplog):
    from kimdesk.sync import worker as worker_mod

    class Crashing(Synchronizer):
        calls = 0

        def run_round(self, max_steps: int = 100_000):
            Crashing.calls += 1
            raise RuntimeError(SECRET)

    monkeypatch.setattr(worker_mod, "CRASH_PAUSE", 0.3)
    caplog.set_level(logging.DEBUG, logger="kimdesk")
    w = SyncWorker(sync_store, Crashing(sync_store))
    started = time.monotonic()
    w.start()
    wait_until(lambda: Crashing.calls >= 3, "three crashed rounds")
    elapsed = time.monotonic() - started
    w.stop()
    # Three rounds need at least two pauses between them: a load only makes this slower,
    # while a worker that does not pause would crash thousands of times in that span.
    assert elapsed >= 2 * 0.3
    assert Crashing.calls <= elapsed / 0.3 + 2
    assert any("RuntimeError" in r.getMessage() for r in caplog.records)
    assert_no_traceback_or_text(caplog)


# -- answers that are not the protocol -------------------------------------------------------
class FakeOffice:
    """A tiny http.server on 127.0.0.1 that answers every request with 200 and ``body``
    (e.g. the HTML login page of a captive portal)."""

    def __init__(self, body: bytes, content_type: str = "text/html") -> None:
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                fake.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *_args) -> None:
                pass

        self.requests = 0
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


PORTAL = b"<html><body><h1>WLAN-Anmeldung</h1><form>...</form></body></html>"


@pytest.mark.parametrize("body", [PORTAL, b'{"results": "ok"}', b"[1, 2]",
                                  b'{"results": [{"id": 1, "status": "stored"}]}'])
def test_a_2xx_answer_that_is_not_the_protocol_is_a_german_retryable_error(
        sqlite_office, sync_store, caplog, body):
    enroll_store(sync_store, sqlite_office.engine, sqlite_office.url)
    with sync_store.session() as s, s.begin():
        outbox.enqueue(s, "reconstruction", reconstruction(1))
    fake = FakeOffice(body, "text/html" if body == PORTAL else "application/json")
    caplog.set_level(logging.DEBUG, logger="kimdesk")
    try:
        sync = Synchronizer(sync_store, office_url=fake.url, today=lambda: NOV_22)
        result = sync.run_round()
    finally:
        fake.close()
    assert fake.requests >= 1
    assert not result.ok and isinstance(result.error, OfficeAnswerError)
    assert result.error.kind == "bad_answer" and result.error.retry
    assert "keine gültige Antwort" in str(result.error)
    state = state_of(sync_store)
    assert state.failures == 1 and state.next_attempt_at is not None
    assert state.stage == "push"
    assert 0 < SyncWorker(sync_store).seconds_until_due() <= 5
    assert set(outbox_states(sync_store)["reconstruction"]) == {"queued"}  # sent again later
    assert "keine gültige Antwort" in sync_status(sync_store).message
    assert_no_traceback_or_text(caplog)
    # the real office answers again: everything goes through
    assert Synchronizer(sync_store, today=lambda: NOV_22).run_round().ok
    assert set(outbox_states(sync_store)["reconstruction"]) == {"delivered"}


def test_a_pull_answer_of_the_wrong_shape_is_refused(sqlite_office, sync_store):
    enroll_store(sync_store, sqlite_office.engine, sqlite_office.url)
    fake = FakeOffice(b'{"cursor": "viele", "changes": {}}', "application/json")
    try:
        with OfficeClient(fake.url, Credentials_of(sync_store)) as client:
            with pytest.raises(OfficeAnswerError):
                client.changes(0)
            with pytest.raises(OfficeAnswerError):
                client.push([{"id": "x", "kind": "aggregates", "payload": {}}])
    finally:
        fake.close()


def Credentials_of(store):  # noqa: N802 - reads like the class it builds
    from kimdesk.sync.client import Credentials
    with store.session() as s:
        ident = s.get(SyncIdentity, 1)
        return Credentials(ident.device_id, ident.private_key)


def test_enrolling_at_a_captive_portal_says_so_not_that_the_code_is_wrong(sync_store):
    fake = FakeOffice(PORTAL)
    try:
        with pytest.raises(OfficeAnswerError) as caught:
            enroll(sync_store, fake.url, "ABCD-EFGH-JKLM")
    finally:
        fake.close()
    assert not isinstance(caught.value, EnrollmentError)
    with sync_store.session() as s:
        assert s.get(SyncIdentity, 1) is None


# -- https only -------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["https://kim.kreis-kleve.de", "https://10.1.2.3:8443/kim",
                                 "http://127.0.0.1:8765", "http://127.8.9.10",
                                 "http://localhost:8000", "HTTP://LOCALHOST", "http://[::1]:80/"])
def test_https_or_loopback_urls_are_accepted(url):
    assert require_secure_url(url) == url


@pytest.mark.parametrize("url", ["http://kim.kreis-kleve.de", "http://10.1.2.3:8765",
                                 "http://[::2]:80", "http://localhost.evil.de",
                                 "http://127.0.0.1.nip.io", "ftp://kim.kreis-kleve.de",
                                 "https://", "kim.kreis-kleve.de", "", "http://[::1"])
def test_plain_http_to_other_hosts_is_refused(url):
    with pytest.raises(InsecureOfficeUrlError, match="Das Kreisbüro muss über https:// "
                                                     "erreichbar sein"):
        require_secure_url(url)


class NoNetwork(httpx.BaseTransport):
    def handle_request(self, request):  # pragma: no cover - must not be reached
        raise AssertionError("no request may be made to an http:// office")


def test_enrollment_and_client_refuse_plain_http_before_any_request(sync_store):
    with pytest.raises(InsecureOfficeUrlError):
        enroll(sync_store, "http://kim.kreis-kleve.de", "ABCD-EFGH-JKLM",
               transport=NoNetwork())
    with pytest.raises(InsecureOfficeUrlError):
        OfficeClient("http://kim.kreis-kleve.de", transport=NoNetwork())
    with sync_store.session() as s, s.begin():  # an identity from before this rule
        s.add(SyncIdentity(id=1, device_id="d", office_url="http://kim.kreis-kleve.de",
                           private_key=b"k" * 32, public_key=b"p" * 32))
        outbox.enqueue(s, "reconstruction", reconstruction(1))
    result = Synchronizer(sync_store, transport=NoNetwork(), today=lambda: NOV_22).run_round()
    assert isinstance(result.error, InsecureOfficeUrlError) and not result.error.retry
    assert SyncWorker(sync_store).seconds_until_due() is None  # no automatic retries
    assert "https://" in sync_status(sync_store).message
    assert set(outbox_states(sync_store)["reconstruction"]) == {"queued"}


def test_cli_refuses_plain_http_offices(tmp_path):
    folder = tmp_path / "store"
    make_store(folder).close()
    for args in (("enroll", "--store", str(folder), "--office", "http://kim.kreis-kleve.de",
                  "--code", "ABCD-EFGH-JKLM"),
                 ("sync", "--store", str(folder), "--office", "http://kim.kreis-kleve.de")):
        r = run_kimdesk(*args)
        assert r.returncode == 1, r.stdout
        assert "Das Kreisbüro muss über https:// erreichbar sein" in r.stderr
        assert "Traceback" not in r.stderr
    r = run_kimdesk("sync", "--help")
    assert r.returncode == 0 and "abgeschlossener Zeiträume" in " ".join(r.stdout.split())


# -- the office ---------------------------------------------------------------------------------
def test_token_buckets_evict_the_least_recently_used_key_not_everyone():
    bucket = TokenBucket(rate=0.001, burst=2, max_keys=3)
    for key in ("a", "b", "c"):
        assert bucket.take(key, now=0.0) == 0.0
    assert bucket.take("a", now=1.0) == 0.0  # "a" used up its burst and is the newest
    assert bucket.take("a", now=1.0) > 0  # limited
    assert bucket.take("d", now=2.0) == 0.0  # the limit: "b" (least recent) goes
    assert len(bucket) == 3 and "b" not in bucket
    assert all(key in bucket for key in ("a", "c", "d"))
    assert bucket.take("a", now=2.0) > 0  # "a" is still limited: not reset by the eviction
    assert bucket.take("e", now=2.0) == 0.0  # now "c" is the least recently used
    assert "c" not in bucket and "a" in bucket and len(bucket) == 3


def test_office_answers_500_without_logging_a_traceback(sqlite_office, caplog, monkeypatch):
    from tests.sync.test_office_api import enrolled_client
    client = enrolled_client(sqlite_office)

    def broken_ingest(*_a, **_k):
        raise ValueError(SECRET)

    monkeypatch.setattr(ingest, "ingest", broken_ingest)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(OfficeUnreachableError):  # a 500 is "try again later" for a client
        client.push([{"id": uuid7(), "kind": "reconstruction", "payload": reconstruction(1)}])
    # The log line is written before the answer leaves, so it is there now — no waiting.
    assert any(getattr(r, "event", "") == "unhandled" and r.fields["error"] == "ValueError"
               for r in caplog.records)
    from tests.sync.test_office_api import signed_post

    body = json.dumps({"items": [{"id": uuid7(), "kind": "reconstruction",
                                  "payload": reconstruction(2)}]}).encode()
    answer = signed_post(client, body)
    client.close()
    assert answer.status_code == 500
    assert answer.json() == {"detail": "Interner Fehler im Kreisbüro."}  # German, as JSON
    for record in caplog.records:
        assert record.exc_info is None, record.getMessage()
        assert SECRET not in record.getMessage()
    assert httpx.get(sqlite_office.url + "/v1/health").status_code == 200


def test_no_log_call_in_sync_or_office_carries_a_traceback():
    offenders = []
    for folder in ("kimdesk/sync", "kimdesk/office"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                    continue
                if node.func.attr == "exception" or any(
                        k.arg in ("exc_info", "stack_info") for k in node.keywords):
                    offenders.append(f"{Path(path).relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
