"""The table catalogue (kimdesk.privacy.aggregates): periods, generalisation, case facts,
multi-response life areas, links — and a property test over random case records that runs
every release through the audit and the independent integer attack."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimdesk import catalogues
from kimdesk.core.errors import DomainError
from kimdesk.privacy.aggregates import (
    CATALOGUE,
    LINKS,
    SENSITIVE_K,
    SPECS,
    Period,
    area_scheme,
    build_tables,
    case_facts,
    category_labels,
    recent_periods,
)
from kimdesk.privacy.count_tables import TOTAL, cells_with_margins, release_structure
from kimdesk.privacy.suppression import suppress
from tests.privacy.conftest import case, records
from tests.test_suppression import check_release

Q3 = Period.parse("2026-Q3")


def test_periods() -> None:
    assert (Q3.start, Q3.end) == (date(2026, 7, 1), date(2026, 9, 30))
    year = Period.parse("2026")
    assert (year.start, year.end, year.is_year) == (date(2026, 1, 1), date(2026, 12, 31), True)
    assert Period.parse("2025-Q4").end == date(2025, 12, 31)
    assert Period.parse("2026-Q1").display == "1. Quartal 2026"
    for bad in ("2026-Q5", "26", "2026-07", "", "1999"):
        with pytest.raises(DomainError, match="Zeitraum"):
            Period.parse(bad)
    assert recent_periods(date(2026, 2, 1), quarters=3, years=2) == [
        "2026-Q1", "2025-Q4", "2025-Q3", "2026", "2025"]


def test_small_municipalities_are_pooled_by_planning_area() -> None:
    hx = area_scheme("hoexter")
    assert hx.category("hoexter-nieheim") == "hoexter-nordkreis"  # 6,000 inhabitants
    assert hx.category("hoexter-marienmuenster") == "hoexter-nordkreis"
    # Beverungen (13,000) would be alone in its pool, so Höxter joins it
    assert hx.category("hoexter-beverungen") == hx.category("hoexter-hoexter") == "hoexter-ost"
    assert hx.category("hoexter-brakel") == "hoexter-brakel"  # 16,300: own category
    assert hx.category("") == hx.category("kleve-kleve") == "unknown"
    kl = area_scheme("kleve")
    assert kl.category("kleve-kleve") == "kleve-kleve"
    assert kl.category("kleve-kalkar") == kl.category("kleve-rees") == "kleve-ost"
    assert "Kalkar" in kl.labels["kleve-ost"] and "Rees" in kl.labels["kleve-ost"]


@pytest.mark.parametrize("district_id", catalogues.district_ids())
def test_no_pool_stands_for_a_single_municipality(district_id: str) -> None:
    scheme = area_scheme(district_id)
    district = catalogues.district(district_id)
    for area in district.planning_areas:
        members = [m for m in area.municipalities if scheme.category(m.id) == area.id]
        assert len(members) != 1 or len(area.municipalities) == 1
        for m in area.municipalities:
            small = m.population < 15_000
            assert not small or scheme.category(m.id) == area.id
    assert len(set(scheme.categories)) == len(scheme.categories)


def test_case_facts_replay_the_history() -> None:
    rows = [
        case(1, "2025-11-03"),  # carried over, still open
        case(2, "2026-07-10", closed="2026-08-20", reason="goals_reached",
             case_type="short_intervention"),
        case(3, "2025-01-10", closed="2026-02-01", reason="no_need"),  # closed before
        case(4, "2025-01-10"),  # closed before, re-opened in the period (Wiedereintritt)
        case(5, "2025-01-10"),  # closed in Q1, re-opened only in Q4: not worked on in Q3
        case(6, "2026-05-02", case_type="case_management"),  # grew from a Kurzintervention
        case(7, "2026-05-02", case_type="case_management"),  # … only after the period
        case(8, "2026-10-01"),  # opened after the period
        case(9, "2026-01-05", sex="d", birth="2010", municipality="kleve-rheurdt",
             status="duldung", access=2, referrer="youth_office"),
        case(10, "2026-08-01", closed="2026-09-01", reason="strange-reason", sex="x",
             birth=None, municipality="", status="mystery", access=2, referrer="nowhere"),
    ]
    events = [
        (4, date(2025, 6, 1), "closed", "", "no_need"),
        (4, date(2026, 8, 1), "reopened", "no_need", ""),
        (5, date(2026, 2, 1), "closed", "", "moved_away"),
        (5, date(2026, 10, 2), "reopened", "moved_away", ""),
        (6, date(2026, 8, 15), "type_changed", "short_intervention", "case_management"),
        (7, date(2026, 10, 5), "type_changed", "short_intervention", "case_management"),
    ]
    facts = case_facts(records(rows, events), Q3)
    assert sorted(facts) == [1, 2, 4, 6, 7, 9, 10]
    f1, f2, f4 = facts[1], facts[2], facts[4]
    assert (f1.entry, f1.exit, f1.close_reason) == ("carried_over", "open", "none")
    assert f1.duration_band == "6_12m"  # 3 Nov 2025 .. 30 Sep 2026
    assert (f2.entry, f2.exit, f2.close_reason, f2.case_type) == (
        "new", "closed", "goals_reached", "short_intervention")
    assert f2.duration_band == "1_3m"
    assert (f4.entry, f4.exit) == ("carried_over", "open")
    assert facts[6].case_type == "case_management"
    assert facts[7].case_type == "short_intervention"
    f9 = facts[9]
    assert (f9.sex, f9.age_band, f9.municipality, f9.residence_group) == (
        "d_x", "0-17", "kleve-sued", "tolerated")
    assert (f9.access_path, f9.referrer_type) == ("level_2", "youth_office")
    f10 = facts[10]
    assert (f10.close_reason, f10.sex, f10.age_band, f10.municipality) == (
        "other", "d_x", "unknown", "unknown")
    assert (f10.residence_group, f10.referrer_type) == ("unknown", "other")
    assert facts[1].age_band == "27-44"


def test_case_type_must_be_known() -> None:
    with pytest.raises(DomainError, match="Fallart"):
        case_facts(records([case(1, "2026-07-01", case_type="nonsense")]), Q3)


def _table(tables, table_id):
    return next(t for t in tables if t.id == table_id)


def test_life_areas_are_multi_response_and_linked_to_the_case_count() -> None:
    rows = [case(i, "2026-07-01") for i in range(1, 6)] + [
        case(6, "2026-07-01", case_type="short_intervention"),
        case(7, "2020-01-01", closed="2020-02-01")]  # not worked on in Q3
    areas = [(1, "language"), (1, "work"), (2, "language"), (3, "housing"), (6, "language"),
             (7, "language"), (1, "not-a-life-area")]
    tables, links = build_tables(records(rows, areas=areas), Q3)
    lb = _table(tables, "life_areas")
    assert lb.multi_response_dimension == "life_area" and not lb.additive
    cells = cells_with_margins(lb)
    assert cells[("language", "case_management")] == 2
    assert cells[("language", TOTAL)] == 3
    assert cells[(TOTAL, "case_management")] == 5  # cases, not mentions (4) …
    assert cells[(TOTAL, TOTAL)] == 6  # … and not the sum over areas (5)
    assert cells[(TOTAL, TOTAL)] == cells_with_margins(_table(tables, "case_flow"))[
        (TOTAL, TOTAL, TOTAL)]
    release_structure(tables, links)  # links are consistent with the shapes


def test_catalogue_shape() -> None:
    tables, links = build_tables(records([case(1, "2026-07-01")]), Q3)
    assert [t.id for t in tables] == [spec.id for spec in CATALOGUE]
    assert links == list(LINKS)
    assert _table(tables, "residence_status").k == SENSITIVE_K
    generalised = {"municipality", "case_type", "entry", "exit", "close_reason",
                   "duration_band", "access_path", "referrer_type", "contact_form", "life_area",
                   "institution_type", "outcome", "gap_category", "legal_system", "age_band",
                   "sex", "residence_group"}
    for t in tables:
        assert set(t.dimensions) <= generalised
        assert len(t.dimensions) <= 4
        for d in t.dimensions:
            assert tuple(t.categories[d]) == tuple(category_labels(d, "kleve"))
    # every case table is linked; contacts, referrals and gaps stand alone
    linked = {link.a[0] for link in LINKS} | {link.b[0] for link in LINKS}
    assert linked == {s.id for s in CATALOGUE} - {"contacts_by_form", "referrals", "gaps"}


def test_case_tables_form_a_tree_joined_on_their_shared_dimensions() -> None:
    """The argument that links capture everything an attacker can derive needs the case
    tables to form a junction tree: every link joins exactly the dimensions both share,
    and the link graph has no cycle."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for link in LINKS:
        (a, dims_a), (b, dims_b) = link.a, link.b
        assert dims_a == dims_b
        shared = set(SPECS[a].dimensions) & set(SPECS[b].dimensions)
        shared -= {SPECS[a].multi_response_dimension, SPECS[b].multi_response_dimension}
        assert set(dims_a) == shared, link
        ra, rb = find(a), find(b)
        assert ra != rb, f"cycle through {link}"
        parent[ra] = rb
    # and dimensions shared by two tables that are not directly linked lie on the path
    # between them: here simply every dimension appears in a connected subtree
    for dim in {d for s in CATALOGUE for d in s.dimensions}:
        holders = {s.id for s in CATALOGUE if dim in s.dimensions}
        if len(holders) < 2:
            continue
        edges = [(lk.a[0], lk.b[0]) for lk in LINKS
                 if dim in lk.a[1] and lk.a[0] in holders and lk.b[0] in holders]
        assert len(edges) == len(holders) - 1, dim  # connected subtree on the tree


