"""Tests for disclosure control of aggregate count tables (kimdesk.privacy).

The property tests check every release three ways: the published values themselves, the
LP audit of ``kimdesk.privacy.audit``, and an independent integer-programming attack
written here from scratch (it shares no code with the audit).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from kimdesk.privacy import suppression as suppression_module
from kimdesk.privacy.audit import audit
from kimdesk.privacy.count_tables import TOTAL, CountTable, Link, cells_with_margins
from kimdesk.privacy.suppression import (
    PublishedTable,
    SuppressedRelease,
    suppress,
)

SECONDARY = "verdeckt, damit ein anderer Wert nicht zurückgerechnet werden kann"


def table_2x3(counts: list[list[int]], **kwargs) -> CountTable:
    rows, cols = ("A", "B"), ("X", "Y", "Z")
    return CountTable(
        id=kwargs.pop("id", "t"),
        title=kwargs.pop("title", "Fälle nach Kommune und Fallart"),
        dimensions=("row", "col"),
        categories={"row": rows, "col": cols},
        counts={(r, c): counts[i][j] for i, r in enumerate(rows) for j, c in enumerate(cols)},
        **kwargs,
    )


def one_dim(table_id: str, dim: str, values: dict[str, int], **kwargs) -> CountTable:
    return CountTable(
        id=table_id,
        title=kwargs.pop("title", table_id),
        dimensions=(dim,),
        categories={dim: tuple(values)},
        counts={(c,): v for c, v in values.items()},
        **kwargs,
    )


def hidden(table: PublishedTable) -> set[tuple[str, ...]]:
    return {key for key, v in table.cells.items() if v is None}


# --------------------------------------------------------------------------------------
# Independent attack: integer programming over all cells of all tables of a release.
# --------------------------------------------------------------------------------------

ATTACK_CAP = 100_000  # stands in for "unbounded" when no upper bound is known


def ilp_attack(release: SuppressedRelease) -> list[tuple[str, tuple, float, float, int]]:
    """Min and max of every suppressed cell over all integer tables matching the release."""
    refs = [(t.id, key) for t in release.tables for key in t.cells]
    col = {ref: i for i, ref in enumerate(refs)}
    by_id = {t.id: t for t in release.tables}
    eq_rows: list[dict[int, float]] = []
    le_rows: list[dict[int, float]] = []
    for t in release.tables:
        for key in t.cells:
            for d, label in enumerate(key):
                if label != TOTAL:
                    continue
                dim = t.dimensions[d]
                parts = [col[(t.id, key[:d] + (c,) + key[d + 1 :])] for c in t.categories[dim]]
                me = col[(t.id, key)]
                if dim == t.multi_response_dimension:
                    for p in parts:
                        le_rows.append({p: 1.0, me: -1.0})
                    if t.at_least_one_response:
                        row = {p: -1.0 for p in parts}
                        row[me] = 1.0
                        le_rows.append(row)
                else:
                    row = {p: -1.0 for p in parts}
                    row[me] = 1.0
                    eq_rows.append(row)
    for link in release.links:
        (ia, dims_a), (ib, dims_b) = link.a, link.b
        ta, tb = by_id[ia], by_id[ib]
        for key in ta.cells:
            kept = dict(zip(ta.dimensions, key, strict=True))
            if any(kept[d] != TOTAL for d in ta.dimensions if d not in dims_a):
                continue
            other = {db: kept[da] for da, db in zip(dims_a, dims_b, strict=True)}
            key_b = tuple(other.get(d, TOTAL) for d in tb.dimensions)
            eq_rows.append({col[(ia, key)]: 1.0, col[(ib, key_b)]: -1.0})

    cap = release.upper_bound if release.upper_bound is not None else ATTACK_CAP
    lb = np.array([1.0 if by_id[i].cells[k] is None else by_id[i].cells[k] for i, k in refs])
    ub = np.array([cap if by_id[i].cells[k] is None else by_id[i].cells[k] for i, k in refs])

    def matrix(rows: list[dict[int, float]]) -> csr_matrix:
        entries = [(r, c, v) for r, row in enumerate(rows) for c, v in row.items()]
        r_idx, c_idx, vals = zip(*entries, strict=True)
        return csr_matrix((vals, (r_idx, c_idx)), shape=(len(rows), len(refs)))

    constraints = []
    if eq_rows:
        constraints.append(LinearConstraint(matrix(eq_rows), 0, 0))
    if le_rows:
        constraints.append(LinearConstraint(matrix(le_rows), -np.inf, 0))
    results = []
    for ref in refs:
        table_id, key = ref
        if by_id[table_id].cells[key] is not None:
            continue
        ends = []
        for sign in (1.0, -1.0):
            c = np.zeros(len(refs))
            c[col[ref]] = sign
            res = milp(
                c,
                integrality=np.ones(len(refs)),
                bounds=Bounds(lb, ub),
                constraints=constraints,
            )
            assert res.status == 0, res.message
            ends.append(sign * res.fun)
        results.append((table_id, key, ends[0], ends[1], by_id[table_id].k))
    return results


def check_release(tables: list[CountTable], release: SuppressedRelease, k: int = 3) -> None:
    """Every property a release must have before it may leave the laptop."""
    truth = {t.id: cells_with_margins(t) for t in tables}
    for t in release.tables:
        src = next(s for s in tables if s.id == t.id)
        assert t.k == max(k, src.k or k)
        assert set(t.cells) == set(truth[t.id])
        for key, value in t.cells.items():
            if value is None:
                assert truth[t.id][key] != 0, "zeros stay published"
                assert t.reasons[key].kind in ("primary", "secondary")
                continue
            assert value == truth[t.id][key], "published values (totals too) are exact"
            assert not 1 <= value < t.k, "no published value below k"
        assert set(t.reasons) == hidden(t)
    assert release.unprotected == ()
    report = audit(release)
    assert report.ok, report.failures
    for table_id, key, lower, upper, tk in ilp_attack(release):
        assert upper - lower >= 1 - 1e-6, (table_id, key, lower, upper)
        assert upper >= tk - 1e-6, (table_id, key, lower, upper)


# --------------------------------------------------------------------------------------
# Unit tests
# --------------------------------------------------------------------------------------


def test_single_small_cell_gets_partners_in_row_and_column() -> None:
    t = table_2x3([[1, 5, 7], [4, 6, 8]])
    release = suppress([t])
    pub = release.table("t")
    assert pub.cells[("A", "X")] is None
    assert pub.reasons[("A", "X")].kind == "primary"
    assert pub.reasons[("A", "X")].text == "Wert kleiner als k=3"
    row_partners = {key for key in hidden(pub) if key[0] == "A" and key[1] not in ("X", TOTAL)}
    col_partners = {key for key in hidden(pub) if key[1] == "X" and key[0] not in ("A", TOTAL)}
    assert row_partners and col_partners
    for key in row_partners | col_partners:
        assert pub.reasons[key].kind == "secondary"
        assert pub.reasons[key].text == SECONDARY
    # margins stay exact and published here: an interior 2x2 rectangle suffices
    truth = cells_with_margins(t)
    for key, value in pub.cells.items():
        if TOTAL in key:
            assert value == truth[key]
    assert len(hidden(pub)) == 4
    assert pub.suppressed_share == pytest.approx(4 / 12)
    assert release.suppressed_share == {"t": pytest.approx(4 / 12)}
    check_release([t], release)


def test_zeros_stay_published() -> None:
    t = table_2x3([[1, 0, 7], [0, 6, 8]])
    release = suppress([t])
    pub = release.table("t")
    assert pub.cells[("A", "Y")] == 0
    assert pub.cells[("B", "X")] == 0
    assert pub.cells[("A", "X")] is None
    check_release([t], release)


def test_small_margin_is_suppressed_too() -> None:
    t = table_2x3([[1, 0, 0], [0, 6, 8]])  # row A total and column X total are 1
    release = suppress([t])
    pub = release.table("t")
    for key in [("A", "X"), ("A", TOTAL), (TOTAL, "X")]:
        assert pub.cells[key] is None
        assert pub.reasons[key].kind == "primary"
    check_release([t], release)


def test_k_below_three_is_rejected() -> None:
    t = table_2x3([[1, 5, 7], [4, 6, 8]])
    with pytest.raises(ValueError):
        suppress([t], k=2)
    with pytest.raises(ValueError):
        table_2x3([[1, 5, 7], [4, 6, 8]], k=2)


def test_stricter_k_per_table() -> None:
    status = one_dim("status", "aufenthalt", {"Duldung": 4, "§25a": 9, "§24": 12}, k=5)
    kind = one_dim("fallart", "fallart", {"kurz": 4, "prozess": 9, "cm": 12})
    release = suppress([status, kind], k=3)
    assert release.table("status").k == 5
    assert release.table("status").cells[("Duldung",)] is None
    assert release.table("status").reasons[("Duldung",)].text == "Wert kleiner als k=5"
    assert release.table("fallart").cells[("kurz",)] == 4
    check_release([status, kind], release)
    # a release k above the table k wins
    assert suppress([status], k=7).table("status").k == 7


def test_linked_cell_takes_the_stricter_threshold_of_its_partner() -> None:
    a = one_dim("a", "area", {"x": 4, "y": 9, "z": 12}, title="Fälle nach Gebiet")
    b = one_dim("b", "area", {"x": 4, "y": 9, "z": 12}, title="Aufenthalt", k=5)
    release = suppress([a, b], [Link.on("a", "b", "area")])
    assert release.table("a").cells[("x",)] is None
    assert release.table("a").reasons[("x",)].text == (
        "Wert kleiner als k=5 der verknüpften Tabelle „Aufenthalt“"
    )
    check_release([a, b], release)


def test_small_grand_total_is_hidden_in_every_linked_table() -> None:
    a = CountTable(
        "a",
        "Kommune x Fallart",
        ("kommune", "fallart"),
        {"kommune": ("K1", "K2"), "fallart": ("kurz", "cm")},
        {("K1", "kurz"): 1, ("K2", "cm"): 1},
    )
    b = one_dim("b", "geschlecht", {"w": 1, "m": 1})
    release = suppress([a, b], [Link(("a", ()), ("b", ()))])
    assert release.table("a").cells[(TOTAL, TOTAL)] is None
    assert release.table("b").cells[(TOTAL,)] is None
    check_release([a, b], release)


def test_joint_suppression_needed_across_linked_tables() -> None:
    # Same municipalities, once by case type, once by sex.  Suppressing each table on its
    # own picks partners that a linked margin can undo; joint suppression must not.
    muni = ("M1", "M2", "M3")
    a = CountTable(
        "a",
        "Kommune x Fallart",
        ("kommune", "fallart"),
        {"kommune": muni, "fallart": ("kurz", "cm")},
        {("M1", "kurz"): 2, ("M1", "cm"): 1, ("M2", "kurz"): 4, ("M2", "cm"): 1,
         ("M3", "kurz"): 8, ("M3", "cm"): 8},
    )  # fmt: skip
    b = CountTable(
        "b",
        "Kommune x Geschlecht",
        ("kommune", "geschlecht"),
        {"kommune": muni, "geschlecht": ("w", "m")},
        {("M1", "w"): 3, ("M2", "w"): 5, ("M3", "w"): 3, ("M3", "m"): 13},
    )  # fmt: skip
    links = [Link.on("a", "b", "kommune")]
    alone = SuppressedRelease(
        tables=(suppress([a]).table("a"), suppress([b]).table("b")), links=tuple(links)
    )
    assert not audit(alone).ok
    release = suppress([a, b], links)
    check_release([a, b], release)


def test_audit_rejects_a_release_without_secondary_suppression() -> None:
    t = table_2x3([[1, 5, 7], [4, 6, 8]])
    truth = cells_with_margins(t)
    cells = {key: (None if key == ("A", "X") else v) for key, v in truth.items()}
    naive = SuppressedRelease(
        tables=(PublishedTable("t", "T", t.dimensions, t.categories, 3, cells),)
    )
    report = audit(naive)
    assert not report.ok
    (cell,) = report.cells
    assert cell.lower == pytest.approx(1) and cell.upper == pytest.approx(1)
    assert not cell.ok


def test_audit_flags_published_small_values() -> None:
    t = table_2x3([[2, 5, 7], [4, 6, 8]])
    cells = dict(cells_with_margins(t))
    leaky = SuppressedRelease(
        tables=(PublishedTable("t", "T", t.dimensions, t.categories, 3, cells),)
    )
    report = audit(leaky)
    assert not report.ok
    assert report.threshold_violations == (("t", ("A", "X")),)


def test_unprotectable_cell_fails_the_audit() -> None:
    t = one_dim("t", "kommune", {"K1": 1, "K2": 0})
    release = suppress([t], upper_bound=2)  # attacker knows no cell exceeds 2
    assert release.unprotected
    assert not audit(release).ok


def test_suppression_is_deterministic() -> None:
    t = table_2x3([[1, 5, 1], [4, 2, 8]])
    assert suppress([t]) == suppress([t])


def test_integer_fallback_keeps_the_guarantees(monkeypatch: pytest.MonkeyPatch) -> None:
    # The LP relaxation is usually integral; force the MILP path to exercise it.
    monkeypatch.setattr(suppression_module, "_INTEGRAL_TOL", -1.0)
    t = table_2x3([[1, 5, 1], [4, 2, 8]])
    check_release([t], suppress([t]))
    cube = CountTable(
        "c",
        "Kommune x Fallart x Geschlecht",
        ("kommune", "fallart", "geschlecht"),
        {"kommune": ("K1", "K2"), "fallart": ("kurz", "cm"), "geschlecht": ("w", "m")},
        {("K1", "kurz", "w"): 1, ("K1", "cm", "m"): 4, ("K2", "kurz", "w"): 6,
         ("K2", "cm", "w"): 2, ("K2", "cm", "m"): 9},
    )  # fmt: skip
    check_release([cube], suppress([cube]))


def test_multi_response_cells_are_bounded_by_the_case_count_not_summed() -> None:
    areas = {"Sprache": 1, "Arbeit": 4, "Wohnen": 5}  # 10 mentions by 8 cases
    t = CountTable(
        "lb",
        "Fälle nach Lebensbereich",
        ("lebensbereich",),
        {"lebensbereich": tuple(areas)},
        {(a,): v for a, v in areas.items()},
        additive=False,
        multi_response_dimension="lebensbereich",
        unit_totals={(): 8},
    )
    assert cells_with_margins(t)[(TOTAL,)] == 8
    release = suppress([t])
    assert hidden(release.table("lb")) == {("Sprache",)}  # no partner needed
    (cell,) = audit(release).cells
    assert (cell.lower, cell.upper) == (pytest.approx(1), pytest.approx(8))
    check_release([t], release)


def test_multi_response_with_every_case_covered() -> None:
    t = CountTable(
        "lb",
        "Kommune x Lebensbereich",
        ("kommune", "lebensbereich"),
        {"kommune": ("K1", "K2"), "lebensbereich": ("Sprache", "Arbeit")},
        {("K1", "Sprache"): 1, ("K2", "Sprache"): 6, ("K2", "Arbeit"): 5},
        additive=False,
        multi_response_dimension="lebensbereich",
        unit_totals={("K1",): 1, ("K2",): 9},
        at_least_one_response=True,
    )
    check_release([t], suppress([t]))


def test_multi_response_data_are_validated() -> None:
    with pytest.raises(ValueError):
        CountTable(
            "lb",
            "x",
            ("lebensbereich",),
            {"lebensbereich": ("Sprache", "Arbeit")},
            {("Sprache",): 5},
            additive=False,
            multi_response_dimension="lebensbereich",
            unit_totals={(): 4},
        )
    with pytest.raises(ValueError):  # additive table with a multi-response dimension
        one_dim("t", "d", {"a": 1}, multi_response_dimension="d")


def test_link_with_mismatching_categories_is_rejected() -> None:
    a = one_dim("a", "d", {"x": 4, "y": 5})
    b = one_dim("b", "d", {"x": 4, "z": 5})
    with pytest.raises(ValueError):
        suppress([a, b], [Link.on("a", "b", "d")])


def test_linked_values_must_agree() -> None:
    a = one_dim("a", "d", {"x": 4, "y": 5})
    b = one_dim("b", "d", {"x": 4, "y": 6})
    with pytest.raises(ValueError):
        suppress([a, b], [Link.on("a", "b", "d")])


# --------------------------------------------------------------------------------------
# Property tests: random sparse releases built from random case records
# --------------------------------------------------------------------------------------

ATTRS = ("d0", "d1", "d2", "d3")
AREA = "area"


@st.composite
def releases(draw: st.DrawFn, max_tables: int = 2, allow_mr: bool = True):
    sizes = [draw(st.integers(2, 5)) for _ in ATTRS]
    n_areas = draw(st.integers(2, 4))
    cover = draw(st.booleans())
    # A few common category values plus a long tail: many zeros and small counts.
    case = st.tuples(
        *(st.integers(0, s - 1) for s in sizes),
        st.frozensets(st.integers(0, n_areas - 1), max_size=n_areas),
    )
    cases = draw(st.lists(case, max_size=35))
    if cover:
        cases = [(*c[:-1], c[-1] or frozenset({0})) for c in cases]
    categories = {a: tuple(f"{a}c{i}" for i in range(s)) for a, s in zip(ATTRS, sizes, strict=True)}
    categories[AREA] = tuple(f"lb{i}" for i in range(n_areas))

    tables: list[CountTable] = []
    for i in range(draw(st.integers(1, max_tables))):
        mr = allow_mr and draw(st.integers(0, 3)) == 0
        dims = draw(st.lists(st.sampled_from(range(len(ATTRS))), min_size=0 if mr else 1,
                             max_size=2 if mr else 3, unique=True))  # fmt: skip
        names = [ATTRS[d] for d in dims]
        k = draw(st.sampled_from([None, None, None, 4, 5]))
        if not mr:
            counts = Counter(tuple(categories[ATTRS[d]][c[d]] for d in dims) for c in cases)
            tables.append(
                CountTable(f"t{i}", f"Tabelle {i}", tuple(names),
                           {n: categories[n] for n in names}, dict(counts), k=k)
            )  # fmt: skip
            continue
        pos = draw(st.integers(0, len(names)))
        all_names = (*names[:pos], AREA, *names[pos:])
        counts: Counter = Counter()
        units: Counter = Counter()
        for c in cases:
            rest = tuple(categories[ATTRS[d]][c[d]] for d in dims)
            units[rest] += 1
            for area in c[-1]:
                counts[(*rest[:pos], categories[AREA][area], *rest[pos:])] += 1
        tables.append(
            CountTable(
                f"t{i}",
                f"Tabelle {i}",
                all_names,
                {n: categories[n] for n in all_names},
                dict(counts),
                k=k,
                additive=False,
                multi_response_dimension=AREA,
                unit_totals=dict(units),
                at_least_one_response=cover and draw(st.booleans()),
            )
        )
    links: list[Link] = []
    if len(tables) == 2 and draw(st.booleans()):
        a, b = tables
        shared = [d for d in a.dimensions if d in b.dimensions and d != AREA]
        kept = draw(st.lists(st.sampled_from(shared), unique=True)) if shared else []
        links.append(Link.on(a.id, b.id, *kept))
    return tables, links


PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY_SETTINGS
@given(releases(max_tables=1, allow_mr=False))
def test_property_single_additive_tables(data) -> None:
    tables, links = data
    check_release(tables, suppress(tables, links))


@PROPERTY_SETTINGS
@given(releases(max_tables=2, allow_mr=True))
def test_property_linked_and_multi_response_tables(data) -> None:
    tables, links = data
    check_release(tables, suppress(tables, links))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases(max_tables=2, allow_mr=True), st.integers(3, 5))
def test_property_release_k_and_determinism(data, k) -> None:
    tables, links = data
    release = suppress(tables, links, k=k)
    assert release == suppress(tables, links, k=k)
    check_release(tables, release, k=k)


def test_attack_cap_is_far_above_any_test_value() -> None:
    assert math.isfinite(ATTACK_CAP) and ATTACK_CAP > 1000
