"""A real office with the workspace on 127.0.0.1 (uvicorn in a thread), accounts for each
role, and logged-in HTTP clients. One office per test module and database: every module
runs against SQLite and against PostgreSQL (a throwaway cluster, one database per module,
so CI time grows by one office start per module)."""

import re
import threading
from datetime import date

import httpx
import pytest
import uvicorn
from argon2 import PasswordHasher

from kimdesk.office import db as office_db
from kimdesk.office.app import OfficeSettings, create_app
from kimdesk.office.web import WorkspaceSettings
from kimdesk.office.web.accounts import Accounts
from tests.sync.conftest import (  # noqa: F401
    free_port,
    new_postgres_database,
    postgres_server,
    sync_store,
    wait_for_health,
)
from tests.ui.conftest import desk_window, kimdesk_home, profile, window  # noqa: F401

#: cheap Argon2id for tests (the product's default costs 64 MiB and ~0.1–0.5 s per login)
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "richtig-geheim-42"
#: the office's clock in tests: 2026-Q3 (the demo district's last quarter) is complete
OFFICE_TODAY = date(2026, 12, 3)
ROLE_USERS = {"admin": "anna.admin", "coordination": "kai.koordination",
              "steering": "lena.lenkung"}


class WebOffice:
    """The real office app (API + workspace) on uvicorn in a thread of this process."""

    def __init__(self, db_url: str, settings: WorkspaceSettings | None = None) -> None:
        self.engine = office_db.open_database(db_url)
        self.db_url = db_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = settings or WorkspaceSettings(hasher=FAST_HASHER, login_rate=50,
                                                      login_burst=200, today=lambda: OFFICE_TODAY)
        # a district's twelve laptops enroll within seconds in these tests
        office = OfficeSettings(enroll_rate=50, enroll_burst=200)
        config = uvicorn.Config(create_app(self.engine, office, workspace=self.settings),
                                host="127.0.0.1", port=self.port, log_level="warning",
                                access_log=False, timeout_keep_alive=5)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.accounts = Accounts(self.engine, self.settings.hasher)

    def start(self) -> "WebOffice":
        self.thread.start()
        wait_for_health(self.url)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.engine.dispose()

    def add_role_accounts(self) -> None:
        for role, name in ROLE_USERS.items():
            self.accounts.add(name, PASSWORD, role, name.split(".")[0].title())


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def login(base_url: str, username: str, password: str = PASSWORD) -> httpx.Client:
    client = httpx.Client(base_url=base_url, follow_redirects=False, timeout=60)
    page = client.get("/anmelden")
    answer = client.post("/anmelden", data={"csrf_token": csrf_of(page.text),
                                            "benutzername": username, "passwort": password,
                                            "weiter": ""})
    assert answer.status_code == 303, answer.text[:500]
    return client


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def office_db_url(request, tmp_path_factory):
    """One empty office database per module and backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('office')}/office.db"
    return new_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture(scope="module")
def web_office(office_db_url):
    server = WebOffice(office_db_url).start()
    server.add_role_accounts()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def clients(web_office):
    """A logged-in client per role, and an anonymous one."""
    out = {role: login(web_office.url, name) for role, name in ROLE_USERS.items()}
    out["anonymous"] = httpx.Client(base_url=web_office.url, follow_redirects=False, timeout=60)
    yield out
    for c in out.values():
        c.close()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole test session."""
    from playwright.sync_api import sync_playwright

    from tests.office_web.browser import launch

    with sync_playwright() as playwright:
        b = launch(playwright)
        yield b
        b.close()


@pytest.fixture(scope="session")
def district_releases(tmp_path_factory):
    """Twelve demo stores' real releases, built once per test session."""
    from tests.office_web.district_data import build_releases

    return build_releases(tmp_path_factory.mktemp("district"))
