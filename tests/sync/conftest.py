"""Fixtures for sync tests: real office servers on 127.0.0.1 (in a thread or a process),
SQLite or a throwaway PostgreSQL cluster, enrolled stores, and a fault-injecting proxy."""

import contextlib
import functools
import glob
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text

from kimdesk.office import db as office_db
from kimdesk.office import devices
from kimdesk.office.app import OfficeSettings, create_app
from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import KdfParams
from kimdesk.sync.builders import completed_periods
from kimdesk.sync.enrollment import enroll

PASSPHRASE = "richtig-geheim-42"
#: Aggregates a first round queues today: one per completed period within the look-back.
AGGREGATE_PERIODS = len(completed_periods(date.today()))
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url: str, timeout: float = 30.0, proc: subprocess.Popen | None = None,
                    verify: object = True) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"office exited: {proc.stderr.read() if proc.stderr else ''}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url + "/v1/health", timeout=1.0, verify=verify).status_code == 200:
                return
        time.sleep(0.05)
    raise TimeoutError(f"office at {url} did not start")


# -- PostgreSQL ---------------------------------------------------------------------------
def _pg_bindir() -> str | None:
    found = shutil.which("initdb")
    if found:
        return str(Path(os.path.realpath(found)).parent)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return str(Path(candidates[-1]).parent) if candidates else None


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster on a free localhost port (skipped locally if the
    binaries are missing, a failure in CI)."""
    bindir = _pg_bindir()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL fehlt in CI (scripts/system-packages: postgresql)")
        pytest.skip("PostgreSQL binaries not installed")
    base = Path(tempfile.mkdtemp(prefix="kimdesk-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        shutil.chown(base, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", free_port()
    subprocess.run([*prefix, f"{bindir}/initdb", "-D", str(data), "-A", "trust", "-U",
                    "kimdesk", "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    opts = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=100")
    subprocess.run([*prefix, f"{bindir}/pg_ctl", "-D", str(data), "-l", str(base / "log"),
                    "-o", opts, "-w", "-t", "60", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql+pg8000://kimdesk@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def new_postgres_database(base: str) -> str:
    """A fresh, empty database on the throwaway cluster ``base``; its URL."""
    name = f"office_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def office_url(request, tmp_path):
    """A fresh, empty office database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/office.db"
    return new_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def sqlite_office_url(tmp_path):
    return f"sqlite:///{tmp_path}/office.db"


# -- servers ------------------------------------------------------------------------------
class ThreadedOffice:
    """The real app on uvicorn in a thread of this process (fast start)."""

    def __init__(self, db_url: str, settings: OfficeSettings | None = None,
                 port: int | None = None) -> None:
        self.engine = office_db.open_database(db_url)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(self.engine, settings), host="127.0.0.1",
                                port=self.port, log_level="warning", access_log=False,
                                timeout_keep_alive=5)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> "ThreadedOffice":
        self.thread.start()
        wait_for_health(self.url)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.engine.dispose()


