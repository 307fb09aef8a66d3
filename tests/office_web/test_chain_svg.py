"""The service-chain diagram: labels sit where they can be read."""

import re
import xml.etree.ElementTree as ET

import pytest

from kimdesk.demo.reconstruction_payloads import PATTERNS, reconstruction_payload
from kimdesk.office.web.chain_svg import EDGE_FONT, _wrap, render

SVG = "{http://www.w3.org/2000/svg}"


def _parse(n: int) -> ET.Element:
    return ET.fromstring(render(reconstruction_payload(n)["diagram"]))


@pytest.mark.parametrize("n", range(len(PATTERNS)))
def test_the_label_of_a_vertical_arrow_sits_in_the_gap_beside_it_not_on_a_box(n):
    svg = _parse(n)
    lines = svg.findall(f"{SVG}line")
    labels = svg.findall(f"{SVG}text[@class='ws-edge-label']")
    boxes = [tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
             for r in svg.findall(f"{SVG}rect") if "ws-node" in r.get("class", "")]
    assert len(lines) == len(labels) > 0
    for line, label in zip(lines, labels, strict=True):
        x1, y1, x2, y2 = (float(line.get(k)) for k in ("x1", "y1", "x2", "y2"))
        if abs(x1 - x2) >= 1:
            continue
        x, baseline = float(label.get("x")), float(label.get("y"))
        top = baseline - EDGE_FONT * 0.8  # cap height and ascenders
        assert x > x1, "the label is beside the arrow, not across it"
        assert min(y1, y2) < top and baseline < max(y1, y2), (label.text, y1, y2, baseline)
        width = len(label.text) * EDGE_FONT * 0.6
        for bx, by, bw, bh in boxes:
            overlaps = x < bx + bw and bx < x + width and top < by + bh and by < baseline
            assert not overlaps, f"label {label.text!r} lies on a box"


def test_lane_names_are_complete_where_they_fit_and_slashed_words_wrap():
    assert _wrap("Sprache (Integrations-/Berufssprachkurs)", 19, 3) == [
        "Sprache", "(Integrations-/", "Berufssprachkurs)"]
    svg = render(reconstruction_payload(2)["diagram"])
    lanes = re.findall(r'<text class="ws-lane-label"><title>([^<]+)</title>', svg)
    assert "Lebensunterhalt/Sozialleistungen/Finanzen (inkl. Schulden)" in lanes[2]
