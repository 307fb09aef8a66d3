"""The perturbation tables: the shipped data has the properties the method promises, and it
is what the maximum-entropy construction gives for the protocol's parameters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kimdesk.privacy.ptable import (
    KEY_SPACE,
    SHIPPED,
    Ptable,
    PtableParams,
    _min_variance,
    _targets,
    build,
    shipped_tables,
)
from kimdesk.sync.protocol.aggregates import PTABLES

TABLES = shipped_tables()
NAMES = sorted(TABLES)


def test_the_shipped_tables_are_the_protocols() -> None:
    assert set(TABLES) == set(PTABLES) == {"standard", "strict"}
    for name, (d, v, js) in PTABLES.items():
        assert (TABLES[name].params.D, TABLES[name].params.V, TABLES[name].params.js) == (d, v, js)
    strict, standard = TABLES["strict"].params, TABLES["standard"].params
    assert strict.js > standard.js and strict.V > standard.V  # residence status: stricter


@pytest.mark.parametrize("name", NAMES)
def test_rows_are_distributions_within_the_rules(name: str) -> None:
    table = TABLES[name]
    p = table.params
    assert [r.i for r in table.rows] == list(range(p.top_row + 1))
    assert table.rows[0].deviations == (0,) and table.rows[0].weights == (KEY_SPACE,)
    for row in table.rows:
        assert sum(row.weights) == KEY_SPACE  # transition probabilities sum to exactly 1
        assert all(w > 0 for w in row.weights)
        assert list(row.deviations) == sorted(set(row.deviations))
        for v in row.deviations:
            assert abs(v) <= p.D
            j = row.i + v
            assert j >= 0 and not 1 <= j <= p.js
        assert abs(row.mean) < 1e-8  # unbiased
        if row.i == 0:
            continue
        floor = _min_variance(_targets(row.i, p))
        if floor >= p.V:  # the rules leave no room: the smallest variance possible
            assert row.variance == pytest.approx(floor, abs=1e-6)
        else:
            assert row.variance <= p.V + 1e-6
    assert table.rows[-1].variance == pytest.approx(p.V, abs=1e-6)  # every larger count
    top = table.rows[-1]
    assert top.deviations == tuple(range(-p.D, p.D + 1))  # symmetric, full width


@pytest.mark.parametrize("name", NAMES)
def test_rows_fall_off_away_from_zero(name: str) -> None:
    for row in TABLES[name].rows:
        if 0 not in row.deviations:
            continue
        zero = row.deviations.index(0)
        left, right = row.weights[: zero + 1], row.weights[zero:]
        assert list(left) == sorted(left) and list(right) == sorted(right, reverse=True)


@pytest.mark.parametrize("params", SHIPPED, ids=[p.name for p in SHIPPED])
def test_the_shipped_data_is_the_maximum_entropy_construction(params: PtableParams) -> None:
    fresh = build(params)
    shipped = TABLES[params.name]
    for a, b in zip(fresh.rows, shipped.rows, strict=True):
        assert a.deviations == b.deviations
        assert a.probabilities == pytest.approx(b.probabilities, abs=1e-6)


@given(st.sampled_from(NAMES), st.integers(0, 10_000), st.integers(0, KEY_SPACE - 1))
def test_every_lookup_obeys_the_rules(name: str, value: int, key: int) -> None:
    table = TABLES[name]
    published = table.perturb(value, key)
    assert abs(published - value) <= table.params.D
    assert published >= 0 and not 1 <= published <= table.params.js
    assert (published == 0) if value == 0 else True  # zeros stay zeros
    assert table.perturb(value, key) == published  # a function of (value, key) only


@pytest.mark.parametrize("name", NAMES)
def test_keys_map_to_deviations_in_proportion_to_the_weights(name: str) -> None:
    table = TABLES[name]
    for row in table.rows[1:]:
        low = 0
        for v, w in zip(row.deviations, row.weights, strict=True):
            assert table.deviation(row.i, low) == v
            assert table.deviation(row.i, low + w - 1) == v
            low += w
        assert low == KEY_SPACE


def test_a_table_with_missing_rows_or_other_parameters_is_refused() -> None:
    data = TABLES["standard"].as_json()
    with pytest.raises(ValueError, match="rows"):
        Ptable.from_json({**data, "rows": data["rows"][:-1]})
    bad = {**data, "rows": [dict(r, w=[1] * len(r["w"])) for r in data["rows"]]}
    with pytest.raises(ValueError, match="sum"):
        Ptable.from_json(bad)
    with pytest.raises(ValueError):
        PtableParams("x", D=1, V=1.0, js=2)  # a count of 1 could never reach 3
