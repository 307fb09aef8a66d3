"""Übersicht, Kennzahlen and their exports over real HTTP, on a district of twelve real
demo stores whose releases reached the office over the signed protocol (SQLite and
PostgreSQL): what is shown is what the figures API composes, a missing report is never a
zero, the method's note appears once, and an export holds exactly the page's table."""

import csv
import html
import io
import re

import pytest
from openpyxl import load_workbook

from kimdesk.office import figures
from kimdesk.sync.protocol.figure_tables import TOTAL
from tests.office_web.district_data import LAST_QUARTER, UNREPORTED, fill_district

NOTE = figures.PERTURBATION_NOTE


@pytest.fixture(scope="module")
def district(web_office, district_releases):
    return fill_district(web_office, district_releases)


def _cells(page: str, table_id: str) -> list[list[str]]:
    """The text of every header and body cell of one table of a page, row by row."""
    block = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", block, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def test_the_overview_shows_the_latest_complete_quarter_with_who_reported(district, clients,
                                                                         web_office):
    page = clients["steering"].get("/uebersicht")
    assert page.status_code == 200
    text = page.text
    assert "3. Quartal 2026</strong> (letztes abgeschlossenes Quartal" in text
    assert "11 von 13 Geräten haben 3. Quartal 2026 gemeldet." in text
    assert text.count(NOTE) == 1  # the method's note once, not per table
    comp = figures.compose(web_office.engine, LAST_QUARTER, "caseload")
    cases = comp.value((TOTAL, TOTAL, TOTAL))
    open_cases = comp.value((TOTAL, TOTAL, "open"))
    assert f'<span class="ws-card__value">{cases}</span>' in text
    per_position = f"{open_cases / 11.5:.1f}".replace(".", ",")
    assert f"{per_position} offene Fälle je Vollzeitstelle" in text
    # two devices are missing: the silent one and the last laptop of team Süd
    assert text.count("<strong>fehlt</strong>") == 2
    assert re.search(r"Laptop ohne Meldung</th>.*?<strong>fehlt</strong>", text, re.S)
    assert re.search(r"Laptop 12 sued</th>.*?<strong>fehlt</strong>", text, re.S)


def test_a_team_with_too_few_reports_is_withheld_never_zero(district, clients, web_office):
    page = clients["coordination"].get("/uebersicht").text
    rows = _cells(page, "tabelle-teams")
    header, body = rows[0], rows[1:]
    sued = header.index("Regionalteam Süd")
    assert {row[sued] for row in body} == {"zurückgehalten"}
    comp = figures.compose(web_office.engine, LAST_QUARTER, "caseload", "team")
    nord = header.index("Regionalteam Nord")
    total_row = next(row for row in body if row[0] == "Summe")
    assert total_row[nord] == str(comp.value((TOTAL, TOTAL, TOTAL), "kleve-nord"))
    assert "weniger als 3 Geräte des Teams" in page


def test_a_quarter_nobody_reported_reads_keine_meldung_in_the_trend(district, clients):
    page = clients["coordination"].get("/uebersicht").text
    rows = _cells(page, "tabelle-verlauf")
    unreported = next(row for row in rows if row[0] == "1. Quartal 2025")
    assert unreported[1:4] == ["keine Meldung"] * 3
    assert unreported[4] == "0 von 13"
    assert len(rows) == 1 + 8
    assert f"Q{UNREPORTED[-1]}/25" in page  # the chart's axis names it too


def test_another_quarter_is_chosen_in_the_url_and_an_unknown_one_is_explained(district,
                                                                            clients):
    coord = clients["coordination"]
    page = coord.get("/uebersicht?zeitraum=2026-Q2")
    assert page.status_code == 200 and "12 von 13 Geräten haben 2. Quartal 2026" in page.text
    missing = coord.get(f"/uebersicht?zeitraum={UNREPORTED}")
    assert missing.status_code == 404
    assert "Für 1. Quartal 2025 liegen noch keine Kennzahlen vor." in missing.text
    wrong = coord.get("/uebersicht?zeitraum=Sommer")
    assert wrong.status_code == 422
    assert "Bitte ein Quartal wie 2026-Q3" in wrong.text


@pytest.mark.parametrize("table", [t.id for t in figures.catalogue()])
def test_every_table_of_the_catalogue_by_district_team_and_municipality(district, clients,
                                                                       table):
    coord = clients["steering"]
    info = figures.table_info(table)
    for period in (LAST_QUARTER, "2025"):
        for grouping in ("kreis", "team", "kommune"):
            page = coord.get(f"/kennzahlen?tabelle={table}&zeitraum={period}"
                             f"&gliederung={grouping}")
            if grouping == "kommune" and not info.has_municipality:
                assert page.status_code == 422
                assert "nicht nach Kommunen gegliedert" in page.text
                continue
            assert page.status_code == 200, (table, period, grouping)
            assert page.text.count(NOTE) == 1
            assert f'<option value="{table}" selected>' in page.text
            assert f'<option value="{period}" selected>' in page.text
            assert "<svg" in page.text and 'role="img"' in page.text
            rows = _cells(page.text, "kennzahl-tabelle")
            assert len(rows) > 1
            if grouping == "team" and period == LAST_QUARTER:
                assert "zurückgehalten" in rows[1]


def test_bad_filters_get_a_german_reason_and_no_table(district, clients):
    coord = clients["coordination"]
    unknown = coord.get("/kennzahlen?tabelle=gehaelter&zeitraum=2026-Q3")
    assert unknown.status_code == 404 and "„gehaelter“ gibt es nicht" in unknown.text
    assert 'id="kennzahl-tabelle"' not in unknown.text
    grouping = coord.get("/kennzahlen?gliederung=person")
    assert grouping.status_code == 422 and "Unbekannte Gliederung" in grouping.text
    long = coord.get("/kennzahlen?tabelle=" + "x" * 5000)
    assert long.status_code in (404, 422)


