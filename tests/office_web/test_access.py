"""Every workspace route × every role × not logged in, CSRF, session fixation, logout,
lockout — over real HTTP against the real office on 127.0.0.1."""

import httpx
import pytest
from fastapi.routing import APIRoute

from kimdesk.office.web.accounts import LOCK_MINUTES, MAX_FAILURES
from kimdesk.office.web.pages import routers
from kimdesk.office.web.sessions import COOKIE
from tests.office_web.conftest import PASSWORD, ROLE_USERS, csrf_of, login

A, C, S = "admin", "coordination", "steering"
ROLES = (A, C, S)
#: (method, path template) -> roles allowed; everything else gets 403, anonymous 303
MATRIX: dict[tuple[str, str], set[str]] = {
    ("GET", "/konto"): {A, C, S},
    ("POST", "/konto"): {A, C, S},
    ("POST", "/abmelden"): {A, C, S},
    ("GET", "/uebersicht"): {C, S},
    ("GET", "/kennzahlen"): {C, S},
    ("GET", "/kennzahlen/export.{kind}"): {C, S},
    ("GET", "/berichte"): {C, S},
    ("GET", "/berichte/lenkungsgruppe.pdf"): {C, S},
    ("GET", "/berichte/programmcontrolling.xlsx"): {C, S},
    ("GET", "/fallrekonstruktionen"): {C},
    ("GET", "/fallrekonstruktionen/{key}"): {C},
    ("POST", "/fallrekonstruktionen/{key}/status"): {C},
    ("POST", "/fallrekonstruktionen/buendeln"): {C},
    ("GET", "/themen"): {C, S},
    ("POST", "/themen"): {C},
    ("GET", "/themen/{theme_id}"): {C, S},
    ("POST", "/themen/{theme_id}"): {C},
    ("GET", "/lenkungsgruppe"): {C, S},
    ("POST", "/lenkungsgruppe"): {C},
    ("POST", "/lenkungsgruppe/{decision_id}/veroeffentlichen"): {C},
    ("GET", "/versorgungssystem"): {C},
    ("POST", "/versorgungssystem"): {C},
    ("POST", "/versorgungssystem/veroeffentlichen"): {C},
    ("POST", "/versorgungssystem/uebernehmen"): {C},
    ("GET", "/kreis"): {C},
    ("POST", "/kreis"): {C},
    ("GET", "/geraete"): {A},
    ("POST", "/geraete"): {A},
    ("POST", "/geraete/{device_id}/sperren"): {A},
    ("POST", "/geraete/{device_id}/team"): {A},
    ("GET", "/konten"): {A},
    ("POST", "/konten"): {A},
    ("POST", "/konten/{username}"): {A},
    ("GET", "/protokoll"): {A},
}
#: open to everyone (the login itself and the start page's redirect)
PUBLIC = {("GET", "/"), ("GET", "/anmelden"), ("POST", "/anmelden")}
SAMPLE = {"key": "0" * 24, "theme_id": "999", "decision_id": "999", "device_id": "x",
          "username": "niemand", "kind": "csv"}


def test_the_matrix_names_every_workspace_route():
    found = set()
    for router in routers():
        for route in router.routes:
            assert isinstance(route, APIRoute)
            found |= {(m, route.path) for m in route.methods if m != "HEAD"}
    assert found == set(MATRIX) | PUBLIC


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX))
def test_access_by_role(clients, method, template):
    path = template.format(**SAMPLE)
    anonymous = clients["anonymous"].request(method, path)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/anmelden")
    for role in ROLES:
        # posts carry no CSRF token: an allowed role passes the role check and is then
        # refused for the missing token (a different page), a refused role never gets there
        answer = clients[role].request(method, path)
        if role in MATRIX[(method, template)]:
            if method == "GET":
                # 404: nothing with that id (this office has no figures); 422: a report
                # without its period
                assert answer.status_code in (200, 404, 422), (role, path,
                                                               answer.status_code)
            else:
                assert answer.status_code == 403 and "Formular abgelaufen" in answer.text, \
                    (role, path)
        else:
            assert answer.status_code == 403, (role, method, path, answer.status_code)
            assert "für Ihre Rolle nicht freigegeben" in answer.text


