"""The office at its door, as a real ``kimdesk-office serve`` process on 127.0.0.1: it logs
what it does (structured, no personal data), slow or idle clients cannot starve others,
and forwarded headers count only from configured proxies. Every loop is bounded."""

import json
import random
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kimdesk.office import db as office_db
from kimdesk.office import devices
from kimdesk.sync.client import Credentials, OfficeClient
from kimdesk.sync.protocol.signing import b64, new_private_key, public_key_of, sign_headers
from tests.conftest import HANG_GUARD_S
from tests.sync.conftest import ROOT, free_port, wait_for_health

DEVICE_NAME = "Laptop Frau Yilmaz"


class Office:
    """``kimdesk-office serve`` with its stderr (the log) in a file."""

    def __init__(self, tmp_path: Path, *extra: str) -> None:
        self.db_url = f"sqlite:///{tmp_path}/office.db"
        self.engine = office_db.open_database(self.db_url)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp_path / f"office-{self.port}.log"
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kimdesk.office.cli", "serve", "--db", self.db_url,
             "--host", "127.0.0.1", "--port", str(self.port), *extra],
            stdout=subprocess.DEVNULL, stderr=self._log, cwd=ROOT)
        wait_for_health(self.url, timeout=HANG_GUARD_S, proc=self.proc)

    def stop(self) -> list[str]:
        """Stop the server gracefully and return its log lines."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(HANG_GUARD_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        self.engine.dispose()
        return self.log_path.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def start_office(tmp_path):
    started: list[Office] = []

    def start(*extra: str) -> Office:
        office = Office(tmp_path, *extra)
        started.append(office)
        return office

    yield start
    for office in started:
        office.stop()


def _client_from(address: str) -> httpx.Client:
    """An HTTP client whose connections come from ``address`` (any 127.x.y.z works)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address),
                        timeout=HANG_GUARD_S)


def _raw_connection(office: Office, source: str) -> socket.socket:
    sock = socket.socket()
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", office.port))
    return sock