def _csv_rows(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize("grouping", ["kreis", "team", "kommune"])
def test_csv_and_xlsx_hold_exactly_the_table_on_screen(district, clients, web_office, grouping):
    coord = clients["coordination"]
    query = f"tabelle=case_flow&zeitraum={LAST_QUARTER}&gliederung={grouping}"
    page = coord.get(f"/kennzahlen?{query}").text
    shown = _cells(page, "kennzahl-tabelle")
    assert f'href="/kennzahlen/export.csv?{html.escape(query)}"' in page
    as_csv = coord.get(f"/kennzahlen/export.csv?{query}")
    assert as_csv.status_code == 200
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = _csv_rows(as_csv.content)
    heading, table = rows[:rows.index([])], rows[rows.index([]) + 1:]
    assert [line[0] for line in heading][:1] == [
        "Fälle nach Kommune, Fallart und Stand (offen/abgeschlossen)"]
    assert [NOTE] in heading
    # the numbers without the thousands dot, everything else word for word
    assert table == [[c.replace(".", "") if c.replace(".", "").isdigit() else c for c in row]
                     for row in shown]
    as_xlsx = coord.get(f"/kennzahlen/export.xlsx?{query}")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    values = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(values) if not any(row)) + 1  # after the heading
    body = [row[:len(shown[0])] for row in values[start:]]
    assert [[str(v) for v in row] for row in body] == [
        [c.replace(".", "") if c.replace(".", "").isdigit() else c for c in row]
        for row in shown]
    assert any(isinstance(v, int) for v in body[1])  # numbers are numbers in the workbook
    from kimdesk.office.web.audit import recent

    assert any(e.action == "export" and "case_flow" in e.target
               for e in recent(web_office.engine))


def test_an_export_refuses_what_the_page_refuses(district, clients):
    coord = clients["coordination"]
    answer = coord.get("/kennzahlen/export.csv?tabelle=gaps&gliederung=kommune")
    assert answer.status_code == 422 and "nicht nach Kommunen gegliedert" in answer.text
    assert coord.get("/kennzahlen/export.pdf").status_code == 404


def test_export_cells_cannot_carry_a_formula():
    from kimdesk.office.web import figure_export
    from kimdesk.office.web.pivot import Column, Pivot, Row

    p = Pivot("t", "=HYPERLINK(\"http://x\")", "Fall", "2026-Q3", "3. Quartal 2026",
              "district", "kleve", ("Kategorie",), "Kreis",
              (Column("district", "Kreis", 3, True),),
              (Row(("a",), ("=1+1",), (4,), False),), "3 von 3", NOTE, "")
    rows = _csv_rows(figure_export.csv_bytes(p, "Kreis Kleve"))
    assert rows[0] == ["'=HYPERLINK(\"http://x\")"]
    assert ["'=1+1", "4"] in rows
    sheet = load_workbook(io.BytesIO(figure_export.xlsx_bytes(p, "Kreis Kleve"))).active
    assert sheet["A1"].value == "'=HYPERLINK(\"http://x\")"
    assert all(not str(c.value or "").startswith("=") for row in sheet.iter_rows()
               for c in row)


def test_a_withheld_team_cannot_be_recovered_from_the_district_total(district, clients,
                                                                     web_office):
    """District total minus the teams shown = the withheld teams' sum: those must together
    stand for no device or at least three (here Süd's two and the smallest other team)."""
    teams = figures.compose(web_office.engine, LAST_QUARTER, "caseload", "team")
    hidden = [g for g in teams.groups if not g.shown and g.devices]
    assert sum(g.devices for g in hidden) >= figures.MIN_DEVICES_PER_GROUP
    assert "kleve-sued" in {g.id for g in hidden} and len(hidden) == 2
    page = clients["coordination"].get("/uebersicht").text
    header = _cells(page, "tabelle-teams")[0]
    total = _cells(page, "tabelle-teams")[-1]
    assert [total[header.index(g.label)] for g in hidden] == ["zurückgehalten"] * 2


@pytest.mark.parametrize("query", [
    "/uebersicht?zeitraum=2026-Q3%27%22%3E", "/uebersicht?zeitraum=2100-Q1",
    "/uebersicht?zeitraum=%00", "/kennzahlen?tabelle=%00&zeitraum=9999-Q9",
    "/kennzahlen?gliederung=%E2%80%AEteam", "/kennzahlen?zeitraum=" + "2" * 3000,
    "/kennzahlen/export.csv?tabelle=caseload&zeitraum=2026-Q3&gliederung=device",
    "/kennzahlen/export.xlsx?tabelle=..%2F..%2Fetc", "/kennzahlen/export.csv%00",
    "/berichte/lenkungsgruppe.pdf?zeitraum=2026-Q5",
    "/berichte/programmcontrolling.xlsx?zeitraum=2025-Q1",
    "/api/figures/v1/periods/2026-Q9/tables/caseload?by=device"])
def test_hostile_addresses_get_a_german_answer_never_a_server_error(district, clients, query):
    answer = clients["coordination"].get(query)
    assert answer.status_code < 500, (query, answer.status_code)
    assert "Traceback" not in answer.text
    if answer.status_code >= 400 and "text/html" in answer.headers.get("content-type", ""):
        assert 'lang="de"' in answer.text
