"""Berichte over real HTTP: the steering-group report as PDF (read back with pypdf) and the
programme-controlling workbook (opened with openpyxl), made from the district's real
releases, themes and decisions."""

import io
import os
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kimdesk.office import figures
from kimdesk.office.web.decisions import Decisions
from kimdesk.sync.protocol.figure_tables import TOTAL
from tests.office_web.district_data import LAST_QUARTER, fill_district, sample_theme


@pytest.fixture(scope="module")
def district(web_office, district_releases):
    fill_district(web_office, district_releases)
    theme = sample_theme(web_office.engine, date(2026, 8, 12), date(2026, 9, 20))
    decisions = Decisions(web_office.engine)
    decisions.add(date(2026, 11, 2), "Dolmetschpool", "Ein Dolmetschpool wird eingerichtet.",
                  None)  # a decision of the next quarter: not in the Q3 report
    return theme


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_steering_report_pdf_reads_back_with_figures_themes_and_decisions(
        district, clients, web_office):
    answer = clients["steering"].get(f"/berichte/lenkungsgruppe.pdf?zeitraum={LAST_QUARTER}")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    if out := os.environ.get("KIMDESK_WEB_SCREENSHOTS"):  # for a person to look at
        Path(out, f"lenkungsgruppe-{LAST_QUARTER}.pdf").write_bytes(answer.content)
    reader, text = _text(answer.content)
    flat = re.sub(r"\s+", " ", text)
    assert "Bericht an die Lenkungsgruppe: 3. Quartal 2026" in flat
    assert "Lenkungsgruppe Kommunales Integrationsmanagement" in flat  # the address field
    assert "11 von 13 Geräten haben 3. Quartal 2026 gemeldet." in flat
    assert flat.count("zur Geheimhaltung leicht verändert") == 1
    comp = figures.compose(web_office.engine, LAST_QUARTER, "caseload")
    assert f"{comp.value((TOTAL, TOTAL, TOTAL))} Fälle im Quartal bearbeitet" in flat
    assert "Kinderbetreuung und Sprachkurs" in flat
    assert "Rahmenziel: Ausreichend Kitaplätze in allen Kommunen" in flat
    assert "Beschluss vom 20.09.2026: Sprachkurse mit Kinderbetreuung" in flat
    assert "Dolmetschpool" not in flat  # decided in the next quarter
    assert "zurückgehalten" in flat and "keine Meldung" in flat  # never a stand-in zero
    pages = len(reader.pages)
    assert f"Seite 1 von {pages}" in flat and f"Seite {pages} von {pages}" in flat
    fonts = {str(f.get("/BaseFont", "")) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()
             for f in [f.get_object()]}
    assert any("NotoSans" in f for f in fonts) and not any("Helvetica" in f for f in fonts)
    from kimdesk.office.web.audit import recent

    assert any(e.action == "report" and LAST_QUARTER in e.target
               for e in recent(web_office.engine))


def test_a_year_report_and_a_period_without_reports(district, clients):
    year = clients["coordination"].get("/berichte/lenkungsgruppe.pdf?zeitraum=2025")
    assert year.status_code == 200
    _, text = _text(year.content)
    assert "Bericht an die Lenkungsgruppe: Jahr 2025" in re.sub(r"\s+", " ", text)
    none = clients["coordination"].get("/berichte/lenkungsgruppe.pdf?zeitraum=2019")
    assert none.status_code == 404 and "liegen noch keine Kennzahlen vor" in none.text
    bad = clients["coordination"].get("/berichte/programmcontrolling.xlsx?zeitraum=x")
    assert bad.status_code == 422 and "Unbekannter Zeitraum" in bad.text


def test_the_programme_controlling_workbook_has_every_table(district, clients, web_office):
    answer = clients["steering"].get(
        f"/berichte/programmcontrolling.xlsx?zeitraum={LAST_QUARTER}")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames[0] == "Übersicht"
    assert len(book.sheetnames) == 1 + len(figures.catalogue()) + 4
    front = {row[0]: row[1] for row in book["Übersicht"].iter_rows(values_only=True) if row[0]}
    assert front["Zeitraum"] == "3. Quartal 2026"
    comp = figures.compose(web_office.engine, LAST_QUARTER, "caseload")
    assert front["Fälle im Quartal bearbeitet"] == comp.value((TOTAL, TOTAL, TOTAL))
    assert front["Vollzeitstellen im Case Management"] == 11.5
    trend = list(book["Verlauf"].iter_rows(values_only=True))
    assert trend[0][0] == "Quartal" and len(trend) == 9
    assert trend[2][:2] == ("1. Quartal 2025", "keine Meldung")
    decisions = list(book["Beschlüsse"].iter_rows(values_only=True))
    assert [d[1] for d in decisions[1:]] == ["Sprachkurse mit Kinderbetreuung"]
    assert list(book["Themen"].iter_rows(values_only=True))[1][0] == \
        "Kinderbetreuung und Sprachkurs"


def test_the_reports_page_offers_completed_periods(district, clients):
    page = clients["steering"].get("/berichte").text
    assert '<option value="2026-Q3" selected>' in page
    assert '<option value="2025">Jahr 2025</option>' in page
    assert 'formaction="/berichte/programmcontrolling.xlsx"' in page