class OfficeProcess:
    """``kimdesk-office serve`` as a real process that can be killed and restarted."""

    def __init__(self, db_url: str, port: int | None = None, tls: tuple[Path, Path] | None = None
                 ) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.tls = tls
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "OfficeProcess":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kimdesk.office.cli", "serve", "--db", self.db_url,
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
             *(["--certfile", str(self.tls[0]), "--keyfile", str(self.tls[1])]
               if self.tls else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        verify = ssl.create_default_context(cafile=str(self.tls[0])) if self.tls else True
        wait_for_health(self.url, proc=self.proc, verify=verify)
        return self

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def office(office_url):
    server = ThreadedOffice(office_url).start()
    yield server
    server.stop()


@pytest.fixture
def sqlite_office(sqlite_office_url):
    server = ThreadedOffice(sqlite_office_url).start()
    yield server
    server.stop()


# -- stores -------------------------------------------------------------------------------
def make_store(folder: Path) -> CaseStore:
    store, _ = CaseStore.create(folder, PASSPHRASE, "kleve", case_manager="Test CM",
                                kdf=KdfParams.fast())
    return store


def enroll_store(store: CaseStore, engine, url: str, name: str = "Laptop 1") -> str:
    code = devices.new_code(engine, name)
    return enroll(store, url, code).device_id


@pytest.fixture
def sync_store(tmp_path):
    store = make_store(tmp_path / "store")
    yield store
    store.close()


# -- the command line ---------------------------------------------------------------------
def kimdesk_cmd(*args: str) -> list[str]:
    """``kimdesk`` run from this checkout's interpreter."""
    return [sys.executable, "-m", "kimdesk.cli", *args]


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")}
    env["KIMDESK_PASSPHRASE"] = PASSPHRASE
    env.update(extra)
    return env


def run_kimdesk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(kimdesk_cmd(*args), capture_output=True, text=True, env=cli_env(),
                          timeout=timeout, cwd=ROOT)


def run_office_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kimdesk.office.cli", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


# -- payloads -----------------------------------------------------------------------------
def reconstruction(n: int) -> dict:
    return {
        "schema": "kimdesk.reconstruction/1", "id": f"rek-{n}",
        "title": f"Rekonstruktion {n}", "life_areas": ["childcare", "language"],
        "institution_types": ["jobcenter", "kita"],
        "narrative": "Eine Mutter zweier Kinder wartet auf einen Kitaplatz …",
        "hindering_factors": ["kein Kitaplatz", "Sprachkurs nur vormittags"],
        "generative_theme": "Die Vereinbarkeit von Familie und Qualifizierung wird durch "
                            "angemessene Kinderbetreuung gewährleistet.",
        "diagram": {"nodes": [{"id": "cm", "label": "Case Management"},
                              {"id": "kita", "label": "Kita"}],
                    "edges": [{"from": "cm", "to": "kita", "label": "Vermittlung"}]},
        "review": {"reviewed_at": "2026-09-01T10:00:00", "findings_by_kind": {"name": 2}},
    }


@functools.lru_cache(maxsize=32)
def _aggregates(period: str, value: int) -> str:
    from kimdesk.core.periods import Period
    from kimdesk.privacy.aggregates import AggregateRecords
    from kimdesk.privacy.payload import payload_from_release, release_from_records

    p = Period.parse(period)
    cases = [(i, "case_management", 1, "", p.start, None, "", "kleve-kleve", "f", "1990-05-01",
              "ae_25", i * 7919) for i in range(1, value + 1)]
    release = release_from_records(AggregateRecords("kleve", cases, as_of=p.end), p,
                                   team_id="kleve-nord")
    return json.dumps(payload_from_release(release))


def aggregates(period: str = "2026-Q3", value: int = 12) -> dict:
    """A valid ``kimdesk.aggregates/2`` payload of ``value`` cases (made without a store)."""
    return json.loads(_aggregates(period, value))


class CuttingProxy:
    """A TCP proxy on 127.0.0.1 that drops the connection when the office starts to
    answer — the office has committed, the client never reads the answer."""

    def __init__(self, target_port: int, cuts: int) -> None:
        self.target_port, self.cuts = target_port, cuts
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))

        def pump() -> None:
            with contextlib.suppress(OSError):
                while data := conn.recv(65536):
                    upstream.sendall(data)
            with contextlib.suppress(OSError):
                upstream.shutdown(socket.SHUT_WR)

        threading.Thread(target=pump, daemon=True).start()
        try:
            while data := upstream.recv(65536):
                with self._lock:
                    cut = self.cuts > 0
                    if cut:
                        self.cuts -= 1
                if cut:
                    break
                conn.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (conn, upstream):  # shutdown wakes the pump thread's recv
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def close(self) -> None:
        self._closed = True
        self.listener.close()
