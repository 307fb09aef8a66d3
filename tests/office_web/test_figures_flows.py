"""Reading figures in a real browser by keyboard alone: a coordinator picks a table, a year
and the teams, the view is in the URL and opens again from it, the CSV and XLSX of it are
downloaded and opened; a member of the steering group downloads the report PDF and reads
it back. Against the real office with twelve laptops' real releases (SQLite and
PostgreSQL)."""

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import HANG_GUARD_MS
from tests.office_web.browser import choose, keyboard_login, press_on, tab_to
from tests.office_web.conftest import ROLE_USERS
from tests.office_web.district_data import fill_district


@pytest.fixture(scope="module")
def district(web_office, district_releases):
    return fill_district(web_office, district_releases)


@pytest.fixture
def page(browser, web_office):
    context = browser.new_context(viewport={"width": 1366, "height": 768},
                                  accept_downloads=True)
    p = context.new_page()
    p.set_default_timeout(HANG_GUARD_MS)
    yield p
    context.close()


def _table(page) -> list[list[str]]:
    return page.eval_on_selector("#kennzahl-tabelle table", """t => [...t.rows].map(
        r => [...r.cells].map(c => c.innerText.trim()))""")


def _download(page, selector: str) -> bytes:
    tab_to(page, selector)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    path = info.value.path()
    with open(path, "rb") as f:
        return f.read()


def _plain(cell: str) -> str:
    digits = cell.replace(".", "")
    return digits if digits.isdigit() else cell


def test_a_coordinator_reads_a_table_by_keyboard_and_exports_what_is_on_screen(
        district, page, web_office):
    keyboard_login(page, web_office.url, ROLE_USERS["coordination"])
    assert page.inner_text("h1") == "Übersicht"  # the coordinators' start page
    tab_to(page, "nav a[href='/kennzahlen']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    choose(page, "#tabelle", "Vermittlungen nach Art der Stelle")
    choose(page, "#zeitraum", "Jahr 2025")
    choose(page, "#gliederung", "Teams")
    press_on(page, "form[action='/kennzahlen'] button[type=submit]")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"tabelle": ["referrals"], "zeitraum": ["2025"], "gliederung": ["team"]}
    assert "Vermittlungen nach Art der Stelle und Ergebnis" in page.inner_text("h2")
    shown = _table(page)
    assert shown[0][:2] == ["Art der Stelle", "Ergebnis"]
    # the address is the view: opened again (a bookmark, a link in an e-mail) it is the same
    again = page.context.new_page()
    again.goto(page.url)
    assert _table(again) == shown
    again.close()

    rows = list(csv.reader(io.StringIO(_download(page, "a[href^='/kennzahlen/export.csv']")
                                       .decode("utf-8-sig")), delimiter=";"))
    table = rows[rows.index([]) + 1:]
    assert table == [[_plain(c) for c in row] for row in shown]
    book = load_workbook(io.BytesIO(_download(page, "a[href^='/kennzahlen/export.xlsx']")))
    values = [["" if v is None else str(v) for v in row]
              for row in book.active.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(values) if not any(row)) + 1
    assert [row[:len(shown[0])] for row in values[start:]] == [[_plain(c) for c in row]
                                                               for row in shown]


def test_a_steering_group_member_downloads_the_report_by_keyboard_and_reads_it(
        district, page, web_office):
    keyboard_login(page, web_office.url, ROLE_USERS["steering"])
    tab_to(page, "nav a[href='/berichte']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    choose(page, "#zeitraum", "3. Quartal 2026")
    pdf = _download(page, "button#pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "Bericht an die Lenkungsgruppe: 3. Quartal 2026" in text
    assert "11 von 13 Geräten haben 3. Quartal 2026 gemeldet." in text
    workbook = load_workbook(io.BytesIO(_download(page, "button#xlsx")))
    assert workbook.sheetnames[0] == "Übersicht"
    # the steering group reads, it changes nothing: no form of theirs posts anything
    assert page.locator("form[method=post]:not([action='/abmelden'])").count() == 0