def test_a_form_with_a_wrong_token_is_refused_and_changes_nothing(web_office, clients):
    coord = clients["coordination"]
    before = coord.get("/themen").text
    answer = coord.post("/themen", data={"csrf_token": "falsch", "titel": "Untergeschoben"})
    assert answer.status_code == 403 and "Formular abgelaufen" in answer.text
    answer = coord.post("/themen", data={"titel": "Untergeschoben"})
    assert answer.status_code == 403
    assert "Untergeschoben" not in coord.get("/themen").text
    good = coord.post("/themen", data={"csrf_token": csrf_of(before), "titel": "Echt"})
    assert good.status_code == 303


def test_pages_carry_a_strict_content_security_policy(clients):
    page = clients["admin"].get("/geraete")
    csp = page.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "default-src 'none'" in csp
    assert "<script" not in page.text and " style=" not in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"


def test_session_cookie_is_httponly_strict_and_secure_off_loopback(web_office):
    client = httpx.Client(base_url=web_office.url, follow_redirects=False)
    page = client.get("/anmelden")
    answer = client.post("/anmelden", data={"csrf_token": csrf_of(page.text), "weiter": "",
                                            "benutzername": ROLE_USERS["admin"],
                                            "passwort": PASSWORD})
    cookie = next(h for h in answer.headers.get_list("set-cookie") if h.startswith(COOKIE))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # loopback: plain http for the demo and the tests
    # the same office reached by a non-loopback name marks the cookie Secure
    other = httpx.Client(base_url=web_office.url, follow_redirects=False,
                         headers={"Host": "kreisbuero.intranet"})
    page = other.get("/anmelden")
    # httpx keeps a Secure cookie off plain http, as a browser would; hand it over
    other.cookies.set("kimdesk_login", page.cookies["kimdesk_login"])
    answer = other.post("/anmelden", data={"csrf_token": csrf_of(page.text), "weiter": "",
                                           "benutzername": ROLE_USERS["admin"],
                                           "passwort": PASSWORD})
    cookie = next(h for h in answer.headers.get_list("set-cookie") if h.startswith(COOKIE))
    assert "Secure" in cookie


def test_login_makes_a_new_session_id_and_a_planted_one_stays_worthless(web_office):
    planted = "angreifer-kennt-diesen-wert"
    client = httpx.Client(base_url=web_office.url, follow_redirects=False,
                          cookies={COOKIE: planted})
    page = client.get("/anmelden")
    answer = client.post("/anmelden", data={"csrf_token": csrf_of(page.text), "weiter": "",
                                            "benutzername": ROLE_USERS["coordination"],
                                            "passwort": PASSWORD})
    assert answer.status_code == 303
    new = answer.cookies[COOKIE]
    assert new != planted
    attacker = httpx.Client(base_url=web_office.url, follow_redirects=False,
                            cookies={COOKIE: planted})
    assert attacker.get("/themen").status_code == 303
    assert client.get("/themen").status_code == 200


def test_logout_ends_the_session_on_the_server(web_office):
    client = login(web_office.url, ROLE_USERS["steering"])
    token = client.cookies[COOKIE]
    page = client.get("/themen")
    answer = client.post("/abmelden", data={"csrf_token": csrf_of(page.text)})
    assert answer.status_code == 303 and "abgemeldet" in answer.headers["location"]
    replay = httpx.Client(base_url=web_office.url, follow_redirects=False,
                          cookies={COOKIE: token})
    assert replay.get("/themen").status_code == 303


