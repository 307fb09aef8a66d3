"""Counting the catalogue (kimdesk.privacy.aggregates): generalisation, case facts, the
multi-response life areas, cell keys — and property tests over random case records: zeros
stay zeros, no value in 1 … js appears, and the same records give the same published value
in every table, margin, period and re-send."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimdesk import catalogues
from kimdesk.core.errors import DomainError
from kimdesk.core.periods import Period
from kimdesk.privacy.aggregates import (
    AggregateRecords,
    build_tables,
    case_facts,
)
from kimdesk.privacy.perturbation import perturb
from kimdesk.privacy.ptable import shipped_tables
from kimdesk.sync.protocol.figure_tables import TABLES, TOTAL, area_scheme, categories
from tests.privacy.conftest import case, records

Q3 = Period.parse("2026-Q3")
MASK = 2**32 - 1


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


def test_life_areas_are_multi_response_and_count_cases() -> None:
    rows = [case(i, "2026-07-01") for i in range(1, 6)] + [
        case(6, "2026-07-01", case_type="short_intervention"),
        case(7, "2020-01-01", closed="2020-02-01")]  # not worked on in Q3
    areas = [(1, "language"), (1, "work"), (2, "language"), (3, "housing"), (6, "language"),
             (7, "language"), (1, "not-a-life-area")]
    tables = build_tables(records(rows, areas=areas), Q3)
    lb, flow = _table(tables, "life_areas"), _table(tables, "case_flow")
    assert lb.spec.multi_response == ("life_area",)
    assert lb.counts[("language", "case_management")] == 2
    assert lb.counts[("language", TOTAL)] == 3
    assert lb.counts[(TOTAL, "case_management")] == 5  # cases, not mentions (4) …
    assert lb.counts[(TOTAL, TOTAL)] == 6  # … and not the sum over areas (5)
    assert lb.counts[(TOTAL, TOTAL)] == flow.counts[(TOTAL, TOTAL, TOTAL)]
    # the same cases, the same key: the margin is the case count of case_flow
    assert lb.cell_keys[(TOTAL, "case_management")] == \
        flow.cell_keys[(TOTAL, "case_management", TOTAL)]
    key_of = {r[0]: r[-1] for r in rows}
    assert lb.cell_keys[("language", TOTAL)] == (key_of[1] + key_of[2] + key_of[6]) & MASK


def test_catalogue_shape() -> None:
    tables = build_tables(records([case(1, "2026-07-01")]), Q3)
    assert [t.id for t in tables] == [spec.id for spec in TABLES]
    residence = _table(tables, "residence_status").spec
    assert residence.ptable_of(("duldung", TOTAL)) == "strict"
    assert residence.ptable_of((TOTAL, "case_management")) == "standard"  # case_flow's cells
    for t in tables:
        assert len(t.spec.dimensions) <= 4
        for d in t.spec.dimensions:
            assert tuple(t.categories[d]) == categories(d, "kleve")
        n_cells = 1
        for d in t.spec.dimensions:
            n_cells *= len(t.categories[d]) + 1
        assert len(t.counts) == len(t.cell_keys) == n_cells  # every cell and margin


def test_contacts_referrals_gaps_use_catalogue_ids_with_fallbacks() -> None:
    recs = records([case(1, "2026-07-01")],
                   contact_forms=[("phone", 4, 40), ("carrier-pigeon", 1, 7)],
                   referrals=[("jobcenter", "service_received", 3, 30), ("??", "??", 2, 5)],
                   gaps=[("waiting_time", "sgb2", 1, 11), ("waiting_time", "", 2, 2**33 + 3)])
    tables = build_tables(recs, Q3)
    forms = _table(tables, "contacts_by_form")
    assert forms.counts[("phone",)] == 4 and forms.counts[("other",)] == 1
    assert forms.counts[(TOTAL,)] == 5 and forms.cell_keys[(TOTAL,)] == 47
    refs = _table(tables, "referrals")
    assert refs.counts[("jobcenter", "service_received")] == 3
    assert refs.counts[("other", "unknown")] == 2 and refs.cell_keys[("other", "unknown")] == 5
    gaps = _table(tables, "gaps")
    assert gaps.counts[("waiting_time", "sgb2")] == 1
    assert gaps.counts[("waiting_time", "other")] == 2
    assert gaps.cell_keys[("waiting_time", "other")] == 3  # sums are reduced mod 2**32
    assert gaps.cell_keys[("waiting_time", TOTAL)] == 14


def test_a_cells_key_is_the_sum_of_its_records_keys() -> None:
    rng = random.Random(4)
    munis = ["kleve-kleve", "kleve-goch", "kleve-rheurdt", ""]
    rows = [case(i, f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                 case_type=rng.choice(["short_intervention", "process_support",
                                       "case_management"]),
                 municipality=rng.choice(munis), key=rng.getrandbits(32))
            for i in range(1, 60)]
    recs = records(rows)
    facts = case_facts(recs, Q3)
    key_of = {r[0]: r[-1] for r in rows}
    flow = _table(build_tables(recs, Q3), "case_flow")
    dims = flow.spec.dimensions
    for key, count in flow.counts.items():
        members = [cid for cid, f in facts.items()
                   if all(c == TOTAL or getattr(f, d) == c for d, c in zip(dims, key,
                                                                          strict=True))]
        assert count == len(members)
        assert flow.cell_keys[key] == sum(key_of[c] for c in members) % 2**32


# --------------------------------------------------------------------------------------
# Property tests: random case records through the whole catalogue
# --------------------------------------------------------------------------------------

MUNIS = ("hoexter-steinheim", "hoexter-nieheim", "hoexter-warburg", "hoexter-brakel", "")
TYPES = ("short_intervention", "process_support", "case_management")
STATUSES = ("ae_24", "ae_25", "duldung", "gestattung", "eu_freedom")
AREAS = ("language", "work", "housing")

#: Cells of two case tables that count the same cases: (table, dims kept) pairs whose
#: marginal tables must agree value by value.
SAME_CASES = (
    (("case_flow", ("case_type", "exit")), ("caseload", ("case_type", "exit"))),
    (("case_flow", ("exit",)), ("closing_reasons", ("exit",))),
    (("caseload", ("entry", "exit")), ("case_duration", ("entry", "exit"))),
    (("case_flow", ("case_type",)), ("residence_status", ("case_type",))),
    (("case_flow", ()), ("age_sex", ())),
    (("case_flow", ()), ("access", ())),
    (("case_flow", ()), ("life_areas", ())),
)


@st.composite
def random_records(draw: st.DrawFn):
    n = draw(st.integers(0, 25))
    rows, areas = [], []
    for cid in range(1, n + 1):
        opened = date(2026, 1, 1).toordinal() + draw(st.integers(-200, 300))
        closed = draw(st.one_of(st.none(), st.integers(0, 250)))
        rows.append((cid, draw(st.sampled_from(TYPES)), draw(st.sampled_from((1, 2))),
                     draw(st.sampled_from(("", "jobcenter", "mbe"))), date.fromordinal(opened),
                     None if closed is None else date.fromordinal(opened + closed),
                     draw(st.sampled_from(("goals_reached", "no_contact"))),
                     draw(st.sampled_from(MUNIS)), draw(st.sampled_from("fmx")),
                     str(draw(st.integers(1950, 2012))), draw(st.sampled_from(STATUSES)),
                     draw(st.integers(0, 2**32 - 1))))
        areas += [(cid, a) for a in draw(st.sets(st.sampled_from(AREAS), max_size=2))]
    forms = draw(st.lists(st.tuples(st.sampled_from(("phone", "video")), st.integers(1, 6),
                                    st.integers(0, 2**40)), max_size=2))
    refs = draw(st.lists(st.tuples(st.sampled_from(("jobcenter", "kita")),
                                   st.sampled_from(("pending", "service_received")),
                                   st.integers(1, 5), st.integers(0, 2**40)), max_size=3))
    return records(rows, areas=areas, district="hoexter", contact_forms=forms, referrals=refs,
                   as_of=date(2026, 12, 31))


def _published(recs: AggregateRecords, period: str) -> dict:
    tables = build_tables(recs, Period.parse(period))
    return {t.id: (t, perturb(t)) for t in tables}


def _marginal(table, dims: tuple[str, ...]) -> dict:
    """The cells of ``table`` that keep exactly ``dims`` (``*`` elsewhere), by kept key."""
    spec_dims = table.spec.dimensions
    out = {}
    for key, value in table.values.items():
        if all((c == TOTAL) == (d not in dims) for d, c in zip(spec_dims, key, strict=True)):
            out[tuple(c for d, c in zip(spec_dims, key, strict=True) if d in dims)] = value
    return out


SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SLOW
@given(random_records(), st.sampled_from(["2026-Q3", "2026"]))
def test_property_zeros_stay_zeros_and_no_small_value_is_published(recs, period) -> None:
    ptables = shipped_tables()
    for true, pub in _published(recs, period).values():
        for key, n in true.counts.items():
            params = ptables[true.spec.ptable_of(key)].params
            js, d = params.js, params.D
            value = pub.values[key]
            assert (value == 0) if n == 0 else (value == 0 or value > js)
            assert abs(value - n) <= d


@SLOW
@given(random_records(), st.sampled_from(["2026-Q3", "2026"]))
def test_property_same_cases_same_value_in_every_table(recs, period) -> None:
    pub = {tid: p for tid, (_, p) in _published(recs, period).items()}
    for (ta, dims_a), (tb, dims_b) in SAME_CASES:
        assert _marginal(pub[ta], dims_a) == _marginal(pub[tb], dims_b), (ta, tb)


@SLOW
@given(random_records(), st.randoms(use_true_random=False))
def test_property_a_re_send_is_identical(recs, rnd) -> None:
    shuffled = list(recs.cases)
    rnd.shuffle(shuffled)
    again = AggregateRecords(recs.district_id, shuffled, recs.events,
                             list(reversed(recs.case_life_areas)), recs.contact_forms,
                             recs.referrals, recs.gaps, recs.as_of)
    first = {tid: p.values for tid, (_, p) in _published(recs, "2026-Q3").items()}
    second = {tid: p.values for tid, (_, p) in _published(again, "2026-Q3").items()}
    assert first == second


@SLOW
@given(random_records())
def test_property_a_quarter_with_the_whole_years_records_shows_the_years_values(recs) -> None:
    """Contacts, referrals and gap reports are counted by their own date: when all of a
    year's fall into one quarter, quarter and year count the same records and so publish
    the same values — no difference between them can reveal anything."""
    q3 = {tid: p.values for tid, (_, p) in _published(recs, "2026-Q3").items()}
    year = {tid: p.values for tid, (_, p) in _published(recs, "2026").items()}
    for tid in ("contacts_by_form", "referrals", "gaps"):
        assert q3[tid] == year[tid]


def test_the_same_record_keys_everywhere_means_same_perturbation_across_periods() -> None:
    rows = [case(i, "2026-07-01") for i in range(1, 5)]  # open the whole year from July on
    a = _published(records(rows), "2026-Q3")["case_flow"][1]
    b = _published(records(rows), "2026")["case_flow"][1]
    assert a.values == b.values  # the same four cases in both periods