def test_contacts_referrals_gaps_use_catalogue_ids_with_fallbacks() -> None:
    recs = records([case(1, "2026-07-01")], contact_forms=[("phone", 4), ("carrier-pigeon", 1)],
                   referrals=[("jobcenter", "service_received", 3), ("??", "??", 2)],
                   gaps=[("waiting_time", "sgb2", 1), ("waiting_time", "", 2)])
    tables, _ = build_tables(recs, Q3)
    forms = cells_with_margins(_table(tables, "contacts_by_form"))
    assert forms[("phone",)] == 4 and forms[("other",)] == 1 and forms[(TOTAL,)] == 5
    refs = cells_with_margins(_table(tables, "referrals"))
    assert refs[("jobcenter", "service_received")] == 3 and refs[("other", "unknown")] == 2
    gaps = cells_with_margins(_table(tables, "gaps"))
    assert gaps[("waiting_time", "sgb2")] == 1 and gaps[("waiting_time", "other")] == 2


# --------------------------------------------------------------------------------------
# Property test: random case records through the whole catalogue
# --------------------------------------------------------------------------------------

MUNIS = ("hoexter-steinheim", "hoexter-nieheim", "hoexter-warburg", "hoexter-brakel", "")
TYPES = ("short_intervention", "process_support", "case_management")
STATUSES = ("ae_24", "ae_25", "duldung", "gestattung", "eu_freedom")
AREAS = ("language", "work", "housing")