def _read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (bounded wait)."""
    data = b""
    deadline = time.monotonic() + HANG_GUARD_S
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk
    raise AssertionError(f"the office kept an idle connection open for {HANG_GUARD_S} s")


# -- 2: the office logs by default ---------------------------------------------------------
def test_the_office_logs_requests_and_enrollments_by_default_without_personal_data(
        start_office):
    office = start_office()  # no --log-level: the default must log
    code = devices.new_code(office.engine, DEVICE_NAME)
    with httpx.Client(timeout=HANG_GUARD_S) as http:
        assert http.get(office.url + "/v1/health").status_code == 200
        answer = http.post(office.url + "/v1/enroll",
                           json={"code": code, "public_key": b64(public_key_of(new_private_key()))})
        assert answer.status_code == 201
        device_id = answer.json()["device_id"]
        assert http.post(office.url + "/v1/items", json={"items": []}).status_code == 401
        assert http.post(office.url + "/v1/enroll", content=b"{kaputt").status_code == 422
    lines = office.stop()
    records = [json.loads(line) for line in lines]  # every line is one JSON record
    requests = [r for r in records if r.get("event") == "request"]
    seen = {(r["method"], r["path"], r["status"]) for r in requests}
    assert {("GET", "/v1/health", 200), ("POST", "/v1/enroll", 201),
            ("POST", "/v1/items", 401), ("POST", "/v1/enroll", 422)} <= seen
    assert all(isinstance(r["ms"], int | float) for r in requests)
    enrolled = [r for r in records if r.get("event") == "device_enrolled"]
    assert [r["device"] for r in enrolled] == [device_id]
    assert any(r.get("event") == "started" for r in records)
    everything = "\n".join(lines)
    assert DEVICE_NAME not in everything and code not in everything
    about_clients = [line for line, r in zip(lines, records, strict=True)
                     if r.get("event") != "started" and "running on" not in r.get("message", "")]
    assert not any("127.0.0.1" in line for line in about_clients)  # no client addresses
    assert "Traceback" not in everything


# -- 3: slow clients ------------------------------------------------------------------------
def test_idle_and_slow_header_connections_do_not_starve_other_clients(start_office):
    office = start_office("--header-timeout", "2", "--max-connections-per-client", "8")
    attackers = []
    for n in range(140):
        sock = _raw_connection(office, "127.0.0.2")
        if n % 2:  # slowloris: headers that never end
            sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: office\r\nX-Slow: ")
        attackers.append(sock)
    try:
        with _client_from("127.0.0.3") as other:
            answers = [other.get(office.url + "/v1/health").status_code for _ in range(20)]
        assert answers == [200] * 20
        # The server closes every attacking connection: those over the per-client limit at
        # once, the others when the header timeout runs out (408 where headers had begun).
        replies = [_read_until_closed(sock) for sock in attackers]
        assert all(r == b"" or r.startswith(b"HTTP/1.1 408") or r.startswith(b"HTTP/1.1 429")
                   for r in replies), {r[:30] for r in replies}
        assert any(r.startswith(b"HTTP/1.1 408") for r in replies)
    finally:
        for sock in attackers:
            sock.close()
    with _client_from("127.0.0.2") as recovered:  # the address is served again afterwards
        assert recovered.get(office.url + "/v1/health").status_code == 200
    log = "\n".join(office.stop())
    assert "connection_refused" in log and "header_timeout" in log


def test_a_body_dribbled_in_slowly_is_answered_408_after_the_whole_request_timeout(
        start_office):
    office = start_office("--request-timeout", "3")
    sock = _raw_connection(office, "127.0.0.1")
    sock.sendall(b"POST /v1/enroll HTTP/1.1\r\nHost: office\r\nContent-Type: application/json"
                 b"\r\nContent-Length: 400\r\n\r\n")
    answer = b""
    try:
        for _ in range(400):  # one byte at a time, each well within the per-chunk timeout
            ready, _, _ = select.select([sock], [], [], 0.25)
            if ready:
                answer = _read_until_closed(sock)
                break
            sock.sendall(b" ")
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer[:60]
    assert "Die Anfrage kam zu langsam an." in answer.decode("utf-8")


# -- 12: X-Forwarded-For --------------------------------------------------------------------
def _enroll_attempts(office: Office, forwarded_for, attempts: int) -> tuple[int, float]:
    """(answers that were not 429, seconds taken) for wrong-code enrollment attempts."""
    body = {"code": "AAAA-BBBB-CCCC", "public_key": b64(b"k" * 32)}
    passed = 0
    start = time.monotonic()
    with httpx.Client(timeout=HANG_GUARD_S) as http:
        for _ in range(attempts):
            answer = http.post(office.url + "/v1/enroll", json=body,
                               headers={"X-Forwarded-For": forwarded_for()})
            passed += answer.status_code != 429
    return passed, time.monotonic() - start


def _random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


def test_forwarded_for_from_an_unconfigured_address_does_not_bypass_the_limits(start_office):
    office = start_office()
    passed, seconds = _enroll_attempts(office, _random_address, 60)
    # the enrollment limit: a burst of 10, then one attempt per 5 s
    assert passed <= 10 + int(seconds * 0.2) + 1, (passed, seconds)


def test_forwarded_for_counts_only_from_a_configured_proxy(start_office):
    office = start_office("--forwarded-allow-ips", "127.0.0.1")
    passed, seconds = _enroll_attempts(office, lambda: "10.1.2.3", 30)
    assert passed <= 10 + int(seconds * 0.2) + 1  # one client behind the proxy: limited
    other, _ = _enroll_attempts(office, lambda: "10.1.2.4", 3)
    assert other == 3  # another client behind the same proxy is not


def test_signed_requests_stay_limited_per_device_whatever_the_forwarded_address(
        start_office):
    office = start_office("--forwarded-allow-ips", "127.0.0.1", "--device-limit", "0.001/20")
    key = new_private_key()
    answer = OfficeClient(office.url).enroll(devices.new_code(office.engine, "Laptop"), "",
                                             public_key_of(key))
    client = OfficeClient(office.url, Credentials(answer["device_id"], key))
    statuses = []
    with httpx.Client(timeout=HANG_GUARD_S) as http:
        for _ in range(40):
            headers = sign_headers(key, client.credentials.device_id, "GET", "/v1/device",
                                   "", b"")
            headers["X-Forwarded-For"] = _random_address()
            statuses.append(http.get(office.url + "/v1/device", headers=headers).status_code)
    assert statuses.count(200) == 20 and statuses.count(429) == 20, statuses
