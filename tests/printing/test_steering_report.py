"""The steering-group report on the printouts' letter frame: rendered from a plain
read-model, read back with pypdf, every font embedded Noto."""

import io
import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from kimdesk.core import chart_geometry as geo
from kimdesk.printing.read_models import Contact, Sender
from kimdesk.printing.steering_report import (
    KeyFigure,
    ReportDecision,
    ReportTable,
    ReportTheme,
    SteeringReport,
    render_steering_report,
)

WIDE = ReportTable("Vermittlungen nach Art der Stelle und Ergebnis",
                   ("Art der Stelle", "Offen", "Termin vereinbart", "Auf der Warteliste",
                    "Leistung/Angebot erhalten", "Von der Stelle abgelehnt",
                    "Nicht wahrgenommen", "Unbekannt", "Summe"),
                   (("Jobcenter", "12", "6", "12", "12", "0", "0", "0", "35"),
                    ("Summe", "36", "39", "32", "71", "3", "15", "zurückgehalten", "208")),
                   totals=(1,))


def report() -> SteeringReport:
    return SteeringReport(
        district="Kreis Kleve", period_display="3. Quartal 2026",
        sender=Sender("Kommunales Integrationszentrum Kreis Kleve", "Koordinierungsstelle KIM",
                      "Nassauerallee 15-23", "47533", "Kleve"),
        contact=Contact("Kai"), created_at=datetime(2026, 12, 3, 9, 30),
        document_id="LG-2026-Q3-ABC123", completeness="11 von 13 Geräten haben 3. Quartal "
        "2026 gemeldet.", note="Die Werte sind zur Geheimhaltung leicht verändert.",
        error_note="Jeder Wert weicht höchstens um 33 ab.",
        key_figures=(KeyFigure("Fälle im Quartal bearbeitet", "380"),
                     KeyFigure("davon neu aufgenommen", "keine Meldung")),
        caseload="27,3 offene Fälle je Vollzeitstelle – unter dem Fallzahlschlüssel von 1:50.",
        charts=(geo.bar_chart("Fälle nach Fallart", [geo.Bar("Kurzintervention", (93,))]),
                geo.line_chart("Verlauf", ["Q1/26", "Q2/26"], [("bearbeitet", [300, None])])),
        tables=(WIDE,),
        themes=(ReportTheme("Kinderbetreuung und Sprachkurs", "offen", "Familie und "
                            "Qualifizierung sind vereinbar.",
                            (("Kitaplätze", ("Kurse mit Kinderbetreuung",)),),
                            ("Jugendamt",), ((date(2026, 8, 12), "Erste Sitzung."),), 2),),
        decisions=(ReportDecision(date(2026, 9, 20), "Sprachkurse mit Kinderbetreuung",
                                  "Ab 2027 bevorzugt gefördert.", "Kinderbetreuung und "
                                  "Sprachkurs", True),))


def test_the_report_reads_back_with_its_parts_on_the_letter_frame():
    pdf = render_steering_report(report())
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for expected in ("Bericht an die Lenkungsgruppe: 3. Quartal 2026",
                     "Lenkungsgruppe Kommunales Integrationsmanagement",  # address field
                     "Koordinierungsstelle KIM", "Ansprechperson Kai",
                     "11 von 13 Geräten haben 3. Quartal 2026 gemeldet.",
                     "380 Fälle im Quartal bearbeitet", "keine Meldung",
                     "Rahmenziel: Kitaplätze", "Handlungsstrategie: Kurse mit Kinderbetreuung",
                     "Beschluss vom 20.09.2026: Sprachkurse mit Kinderbetreuung",
                     "Dokument LG-2026-Q3-ABC123", f"Seite 1 von {len(reader.pages)}"):
        assert expected in text, expected
    # the wide table's headings stand upright and are whole words, not broken letters
    assert "Leistung/Angebot erhalten" in text or "Leistung/Angebot" in text
    assert "Termi n" not in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_every_font_is_embedded_noto_and_charts_add_no_helvetica(tmp_path):
    path = tmp_path / "bericht.pdf"
    path.write_bytes(render_steering_report(report()))
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        assert "NotoSans" in line and line.split()[-5] == "yes", line


def test_a_withheld_team_column_is_as_wide_as_its_words():
    # "zurückgehalten" in bold ran into the next column ("105zurückgehaltenzurückgehalten")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kimdesk.printing import fonts
    from kimdesk.printing.flowables import Styles
    from kimdesk.printing.letter import BODY_W
    from kimdesk.printing.steering_report import _columns

    teams = ReportTable("Fälle nach Fallart und Team",
                        ("Fallart", "Regionalteam Nord", "Regionalteam Ost",
                         "Regionalteam Mitte", "Regionalteam Süd"),
                        (("Kurzintervention", "20", "25", "zurückgehalten", "keine Meldung"),
                         ("Summe", "111", "105", "zurückgehalten", "keine Meldung")),
                        totals=(1,))
    widths, upright = _columns(teams, Styles())
    assert not upright  # four team names fit across
    bold = fonts.face("Latn", bold=True).name
    for j in range(1, 5):
        needed = max(stringWidth(row[j], bold, 9) for row in teams.rows) + 6
        assert widths[j] >= needed, (teams.headers[j], widths[j], needed)
    assert sum(widths) <= BODY_W + 0.01


def test_legend_entries_do_not_run_into_each_other_in_the_printed_face():
    # "neu aufgenommen" ran into the dotted line of "abgeschlossen" on paper
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kimdesk.printing import fonts
    from kimdesk.printing.flowables import Styles

    Styles()  # registers the faces
    regular = fonts.face("Latn").name
    for chart in (geo.line_chart("Verlauf", ["Q1/26", "Q2/26"],
                                 [("bearbeitet", [300, 310]), ("neu aufgenommen", [90, 95]),
                                  ("abgeschlossen", [60, 70])]),
                  geo.bar_chart("Teams", [geo.Bar("Kurzintervention", (1, 2, 3, 4))],
                                ["Regionalteam Nord", "Regionalteam Ost",
                                 "Regionalteam Mitte", "Regionalteam Süd"])):
        texts = [s for s in chart.shapes if isinstance(s, geo.Text) and s.role == "legend"]
        marks = [s.x1 if isinstance(s, geo.Line) else s.x for s in chart.shapes
                 if (isinstance(s, geo.Line) and s.role == "legend")
                 or (isinstance(s, geo.Rect) and s.h == 12 and s.w == 12)]
        assert len(texts) == len(marks) > 2
        for text, mark, following in zip(texts, marks, marks[1:], strict=False):
            if following > mark:  # same row
                end = text.x + stringWidth(text.text, regular, geo.SIZES["legend"])
                assert end + 4 <= following, (text.text, end, following)


def test_a_long_sender_line_fits_the_envelope_window():
    # the office's "Kommunales Integrationszentrum Kreis Kleve · Nassauerallee 15-23 · 47533
    # Kleve" ran past the window (its underline stopped at 85 mm, in "47533")
    from kimdesk.printing import shaping
    from kimdesk.printing.letter import RETURN_LINE_W, return_line_size

    long = report().sender.return_line
    assert shaping.text_width(long, 7) > RETURN_LINE_W  # the case this test is about
    size = return_line_size(long)
    assert 5 <= size < 7 and shaping.text_width(long, size) <= RETURN_LINE_W + 0.01
    assert return_line_size("KIM · Markt 1 · 47533 Kleve") == 7