@st.composite
def random_records(draw: st.DrawFn):
    n = draw(st.integers(0, 18))
    rows, areas = [], []
    for cid in range(1, n + 1):
        opened = date(2026, 1, 1).toordinal() + draw(st.integers(-200, 300))
        closed = draw(st.one_of(st.none(), st.integers(0, 250)))
        opened_d = date.fromordinal(opened)
        closed_d = None if closed is None else date.fromordinal(opened + closed)
        rows.append((cid, draw(st.sampled_from(TYPES)), draw(st.sampled_from((1, 2))),
                     draw(st.sampled_from(("", "jobcenter", "mbe"))), opened_d, closed_d,
                     draw(st.sampled_from(("goals_reached", "no_contact"))),
                     draw(st.sampled_from(MUNIS)), draw(st.sampled_from("fmx")),
                     str(draw(st.integers(1950, 2012))), draw(st.sampled_from(STATUSES))))
        areas += [(cid, a) for a in draw(st.sets(st.sampled_from(AREAS), max_size=2))]
    forms = draw(st.lists(st.tuples(st.sampled_from(("phone", "video")), st.integers(1, 6)),
                          max_size=2))
    refs = draw(st.lists(st.tuples(st.sampled_from(("jobcenter", "kita")),
                                   st.sampled_from(("pending", "service_received")),
                                   st.integers(1, 5)), max_size=3))
    return records(rows, areas=areas, district="hoexter", contact_forms=forms, referrals=refs,
                   as_of=date(2026, 12, 31))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_records(), st.sampled_from(["2026-Q3", "2026"]), st.sampled_from([3, 4]))
def test_property_random_records_give_protected_releases(recs, period, k) -> None:
    tables, links = build_tables(recs, Period.parse(period))
    check_release(tables, suppress(tables, links, k=k), k=k)
