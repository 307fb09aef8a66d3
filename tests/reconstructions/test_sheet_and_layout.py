"""The service-chain layout and the printed sheet."""

from datetime import date

from kimdesk.reconstruction.content import ReconstructionContent
from kimdesk.reconstruction.layout import layout, wrap_to_width
from kimdesk.reconstruction.service_chain import CM_NODE, Involvement, month_phrase, propose_chain
from kimdesk.reconstruction.sheet import build_sheet


def _chain():
    return propose_chain([
        Involvement("jobcenter", "work", 1, access=True),
        Involvement("language_course_provider", "language", 2, "waiting_list"),
        Involvement("kita", "childcare", 3, "declined_by_service"),
        Involvement("jmd", "training", 4, "service_received"),
        Involvement("health_service", "health", 6),
        Involvement("kita", "childcare", 5, gap="Kein Kita- oder Betreuungsplatz"),
    ], ["work", "language", "childcare", "training", "health"])


def test_lanes_are_life_areas_and_hand_offs_run_left_to_right_in_time():
    chain = _chain()
    lay = layout(chain)
    assert [lane.id for lane in lay.lanes] == ["case_management", "work", "language",
                                               "childcare", "training", "health"]
    lane_of = {lane.id: lane for lane in lay.lanes}
    for node in chain.nodes:
        box = lay.box(node.id)
        lane = lane_of[node.life_area]
        assert lane.y <= box.y and box.y + box.h <= lane.y + lane.height
    xs = [lay.box(n.id).x for n in chain.nodes if n.id != CM_NODE]
    assert xs == sorted(xs)
    broken = [a for a in lay.arrows if a.broken]
    assert {a.note for a in broken} == {"Warteliste", "von der Stelle abgelehnt"}
    assert any(a.target == CM_NODE for a in lay.arrows)  # the reporting institution
    assert chain.node("n3").broken  # the gap marks the Kita as a break point


def test_dragged_positions_override_the_automatic_layout():
    chain = _chain()
    chain.positions = {"n2": (900.0, 40.0)}
    box = layout(chain).box("n2")
    assert (box.x, box.y) == (900.0, 40.0)


def test_relative_time_and_wrapping():
    assert month_phrase(1) == "im ersten Monat"
    assert month_phrase(4) == "nach drei Monaten"
    assert month_phrase(2) == "nach einem Monat"
    lines = wrap_to_width("Kita / Kindertagespflege mit sehr langem Namen", len, 12, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")


def test_sheet_is_a_pdf_with_the_draft_banner_until_reviewed():
    content = ReconstructionContent(uid="x", title="Fallrekonstruktion: Arbeit",
                                    narrative="Die Klientin wartet.",
                                    generative_theme="Die Teilhabe wird ermöglicht.",
                                    life_areas=["work"], chain=_chain())
    draft = build_sheet(content, reviewed=False, printed_on=date(2025, 6, 1))
    final = build_sheet(content, reviewed=True, printed_on=date(2025, 6, 1))
    assert draft.startswith(b"%PDF") and final.startswith(b"%PDF")
    assert len(draft) > 5_000
