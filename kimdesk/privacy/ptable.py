"""Perturbation tables for the cell key method: built by maximum entropy, shipped as data.

A perturbation table says, for a true count ``i``, with which probability the published
value is ``j = i + v``.  It is built row by row as in the Destatis ``ptable`` package
(Giessing 2016; Enderle, Giessing, Tent 2018), here with scipy: among all distributions
of the deviation ``v`` that

* are unbiased (mean 0) and have variance ``V`` (the smallest variance possible where
  the other rules leave no room for ``V``: the rows ``1 … js``),
* never move more than ``D`` (``|v| <= D``) and never publish a negative value or a value
  in ``1 … js``,
* fall off monotonically away from ``v = 0`` (where 0 is allowed),

the row takes the one with the largest entropy: the least predictable deviation that the
constraints allow.  Row 0 keeps zeros at zero.  From row ``D + js + 1`` on no rule but
``D`` and ``V`` binds, so that row serves every larger count.

Cell keys are 32-bit integers (sum of record keys mod 2**32), so each row is stored as
integer weights out of 2**32 (largest-remainder rounding of the probabilities): the lookup
``key -> deviation`` is exact integer arithmetic, identical on every machine.

Pure: no database, no Qt.  ``python -m kimdesk.privacy.ptable`` rebuilds the shipped file.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kimdesk.sync.protocol.aggregates import KEY_BITS, PTABLES, PTABLES_VERSION

KEY_SPACE = 1 << KEY_BITS
#: Version of the shipped tables; part of every payload, so the office knows the method.
TABLES_VERSION = PTABLES_VERSION
RESOURCE = ("perturbation", "ptables.json")


@dataclass(frozen=True)
class PtableParams:
    """Parameters of one perturbation table (see the module docstring)."""

    name: str
    D: int  # noqa: N815 - the literature's names
    V: float  # noqa: N815
    js: int

    def __post_init__(self) -> None:
        if self.D < 1 or self.js < 0 or self.V <= 0:
            raise ValueError("D >= 1, js >= 0 and V > 0 are required")
        if self.js and self.js > self.D:  # a count of 1 must be able to reach js + 1
            raise ValueError("D must be at least js")

    @property
    def top_row(self) -> int:
        """The first count whose row is symmetric; it serves every larger count."""
        return self.D + self.js + 1 if self.js else self.D


@dataclass(frozen=True)
class Row:
    """Deviations ``v`` (ascending) of one true count with their weights out of 2**32."""

    i: int
    deviations: tuple[int, ...]
    weights: tuple[int, ...]

    @property
    def probabilities(self) -> tuple[float, ...]:
        return tuple(w / KEY_SPACE for w in self.weights)

    @property
    def mean(self) -> float:
        return sum(v * w for v, w in zip(self.deviations, self.weights, strict=True)) / KEY_SPACE

    @property
    def variance(self) -> float:
        mean = self.mean
        return sum((v - mean) ** 2 * w
                   for v, w in zip(self.deviations, self.weights, strict=True)) / KEY_SPACE


@dataclass(frozen=True)
class Ptable:
    """A perturbation table: its parameters and rows ``0 … top_row``."""

    params: PtableParams
    rows: tuple[Row, ...]

    def __post_init__(self) -> None:
        cuts = []
        for row in self.rows:
            total, bounds = 0, []
            for w in row.weights:
                total += w
                bounds.append(total)
            if total != KEY_SPACE:
                raise ValueError(f"row {row.i}: weights must sum to 2**{KEY_BITS}")
            cuts.append(tuple(bounds))
        object.__setattr__(self, "_cuts", tuple(cuts))

    def row(self, value: int) -> Row:
        return self.rows[min(value, len(self.rows) - 1)]

    def deviation(self, value: int, cell_key: int) -> int:
        """The deviation for a true ``value`` whose cell key is ``cell_key`` (0 … 2**32-1)."""
        if value <= 0:
            return 0
        index = min(value, len(self.rows) - 1)
        row = self.rows[index]
        return row.deviations[bisect_right(self._cuts[index], cell_key)]  # type: ignore[attr-defined]

    def perturb(self, value: int, cell_key: int) -> int:
        return value + self.deviation(value, cell_key)

    def as_json(self) -> dict:
        p = self.params
        return {"name": p.name, "D": p.D, "V": p.V, "js": p.js,
                "rows": [{"i": r.i, "v": list(r.deviations), "w": list(r.weights)}
                         for r in self.rows]}

    @classmethod
    def from_json(cls, data: Mapping) -> Ptable:
        params = PtableParams(str(data["name"]), int(data["D"]), float(data["V"]),
                              int(data["js"]))
        rows = tuple(Row(int(r["i"]), tuple(map(int, r["v"])), tuple(map(int, r["w"])))
                     for r in data["rows"])
        if [r.i for r in rows] != list(range(params.top_row + 1)):
            raise ValueError(f"table {params.name}: rows 0 … {params.top_row} are required")
        return cls(params, rows)


# -- building -------------------------------------------------------------------------------


def _targets(i: int, p: PtableParams) -> list[int]:
    """Deviations a true count ``i`` may take: |v| <= D, no negative or 1 … js result."""
    return [j - i for j in range(max(0, i - p.D), i + p.D + 1) if not 1 <= j <= p.js]


def _min_variance(v: Sequence[int]) -> float:
    """The smallest variance an unbiased distribution on ``v`` can have (an LP)."""
    import numpy as np
    from scipy.optimize import linprog

    vv = np.asarray(v, dtype=float)
    res = linprog(vv**2, A_eq=np.vstack([np.ones_like(vv), vv]), b_eq=[1.0, 0.0],
                  bounds=[(0, 1)] * len(vv), method="highs")
    if not res.success:
        raise ValueError(f"no unbiased distribution on {list(v)}")
    return float(res.fun)


def _max_entropy(v: Sequence[int], variance: float) -> list[float]:
    """Maximum-entropy probabilities on ``v``: mean 0, variance <= ``variance``, monotone
    falling away from 0 (when 0 is a target)."""
    import numpy as np
    from scipy.optimize import minimize

    vv = np.asarray(v, dtype=float)
    n = len(vv)
    tiny = 1e-12

    def neg_entropy(x: np.ndarray) -> float:
        x = np.clip(x, tiny, None)
        return float(np.sum(x * np.log(x)))

    def grad(x: np.ndarray) -> np.ndarray:
        return np.log(np.clip(x, tiny, None)) + 1.0

    cons = [{"type": "eq", "fun": lambda x: np.sum(x) - 1.0, "jac": lambda x: np.ones(n)},
            {"type": "eq", "fun": lambda x: x @ vv, "jac": lambda x: vv},
            {"type": "ineq", "fun": lambda x: variance - x @ vv**2, "jac": lambda x: -vv**2}]
    if 0 in v:
        zero = list(v).index(0)
        for k in range(n - 1):  # p rises towards v = 0 and falls after it
            a, b = (k, k + 1) if k < zero else (k + 1, k)
            row = np.zeros(n)
            row[b], row[a] = 1.0, -1.0
            cons.append({"type": "ineq", "fun": lambda x, r=row: r @ x, "jac": lambda x, r=row: r})
    best = None
    for ftol in (1e-14, 1e-12, 1e-10):
        res = minimize(neg_entropy, np.full(n, 1.0 / n), jac=grad, constraints=cons,
                       bounds=[(0.0, 1.0)] * n, method="SLSQP",
                       options={"ftol": ftol, "maxiter": 5000})
        if res.success:
            best = res
            break
    if best is None:
        raise ValueError(f"maximum entropy failed on {list(v)}: {res.message}")
    x = np.clip(best.x, 0.0, None)
    return list(x / x.sum())


def _integer_weights(probabilities: Sequence[float]) -> tuple[int, ...]:
    """Weights out of 2**32 summing exactly to 2**32 (largest remainder)."""
    raw = [p * KEY_SPACE for p in probabilities]
    weights = [int(r) for r in raw]
    short = KEY_SPACE - sum(weights)
    order = sorted(range(len(raw)), key=lambda k: (raw[k] - weights[k], -k), reverse=True)
    for k in order[:short]:
        weights[k] += 1
    return tuple(weights)


def _balanced(v: Sequence[int], weights: tuple[int, ...]) -> tuple[int, ...]:
    """Move single units of weight between neighbours until the integer mean is as close
    to 0 as the grid allows (rounding leaves it off by a few units in 2**32)."""
    w = list(weights)
    for _ in range(64):
        total = sum(a * b for a, b in zip(v, w, strict=True))
        if total == 0:
            break
        # shifting one unit from deviation a to b changes the total by (b - a)
        step = -1 if total > 0 else 1
        moved = False
        for k in range(len(v) - 1):
            src, dst = (k + 1, k) if step < 0 else (k, k + 1)
            if w[src] > 1 and abs(total + (v[dst] - v[src])) < abs(total):
                w[src] -= 1
                w[dst] += 1
                moved = True
                break
        if not moved:
            break
    return tuple(w)


def build(params: PtableParams) -> Ptable:
    """Build the table for ``params`` (deterministic for a given scipy)."""
    rows = [Row(0, (0,), (KEY_SPACE,))]
    for i in range(1, params.top_row + 1):
        v = _targets(i, params)
        variance = max(params.V, _min_variance(v) + 1e-12)
        probs = _max_entropy(v, variance)
        keep = [k for k, p in enumerate(probs) if p * KEY_SPACE >= 0.5]
        v = [v[k] for k in keep]
        weights = _balanced(v, _integer_weights([probs[k] for k in keep]))
        rows.append(Row(i, tuple(v), weights))
    return Ptable(params, tuple(rows))


# -- the shipped tables ---------------------------------------------------------------------

#: The tables KIMdesk uses, with the parameters the protocol declares (see
#: docs/disclosure-control.md for the choice): ``standard`` for every table, ``strict``
#: (no published value 1 … 4, larger deviations) for residence status.
SHIPPED = tuple(PtableParams(name, d, v, js) for name, (d, v, js) in PTABLES.items())


def write_resource(path: Path) -> None:
    """Write the shipped tables, one row per line (weights out of 2**32 and, for readers,
    the probabilities they stand for)."""
    lines = ["{", f' "version": "{TABLES_VERSION}",',
             ' "method": "cell key method, maximum entropy (Giessing 2016; Enderle, Giessing, '
             'Tent 2018)",', f' "key_bits": {KEY_BITS},', ' "tables": [']
    for t, params in enumerate(SHIPPED):
        table = build(params)
        lines.append(f'  {{"name": "{params.name}", "D": {params.D}, "V": {params.V}, '
                     f'"js": {params.js}, "rows": [')
        for r, row in enumerate(table.rows):
            entry = json.dumps({"i": row.i, "v": list(row.deviations), "w": list(row.weights),
                                "p": [round(p, 6) for p in row.probabilities]})
            lines.append(f"   {entry}{',' if r < len(table.rows) - 1 else ''}")
        lines.append(f"  ]}}{',' if t < len(SHIPPED) - 1 else ''}")
    lines += [" ]", "}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def shipped_tables() -> Mapping[str, Ptable]:
    """The tables in ``resources/perturbation`` by name (``standard``, ``strict``)."""
    from kimdesk import catalogues

    data = json.loads(catalogues.resource_path(*RESOURCE).read_text("utf-8"))
    if data.get("version") != TABLES_VERSION or data.get("key_bits") != KEY_BITS:
        raise ValueError("perturbation tables of another version")
    tables = {t["name"]: Ptable.from_json(t) for t in data["tables"]}
    for p in SHIPPED:
        if tables[p.name].params != p:
            raise ValueError(f"perturbation table {p.name}: parameters differ from the code")
    return tables


def ptable(name: str) -> Ptable:
    return shipped_tables()[name]


if __name__ == "__main__":  # pragma: no cover - maintenance
    from kimdesk import catalogues

    target = catalogues.resource_path(*RESOURCE)
    write_resource(target)
    print(f"wrote {target}")