def test_wrong_password_then_lockout_then_admin_unlocks(web_office):
    web_office.accounts.add("tom.test", PASSWORD, "coordination")
    client = httpx.Client(base_url=web_office.url, follow_redirects=False)

    def attempt(password: str) -> httpx.Response:
        page = client.get("/anmelden")
        return client.post("/anmelden", data={"csrf_token": csrf_of(page.text), "weiter": "",
                                              "benutzername": "tom.test",
                                              "passwort": password})

    first = attempt("falsch-falsch-falsch")
    assert first.status_code == 401 and "stimmen nicht" in first.text
    for _ in range(MAX_FAILURES - 2):
        assert attempt("falsch-falsch-falsch").status_code == 401
    locked = attempt("falsch-falsch-falsch")
    assert f"für {LOCK_MINUTES} Minuten gesperrt" in locked.text
    # even the right password is refused while locked
    assert "gesperrt" in attempt(PASSWORD).text
    web_office.accounts.set_disabled("tom.test", False)  # what "Aktivieren" does
    assert attempt(PASSWORD).status_code == 303


def test_idle_session_expires(web_office):
    from datetime import timedelta

    from kimdesk.office.models import utcnow
    from kimdesk.office.web.sessions import Sessions

    client = login(web_office.url, ROLE_USERS["steering"])
    token = client.cookies[COOKIE]
    s = Sessions(web_office.engine, timedelta(minutes=web_office.settings.idle_minutes),
                 timedelta(hours=12))
    later = utcnow() + timedelta(minutes=web_office.settings.idle_minutes + 1)
    assert s.lookup(token, now=later) is None  # expired and deleted
    answer = client.get("/themen")
    assert answer.status_code == 303 and "abgelaufen=1" in answer.headers["location"]


def test_admin_sets_a_devices_team_and_an_unknown_team_is_refused(web_office, clients):
    from kimdesk.office import devices
    from kimdesk.office.web.district import save
    from tests.office_web.laptops import enrolled_client

    save(web_office.engine, "kleve", 10.0, 50)
    enrolled_client(web_office, "Laptop Team Test").close()
    device = next(d for d in devices.list_devices(web_office.engine)
                  if d.name == "Laptop Team Test")
    admin = clients["admin"]
    token = csrf_of(admin.get("/geraete").text)
    bad = admin.post(f"/geraete/{device.id}/team", data={"csrf_token": token, "team": "mars"})
    assert bad.status_code == 400 and "gibt es im Kreis nicht" in bad.text
    ok = admin.post(f"/geraete/{device.id}/team", data={"csrf_token": token,
                                                         "team": "kleve-nord"})
    assert ok.status_code == 303
    assert "Team des Geräts ist gespeichert" in admin.get(ok.headers["location"]).text
    assert next(d for d in devices.list_devices(web_office.engine)
                if d.id == device.id).team == "kleve-nord"


def test_before_any_laptop_reported_the_figures_pages_say_so_and_show_no_zero(clients):
    """This module's office never receives figures."""
    steering = clients["steering"]
    overview = steering.get("/uebersicht")
    assert overview.status_code == 200
    assert "Noch hat kein Laptop Kennzahlen für ein abgeschlossenes Quartal gemeldet" in \
        overview.text
    assert "ws-card__value" not in overview.text
    figures_page = steering.get("/kennzahlen")
    assert figures_page.status_code == 404
    assert "Noch hat kein Laptop Kennzahlen gemeldet." in figures_page.text
    assert "Noch hat kein Laptop Kennzahlen für einen abgeschlossenen Zeitraum" in \
        steering.get("/berichte").text
    assert steering.get("/berichte/lenkungsgruppe.pdf?zeitraum=2026-Q3").status_code == 404


def test_the_figures_json_api_is_for_the_roles_that_read_figures(clients):
    """The composition's JSON API sits behind the workspace's session check."""
    path = "/api/figures/v1/catalogue"
    for role in ("coordination", "steering"):
        answer = clients[role].get(path)
        assert answer.status_code == 200 and answer.json()["tables"], role
    assert clients["admin"].get(path).status_code == 403
    anonymous = clients["anonymous"].get(path)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith(
        "/anmelden")
