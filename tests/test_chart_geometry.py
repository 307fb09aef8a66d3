"""Charts as geometry: the same picture on screen (SVG) and on paper (reportlab), whole
ticks, values on every bar, a missing value written out and never drawn as a zero."""

import xml.etree.ElementTree as ET

import pytest

from kimdesk.core import chart_geometry as geo
from kimdesk.office.web.svg_charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(("value", "end", "step"), [
    (0, 4, 1), (3, 3, 1), (7, 8, 2), (50, 50, 10), (107, 150, 50), (415, 500, 100),
    (1234, 1500, 500)])
def test_axes_end_on_whole_readable_ticks(value, end, step):
    assert geo.axis(value) == (end, step)


def test_every_bar_carries_its_value_and_a_missing_one_is_written_out():
    bars = [geo.Bar("Kurzintervention", (20, None), ("", "zurückgehalten")),
            geo.Bar("Prozesshafte Begleitung", (50, 0))]
    chart = geo.bar_chart("Fälle nach Fallart und Team", bars, ["Nord", "Süd"])
    texts = [s.text for s in chart.shapes if isinstance(s, geo.Text)]
    rects = [s for s in chart.shapes if isinstance(s, geo.Rect) and s.h > 12]
    assert {"20", "50", "0", "zurückgehalten", "Nord", "Süd"} <= set(texts)
    assert len(rects) == 3  # no bar for the withheld value
    assert max(r.x + r.w for r in rects) <= chart.width


def test_long_labels_wrap_and_rows_make_room_for_them():
    chart = geo.bar_chart("Lebensbereiche", [
        geo.Bar("Lebensunterhalt/Sozialleistungen/Finanzen (inkl. Schulden)", (83,)),
        geo.Bar("Arbeit", (78,))])
    labels = [s for s in chart.shapes if isinstance(s, geo.Text) and s.role == "label"]
    first = [t for t in labels if t.y < labels[-1].y]
    assert "".join(t.text for t in first).replace(" ", "") == \
        "Lebensunterhalt/Sozialleistungen/Finanzen(inkl.Schulden)"
    assert len(first) == 3 and all(len(t.text) <= 32 for t in first)
    # the second row's label starts below the first row's last line
    assert labels[-1].y - first[-1].y >= geo.SIZES["label"]


def test_a_line_breaks_where_a_quarter_was_not_reported():
    chart = geo.line_chart("Verlauf", ["Q1", "Q2", "Q3", "Q4"],
                           [("Fälle", [10, None, 30, 40])])
    lines = [s for s in chart.shapes if isinstance(s, geo.Polyline)]
    assert [len(line.points) for line in lines] == [2]  # Q3–Q4; Q1 alone is a dot
    assert any(isinstance(s, geo.Text) and s.text == "keine Meldung" for s in chart.shapes)


def test_svg_is_an_image_with_a_title_and_no_inline_style():
    markup = bar_chart("Vermittlungen", [geo.Bar("Jobcenter", (35,))], chart_id="v")
    svg = ET.fromstring(markup)
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "v-titel"
    assert svg.find(f"{SVG}title").text == "Vermittlungen"
    assert "style=" not in markup
    assert "<polyline" in line_chart("Verlauf", ["a", "b"], [("x", [1, 2])])


def test_wrapping_keeps_the_spaces_around_a_free_standing_slash():
    # "unbekannt / außerhalb des Kreises" lost its space ("unbekannt /außerhalb")
    assert geo.wrap("unbekannt / außerhalb des Kreises", 40) == [
        "unbekannt / außerhalb des Kreises"]
    assert geo.wrap("unbekannt / außerhalb des Kreises", 12) == [
        "unbekannt /", "außerhalb", "des Kreises"]
    # a slash inside a word still breaks without a space
    assert geo.wrap("Integrations-/Berufssprachkurs", 40) == ["Integrations-/Berufssprachkurs"]
    assert geo.wrap("Sprache (Integrations-/Berufssprachkurs)", 24) == [
        "Sprache (Integrations-/", "Berufssprachkurs)"]
