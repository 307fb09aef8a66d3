"""Audit of a suppressed release: how precisely can an attacker pin down each hidden cell?

For every suppressed cell we minimise and maximise it by linear programming (HiGHS) over
what the release tells an attacker: the published values, the additivity and
multi-response relations of every table, the links between tables (same constraint set as
``count_tables.release_structure``), ``x >= 1`` for hidden cells (zeros are always
published, so a hidden cell is known to be non-zero) and the optional a-priori
``upper_bound``.  A cell passes if ``upper - lower >= 1`` and ``upper >= k`` of its table.
The audit reads only published information; it never sees a true hidden value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from kimdesk.privacy.count_tables import CellRef, Key, Link, release_structure
from kimdesk.privacy.suppression import SuppressedRelease

_TOL = 1e-6
_CAP = 1e6  # stands in for "no upper bound": HiGHS misreports some unbounded LPs


@dataclass(frozen=True)
class CellAudit:
    """Range of values consistent with the release for one suppressed cell."""

    table_id: str
    key: Key
    lower: float
    upper: float  # math.inf if unbounded
    k: int
    ok: bool


@dataclass(frozen=True)
class AuditReport:
    """Result of ``audit``; a release may only leave if ``ok`` is true."""

    cells: tuple[CellAudit, ...]
    threshold_violations: tuple[CellRef, ...]  # published values in 1..k-1
    consistent: bool  # published values satisfy every constraint
    ok: bool

    @property
    def failures(self) -> tuple[CellAudit, ...]:
        return tuple(c for c in self.cells if not c.ok)


def _components(n: int, rows: Sequence[Sequence[int]]) -> list[int]:
    """Connected components of variables that share a constraint row."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in rows:
        for a, b in zip(row, row[1:], strict=False):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


def audit(
    release: SuppressedRelease,
    links: Sequence[Link] | None = None,
    *,
    upper_bound: int | None = None,
) -> AuditReport:
    """Compute the feasible range of every suppressed cell and judge it against ``k``.

    ``links`` and ``upper_bound`` default to those recorded in the release.
    """
    links = release.links if links is None else tuple(links)
    bound = release.upper_bound if upper_bound is None else upper_bound
    structure = release_structure(release.tables, links)
    tables = {t.id: t for t in release.tables}
    n = len(structure.members)

    consistent = True
    known: dict[int, float] = {}
    for j, members in enumerate(structure.members):
        vals = {v for tid, key in members if (v := tables[tid].cells[key]) is not None}
        if len(vals) > 1:
            consistent = False
        if vals:
            known[j] = float(min(vals))
    hidden = [j for j in range(n) if j not in known]
    pos = {j: i for i, j in enumerate(hidden)}

    # Substitute published values: rows over hidden classes only.
    rows: list[tuple[list[int], list[float], float, bool]] = []  # cols, coefs, rhs, is_eq
    for terms_list, is_eq in ((structure.equalities, True), (structure.inequalities, False)):
        for terms in terms_list:
            cols, coefs, rhs = [], [], 0.0
            for j, c in terms:
                if j in known:
                    rhs -= c * known[j]
                else:
                    cols.append(pos[j])
                    coefs.append(float(c))
            if cols:
                rows.append((cols, coefs, rhs, is_eq))
            elif (is_eq and abs(rhs) > _TOL) or (not is_eq and rhs < -_TOL):
                consistent = False

    comp = _components(len(hidden), [r[0] for r in rows])
    by_comp: dict[int, list[int]] = {}
    for i, c in enumerate(comp):
        by_comp.setdefault(c, []).append(i)
    rows_by_comp: dict[int, list[int]] = {}
    for r, (cols, _, _, _) in enumerate(rows):
        rows_by_comp.setdefault(comp[cols[0]], []).append(r)

    ranges: dict[int, tuple[float, float]] = {}
    for c, variables in by_comp.items():
        local = {v: i for i, v in enumerate(variables)}
        eq_rows = [rows[r] for r in rows_by_comp.get(c, []) if rows[r][3]]
        ub_rows = [rows[r] for r in rows_by_comp.get(c, []) if not rows[r][3]]
        a_eq, b_eq = _sparse(eq_rows, local)
        a_ub, b_ub = _sparse(ub_rows, local)
        upper = _CAP if bound is None else float(bound)
        box = np.tile([1.0, upper], (len(variables), 1))
        if a_eq is None and a_ub is None:  # unconstrained: any value in the box
            for v in variables:
                ranges[hidden[v]] = (1.0, math.inf if bound is None else upper)
            continue
        for i, v in enumerate(variables):
            lo_hi = []
            for sign in (1.0, -1.0):
                cost = np.zeros(len(variables))
                cost[i] = sign
                res = linprog(
                    cost,
                    A_ub=a_ub,
                    b_ub=b_ub,
                    A_eq=a_eq,
                    b_eq=b_eq,
                    bounds=box,
                    method="highs",
                )
                if res.status == 0:
                    value = sign * res.fun
                    lo_hi.append(math.inf if bound is None and value >= _CAP - 1 else value)
                else:  # infeasible: the published values contradict each other
                    consistent = False
                    lo_hi.append(math.nan)
            ranges[hidden[v]] = (lo_hi[0], lo_hi[1])

    cells: list[CellAudit] = []
    violations: list[CellRef] = []
    for t in release.tables:
        for key, value in t.cells.items():
            j = structure.class_of[(t.id, key)]
            if value is not None:
                if 1 <= value < t.k:
                    violations.append((t.id, key))
                continue
            if j in known:  # hidden here, printed in a linked table
                lower = upper = known[j]
            else:
                lower, upper = ranges[j]
            ok = (
                not math.isnan(lower)
                and not math.isnan(upper)
                and upper - lower >= 1 - _TOL
                and upper >= t.k - _TOL
            )
            cells.append(CellAudit(t.id, key, lower, upper, t.k, ok))
    ok = consistent and not violations and all(c.ok for c in cells)
    return AuditReport(tuple(cells), tuple(violations), consistent, ok)


def _sparse(
    rows: Sequence[tuple[list[int], list[float], float, bool]], local: dict[int, int]
) -> tuple[csr_matrix | None, np.ndarray | None]:
    if not rows:
        return None, None
    data, ri, ci = [], [], []
    for r, (cols, coefs, _, _) in enumerate(rows):
        for col, coef in zip(cols, coefs, strict=True):
            data.append(coef)
            ri.append(r)
            ci.append(local[col])
    matrix = csr_matrix((data, (ri, ci)), shape=(len(rows), len(local)))
    return matrix, np.array([r[2] for r in rows])
