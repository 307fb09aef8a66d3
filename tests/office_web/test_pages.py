"""Every page in a real browser: axe-core finds no WCAG 2.1 A/AA violation, nothing needs
JavaScript, and screenshots at 1366×768 and 1920×1080 are written for a person to look at
(``KIMDESK_WEB_SCREENSHOTS=DIR``)."""

import os
from pathlib import Path

import pytest

from kimdesk.office.web.directory import Directory
from kimdesk.office.web.reconstructions import Reconstructions
from tests.office_web.browser import axe_violations, describe
from tests.office_web.conftest import PASSWORD, ROLE_USERS
from tests.office_web.district_data import fill_district, sample_theme
from tests.office_web.laptops import enrolled_client, send_reconstructions

SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}
#: pages that answer 4xx on purpose (the browser logs that as a console error)
ANSWERS_4XX = ("/gibt-es-nicht", "tabelle=gehaelter", "zeitraum=2025-Q1")


@pytest.fixture(scope="module")
def filled(web_office, district_releases):
    from datetime import date

    from kimdesk import catalogues

    fill_district(web_office, district_releases)  # twelve laptops' figures, eight quarters
    laptops = [enrolled_client(web_office, f"Laptop Team {t}") for t in ("Nord", "Süd")]
    send_reconstructions(laptops[0], range(0, 7))
    send_reconstructions(laptops[1], range(7, 12))
    for c in laptops:
        c.changes(0)  # as a sync round does: records app version and cursor
        c.close()
    recs = Reconstructions(web_office.engine).all()
    theme = sample_theme(web_office.engine, date(2026, 11, 12), date(2026, 11, 20))
    Reconstructions(web_office.engine).bundle([recs[0].key, recs[6].key], theme)
    directory = Directory(web_office.engine)
    directory.import_entries(catalogues.service_directory("kleve")[:12])
    directory.publish()
    return {"rec": recs[0].key, "theme": theme}


def pages(filled) -> dict[str, list[str]]:
    return {
        "coordination": ["/uebersicht", "/kennzahlen",
                         "/kennzahlen?tabelle=case_flow&zeitraum=2026-Q3&gliederung=kommune",
                         "/kennzahlen?tabelle=gaps&zeitraum=2025&gliederung=team",
                         "/kennzahlen?tabelle=gehaelter", "/berichte",
                         "/fallrekonstruktionen",
                         "/fallrekonstruktionen?lebensbereich=childcare&status=bundled",
                         f"/fallrekonstruktionen/{filled['rec']}", "/themen",
                         f"/themen/{filled['theme']}", "/lenkungsgruppe", "/versorgungssystem",
                         "/kreis", "/konto"],
        "steering": ["/uebersicht", "/uebersicht?zeitraum=2025-Q1",
                     "/kennzahlen?tabelle=life_areas&zeitraum=2026-Q3&gliederung=team",
                     "/berichte", "/themen", f"/themen/{filled['theme']}", "/lenkungsgruppe"],
        "admin": ["/geraete", "/konten", "/protokoll"],
        "anonymous": ["/anmelden", "/gibt-es-nicht"],
    }


def _login(page, url: str, role: str) -> None:
    page.goto(url + "/anmelden")
    page.fill("#benutzername", ROLE_USERS[role])
    page.fill("#passwort", PASSWORD)
    with page.expect_navigation():
        page.press("#passwort", "Enter")


@pytest.mark.parametrize("role", ["coordination", "steering", "admin", "anonymous"])
def test_every_page_passes_axe_and_is_photographed(browser, web_office, filled, role):
    out = os.environ.get("KIMDESK_WEB_SCREENSHOTS")
    context = browser.new_context(bypass_csp=True, java_script_enabled=True,
                                  viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}")
            if m.type == "error" and not page.url.endswith(ANSWERS_4XX) else None)
    if role != "anonymous":
        _login(page, web_office.url, role)
    found, wide = {}, []
    for path in pages(filled)[role]:
        page.goto(web_office.url + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
        assert page.locator("h1").count() == 1, path
        for size, (w, h) in SIZES.items():  # wide tables scroll in their region, not the page
            page.set_viewport_size({"width": w, "height": h})
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                wide.append(f"{path} at {size}")
        page.set_viewport_size({"width": 1366, "height": 768})
        if out:
            for size, (w, h) in SIZES.items():
                page.set_viewport_size({"width": w, "height": h})
                name = (role + path.replace("/", "_").replace("?", "_").replace("=", "-")
                        .replace("&", "_"))[:90]
                page.screenshot(path=str(Path(out) / f"{name}_{size}.png"), full_page=True)
            page.set_viewport_size({"width": 1366, "height": 768})
    context.close()
    assert not wide, wide
    assert not found, describe([{"page": p, "violations": v} for p, v in found.items()])
    assert not [e for e in errors if "Content Security Policy" not in e], errors


def test_dates_on_a_reconstruction_page_are_german(filled, clients):
    page = clients["coordination"].get(f"/fallrekonstruktionen/{filled['rec']}").text
    assert "geprüft am 01.10.2026" in page  # the payload says 2026-10-01T10:00Z
