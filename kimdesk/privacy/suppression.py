"""Primary and secondary cell suppression for a release of count tables.

Primary: a cell (margins included) with ``1 <= value < k`` is suppressed.  Zeros stay
published.  Secondary: for every primary cell we solve a small integer program for the
cheapest *witness* — another integer table, consistent with every published cell, every
constraint of ``count_tables.release_structure`` and ``x >= 1`` on suppressed cells, in
which the primary cell reaches ``max(value + 1, k)``.  Every published cell the witness
has to change is suppressed as well.  Once suppressed, a witness stays valid (suppressing
more only gives the attacker less), so each cell it moves by at least one unit is protected:
a secondary cell (value >= k) then has a range of width >= 1 and an upper end >= k.  The
process therefore needs at most one solve per primary cell, terminates, and is
deterministic (fixed processing order, HiGHS is deterministic).  See
``docs/disclosure-control.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, hstack

from kimdesk.privacy.count_tables import (
    CellRef,
    CountTable,
    Key,
    Link,
    ReleaseStructure,
    all_keys,
    cells_with_margins,
    release_structure,
)

MIN_K = 3
PRIMARY_TEXT = "Wert kleiner als k={k}"
PRIMARY_LINKED_TEXT = "Wert kleiner als k={k} der verknüpften Tabelle „{title}“"
SECONDARY_TEXT = "verdeckt, damit ein anderer Wert nicht zurückgerechnet werden kann"

_INTEGRAL_TOL = 1e-6
_CAP = 1e6  # stands in for "no upper bound", keeps every LP bounded
_SUPPRESSED_COST = 1e-3  # moving an already hidden cell is almost free


@dataclass(frozen=True)
class SuppressionReason:
    """Why a cell is hidden; ``text`` is shown to users (German)."""

    kind: Literal["primary", "secondary"]
    text: str


@dataclass(frozen=True)
class PublishedTable:
    """A table as it leaves the laptop: shape, threshold and published values only.

    ``cells`` maps every key (margins included) to its value, or ``None`` if suppressed.
    No true value of a suppressed cell is kept here.
    """

    id: str
    title: str
    dimensions: tuple[str, ...]
    categories: Mapping[str, tuple[str, ...]]
    k: int
    cells: Mapping[Key, int | None]
    reasons: Mapping[Key, SuppressionReason] = field(default_factory=dict)
    additive: bool = True
    multi_response_dimension: str | None = None
    at_least_one_response: bool = False

    @property
    def suppressed_share(self) -> float:
        """Share of suppressed cells among all cells (margins included)."""
        hidden = sum(1 for v in self.cells.values() if v is None)
        return hidden / len(self.cells) if self.cells else 0.0


@dataclass(frozen=True)
class SuppressedRelease:
    """The tables of one release after suppression, with the links the audit must respect.

    ``unprotected`` lists cells for which no protecting pattern exists (only possible with
    an ``upper_bound`` that is too small); the audit will then fail.
    """

    tables: tuple[PublishedTable, ...]
    links: tuple[Link, ...] = ()
    k: int = MIN_K
    upper_bound: int | None = None
    unprotected: tuple[CellRef, ...] = ()

    def table(self, table_id: str) -> PublishedTable:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    @property
    def suppressed_share(self) -> dict[str, float]:
        return {t.id: t.suppressed_share for t in self.tables}


def effective_k(table_k: int | None, release_k: int) -> int:
    """A table may be stricter than the release, never laxer."""
    return max(release_k, table_k or release_k)


@dataclass
class _Model:
    """Class-level data for the witness programs."""

    structure: ReleaseStructure
    values: np.ndarray  # true value per class
    k: np.ndarray  # strictest threshold among the class members
    weight: np.ndarray  # cost per unit of change if the class is still published
    eq: csr_matrix
    ub: csr_matrix
    ub_rhs: np.ndarray  # ub @ (values + d) <= 0  <=>  ub @ d <= -ub @ values
    upper_bound: int | None


def _matrix(rows: Sequence[tuple[tuple[int, int], ...]], n: int) -> csr_matrix:
    data, ri, ci = [], [], []
    for r, terms in enumerate(rows):
        for j, c in terms:
            data.append(c)
            ri.append(r)
            ci.append(j)
    return csr_matrix((data, (ri, ci)), shape=(len(rows), n), dtype=float)


def _witness(model: _Model, p: int, suppressed: np.ndarray) -> np.ndarray | None:
    """Cheapest integer change ``d`` with ``d[p] >= max(1, k - v)``; ``None`` if impossible."""
    v, n = model.values, len(model.values)
    nonzero = v > 0
    cap = _CAP if model.upper_bound is None else model.upper_bound
    up = np.where(nonzero, np.maximum(cap - v, 0.0), 0.0)
    down = np.where(nonzero, v - 1.0, 0.0)  # hidden cells stay >= 1: zeros are never hidden
    lower_up = np.zeros(n)
    lower_up[p] = max(1.0, float(model.k[p] - v[p]))
    down[p] = 0.0
    if lower_up[p] > up[p]:
        return None
    cost_one = np.where(suppressed, _SUPPRESSED_COST, model.weight)
    cost = np.concatenate([cost_one, cost_one])
    lb = np.concatenate([lower_up, np.zeros(n)])
    ubv = np.concatenate([up, down])
    a_eq = hstack([model.eq, -model.eq]).tocsr()
    a_ub = hstack([model.ub, -model.ub]).tocsr()
    res = linprog(
        cost,
        A_ub=a_ub if a_ub.shape[0] else None,
        b_ub=model.ub_rhs if a_ub.shape[0] else None,
        A_eq=a_eq if a_eq.shape[0] else None,
        b_eq=np.zeros(a_eq.shape[0]) if a_eq.shape[0] else None,
        bounds=np.column_stack([lb, ubv]),
        method="highs",
    )
    if res.status == 2:
        return None
    if res.status != 0:
        raise RuntimeError(f"witness LP failed: {res.message}")
    sol = res.x
    if np.max(np.abs(sol - np.round(sol))) <= _INTEGRAL_TOL:
        d = _checked(model, np.round(sol), lb, ubv)
        if d is not None:
            return d
    constraints = []
    if a_eq.shape[0]:
        constraints.append(LinearConstraint(a_eq, 0.0, 0.0))
    if a_ub.shape[0]:
        constraints.append(LinearConstraint(a_ub, -np.inf, model.ub_rhs))
    res = milp(cost, integrality=np.ones(2 * n), bounds=Bounds(lb, ubv), constraints=constraints)
    if res.x is None:
        return None
    return _checked(model, np.round(res.x), lb, ubv)


def _checked(model: _Model, sol: np.ndarray, lb: np.ndarray, ub: np.ndarray) -> np.ndarray | None:
    """Accept a rounded witness only if it satisfies every constraint exactly."""
    n = len(model.values)
    d = sol[:n] - sol[n:]
    if np.any(sol < lb) or np.any(sol > ub):
        return None
    if model.eq.shape[0] and np.any(np.abs(model.eq @ d) > 1e-9):
        return None
    if model.ub.shape[0] and np.any(model.ub @ d > model.ub_rhs + 1e-9):
        return None
    return d


def _build_model(
    tables: Sequence[CountTable], links: Sequence[Link], k: int, upper_bound: int | None
) -> tuple[_Model, dict[str, dict[Key, int]]]:
    structure = release_structure(tables, links)
    values_by_table = {t.id: cells_with_margins(t) for t in tables}
    n = len(structure.members)
    values = np.zeros(n)
    ks = np.zeros(n)
    table_k = {t.id: effective_k(t.k, k) for t in tables}
    for j, members in enumerate(structure.members):
        vals = {values_by_table[tid][key] for tid, key in members}
        if len(vals) != 1:
            raise ValueError(f"linked cells {list(members)} have different values {sorted(vals)}")
        values[j] = vals.pop()
        ks[j] = max(table_k[tid] for tid, _ in members)
    if upper_bound is not None and values.max(initial=0) > upper_bound:
        raise ValueError("upper_bound is smaller than a true cell value")
    vmax = values.max(initial=0)
    sizes = np.array([len(m) for m in structure.members], dtype=float)
    weight = sizes * (1.0 + values / (vmax + 1.0))  # fewer cells first, then smaller ones
    eq = _matrix(structure.equalities, n)
    ub = _matrix(structure.inequalities, n)
    model = _Model(
        structure=structure,
        values=values,
        k=ks,
        weight=weight,
        eq=eq,
        ub=ub,
        ub_rhs=-(ub @ values),
        upper_bound=upper_bound,
    )
    return model, values_by_table


def suppress(
    tables: Sequence[CountTable],
    links: Sequence[Link] = (),
    k: int = MIN_K,
    *,
    upper_bound: int | None = None,
) -> SuppressedRelease:
    """Suppress small cells and enough partners that none can be recomputed.

    ``k`` is the release threshold (>= 3); a table's own ``k`` can only make it stricter.
    ``upper_bound`` is an a-priori bound on every cell an attacker may know (e.g. the
    number of clients in the district); ``None`` means none beyond the published values.
    """
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}, got {k}")
    model, values_by_table = _build_model(tables, links, k, upper_bound)
    v, ks = model.values, model.k
    n = len(v)
    primary = (v >= 1) & (v < ks)
    suppressed = primary.copy()
    protected = np.zeros(n, dtype=bool)
    unprotected: list[int] = []
    order = sorted(np.flatnonzero(primary), key=lambda j: (-(ks[j] - v[j]), j))
    for p in order:
        if protected[p]:
            continue
        d = _witness(model, int(p), suppressed)
        if d is None:
            unprotected.append(int(p))
            continue
        moved = np.abs(d) >= 1
        suppressed |= moved
        protected |= moved & (((d >= 1) & (v + d >= ks)) | ((d <= -1) & (v >= ks)))
        protected[p] = True

    class_of = model.structure.class_of
    table_k = {t.id: effective_k(t.k, k) for t in tables}
    titles = {t.id: t.title for t in tables}
    published: list[PublishedTable] = []
    for t in tables:
        tk = table_k[t.id]
        cells: dict[Key, int | None] = {}
        reasons: dict[Key, SuppressionReason] = {}
        for key in all_keys(t):
            j = class_of[(t.id, key)]
            value = values_by_table[t.id][key]
            if not suppressed[j]:
                cells[key] = value
                continue
            cells[key] = None
            reasons[key] = _reason(model, j, t.id, value, bool(primary[j]), table_k, titles)
        published.append(
            PublishedTable(
                id=t.id,
                title=t.title,
                dimensions=t.dimensions,
                categories=t.categories,
                k=tk,
                cells=cells,
                reasons=reasons,
                additive=t.additive,
                multi_response_dimension=t.multi_response_dimension,
                at_least_one_response=t.at_least_one_response,
            )
        )
    return SuppressedRelease(
        tables=tuple(published),
        links=tuple(links),
        k=k,
        upper_bound=upper_bound,
        unprotected=tuple(r for j in unprotected for r in model.structure.members[j]),
    )


def _reason(
    model: _Model,
    j: int,
    table_id: str,
    value: int,
    is_primary: bool,
    table_k: Mapping[str, int],
    titles: Mapping[str, str],
) -> SuppressionReason:
    if not is_primary:
        return SuppressionReason("secondary", SECONDARY_TEXT)
    if value < table_k[table_id]:
        return SuppressionReason("primary", PRIMARY_TEXT.format(k=table_k[table_id]))
    # Small only by the stricter threshold of a linked table that shows the same number.
    strict_id = max((tid for tid, _ in model.structure.members[j]), key=lambda t: table_k[t])
    return SuppressionReason(
        "primary", PRIMARY_LINKED_TEXT.format(k=table_k[strict_id], title=titles[strict_id])
    )


__all__ = [
    "PublishedTable",
    "SuppressedRelease",
    "SuppressionReason",
    "effective_k",
    "suppress",
]
