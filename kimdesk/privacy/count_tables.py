"""Count tables of an anonymised release and the linear structure an attacker knows.

The disclosure-control code (``suppression``, ``audit``) works on *cells*: every interior
cell of a table plus every margin, where a margin carries ``TOTAL`` ("*") in the
dimensions it sums over.  This module holds the data model and derives, from a table's shape
alone, the linear constraints that tie its cells together.  Suppression and audit use the
very same constraint set, so what is protected is exactly what is audited.

Constraint set (all homogeneous, over true cell values ``x``):

* additive dimension ``d``: ``x[.., *, ..] == sum_c x[.., c, ..]`` for every combination of
  the other dimensions (categories or ``*``);
* multi-response dimension ``m`` (a case touches several life areas, so the areas do not
  add up to the number of cases): the margin ``x[.., *, ..]`` is a separately counted number
  of distinct cases, and ``x[.., c, ..] <= x[.., *, ..]`` for every area ``c``; if the
  table declares ``at_least_one_response`` (every case has at least one area) also
  ``sum_c x[.., c, ..] >= x[.., *, ..]``;
* links between tables: the marginal tables named by a ``Link`` are equal cell by cell.

Non-negativity is not a constraint here; the users add bounds themselves.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, Protocol

TOTAL = "*"

Key = tuple[str, ...]
CellRef = tuple[str, Key]
"""A cell of a release: ``(table_id, key)``."""


class TableShape(Protocol):
    """What the constraint builder needs to know about a table (not its values)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def dimensions(self) -> tuple[str, ...]: ...
    @property
    def categories(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def multi_response_dimension(self) -> str | None: ...
    @property
    def at_least_one_response(self) -> bool: ...


def _frozen_mapping(data: Mapping) -> Mapping:
    return MappingProxyType(dict(data))


def _check_shape(
    table_id: str,
    dimensions: tuple[str, ...],
    categories: Mapping[str, tuple[str, ...]],
) -> None:
    if not table_id:
        raise ValueError("table id must not be empty")
    if not dimensions:
        raise ValueError(f"table {table_id!r}: at least one dimension is required")
    if len(set(dimensions)) != len(dimensions):
        raise ValueError(f"table {table_id!r}: dimension names must be unique")
    if set(categories) != set(dimensions):
        raise ValueError(f"table {table_id!r}: categories must be given for each dimension")
    for dim in dimensions:
        cats = categories[dim]
        if not cats:
            raise ValueError(f"table {table_id!r}: dimension {dim!r} has no categories")
        if len(set(cats)) != len(cats):
            raise ValueError(f"table {table_id!r}: duplicate category in {dim!r}")
        if TOTAL in cats:
            raise ValueError(f"table {table_id!r}: {TOTAL!r} is reserved for totals")


def _check_count(table_id: str, key: Key, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"table {table_id!r}: count for {key} must be an int >= 0")


@dataclass(frozen=True)
class CountTable:
    """A table of true counts before disclosure control.

    ``counts`` holds interior cells only (missing keys mean 0); margins are derived.  For a
    multi-response table (``additive=False``) the number of distinct cases per combination
    of the *other* dimensions cannot be derived from the cells and is given in
    ``unit_totals``, keyed by the key without the multi-response dimension.
    """

    id: str
    title: str
    dimensions: tuple[str, ...]
    categories: Mapping[str, tuple[str, ...]]
    counts: Mapping[Key, int]
    k: int | None = None
    additive: bool = True
    multi_response_dimension: str | None = None
    unit_totals: Mapping[Key, int] = field(default_factory=dict)
    at_least_one_response: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "dimensions", tuple(self.dimensions))
        object.__setattr__(
            self,
            "categories",
            _frozen_mapping({d: tuple(c) for d, c in self.categories.items()}),
        )
        _check_shape(self.id, self.dimensions, self.categories)
        if self.k is not None and self.k < 3:
            raise ValueError(f"table {self.id!r}: k must be at least 3, got {self.k}")
        mr = self.multi_response_dimension
        if self.additive != (mr is None):
            raise ValueError(
                f"table {self.id!r}: a non-additive table needs a multi_response_dimension "
                "and an additive table must not have one"
            )
        if mr is not None and mr not in self.dimensions:
            raise ValueError(f"table {self.id!r}: unknown dimension {mr!r}")
        if mr is None and (self.unit_totals or self.at_least_one_response):
            raise ValueError(
                f"table {self.id!r}: unit_totals/at_least_one_response need a "
                "multi-response dimension"
            )
        counts: dict[Key, int] = {}
        for key, value in self.counts.items():
            key = tuple(key)
            self._check_key(key, self.dimensions)
            _check_count(self.id, key, value)
            counts[key] = value
        object.__setattr__(self, "counts", _frozen_mapping(counts))
        units: dict[Key, int] = {}
        if mr is not None:
            others = tuple(d for d in self.dimensions if d != mr)
            for key, value in self.unit_totals.items():
                key = tuple(key)
                self._check_key(key, others)
                _check_count(self.id, key, value)
                units[key] = value
            self._check_multi_response(counts, units)
        object.__setattr__(self, "unit_totals", _frozen_mapping(units))

    def _check_key(self, key: Key, dims: tuple[str, ...]) -> None:
        if len(key) != len(dims) or any(
            c not in self.categories[d] for d, c in zip(dims, key, strict=True)
        ):
            raise ValueError(f"table {self.id!r}: invalid key {key}")

    def _check_multi_response(self, counts: Mapping[Key, int], units: Mapping[Key, int]) -> None:
        """Reject data that contradict the constraint set the audit relies on."""
        pos = self.dimensions.index(self.multi_response_dimension or "")
        others = [self.categories[d] for i, d in enumerate(self.dimensions) if i != pos]
        for rest in itertools.product(*others):
            total = units.get(rest, 0)
            responses = [
                counts.get(rest[:pos] + (c,) + rest[pos:], 0)
                for c in self.categories[self.dimensions[pos]]
            ]
            if max(responses) > total:
                raise ValueError(
                    f"table {self.id!r}: a response count exceeds its unit total at {rest}"
                )
            if self.at_least_one_response and sum(responses) < total:
                raise ValueError(f"table {self.id!r}: responses at {rest} do not cover every unit")


def all_keys(table: TableShape) -> list[Key]:
    """Every cell key of a table (interior and margins) in canonical order."""
    return list(itertools.product(*((*table.categories[d], TOTAL) for d in table.dimensions)))


def _generalisations(key: Key, skip: int | None = None) -> Iterable[Key]:
    """All keys obtained by replacing any subset of positions (except ``skip``) with TOTAL."""
    choices = [(c,) if i == skip else (c, TOTAL) for i, c in enumerate(key)]
    return itertools.product(*choices)


def cells_with_margins(table: CountTable) -> dict[Key, int]:
    """Every interior cell and every margin of ``table`` with its true value."""
    cells = dict.fromkeys(all_keys(table), 0)
    mr = table.multi_response_dimension
    if mr is None:
        for key, value in table.counts.items():
            for g in _generalisations(key):
                cells[g] += value
        return cells
    pos = table.dimensions.index(mr)
    for key, value in table.counts.items():
        for g in _generalisations(key, skip=pos):
            cells[g] += value
    for rest, value in table.unit_totals.items():
        key = rest[:pos] + (TOTAL,) + rest[pos:]
        for g in _generalisations(key, skip=pos):
            cells[g] += value
    return cells


@dataclass(frozen=True)
class LinearConstraint:
    """``sum(coef * x[key]) == 0`` or ``<= 0`` over the cells of one table."""

    terms: tuple[tuple[Key, int], ...]
    sense: Literal["==", "<="]


def table_constraints(table: TableShape) -> list[LinearConstraint]:
    """The linear relations between the cells of one table (see module docstring)."""
    dims = table.dimensions
    options = [(*table.categories[d], TOTAL) for d in dims]
    result: list[LinearConstraint] = []
    for pos, dim in enumerate(dims):
        cats = table.categories[dim]
        rest_options = options[:pos] + options[pos + 1 :]
        for rest in itertools.product(*rest_options):
            total = rest[:pos] + (TOTAL,) + rest[pos:]
            parts = [rest[:pos] + (c,) + rest[pos:] for c in cats]
            if dim != table.multi_response_dimension:
                terms = ((total, 1), *((p, -1) for p in parts))
                result.append(LinearConstraint(terms, "=="))
                continue
            for p in parts:  # a response count never exceeds the number of units
                result.append(LinearConstraint(((p, 1), (total, -1)), "<="))
            if table.at_least_one_response:
                terms = ((total, 1), *((p, -1) for p in parts))
                result.append(LinearConstraint(terms, "<="))
    return result


@dataclass(frozen=True)
class Link:
    """Two marginal tables of one release that are the same numbers.

    ``a`` and ``b`` are ``(table_id, kept_dimensions)``.  Kept dimensions are matched by
    position (``a``'s first with ``b``'s first, ...) and categories by label, so both sides
    need the same category labels.  The link covers the whole marginal table including its
    own margins; an empty tuple of dimensions links just the grand totals.
    """

    a: tuple[str, tuple[str, ...]]
    b: tuple[str, tuple[str, ...]]

    @classmethod
    def on(cls, table_a: str, table_b: str, *dimensions: str) -> Link:
        """Link two tables over dimensions that carry the same name in both."""
        return cls((table_a, tuple(dimensions)), (table_b, tuple(dimensions)))


def link_pairs(
    tables: Sequence[TableShape], links: Sequence[Link]
) -> list[tuple[CellRef, CellRef]]:
    """Expand links into pairs of cells that must hold the same value."""
    by_id = {t.id: t for t in tables}
    pairs: list[tuple[CellRef, CellRef]] = []
    for link in links:
        (ta_id, dims_a), (tb_id, dims_b) = link.a, link.b
        if ta_id not in by_id or tb_id not in by_id:
            raise ValueError(f"link {link}: unknown table")
        ta, tb = by_id[ta_id], by_id[tb_id]
        dims_a, dims_b = tuple(dims_a), tuple(dims_b)
        if len(dims_a) != len(dims_b):
            raise ValueError(f"link {link}: both sides need the same number of dimensions")
        for table, dims in ((ta, dims_a), (tb, dims_b)):
            if len(set(dims)) != len(dims) or any(d not in table.dimensions for d in dims):
                raise ValueError(f"link {link}: invalid dimensions for table {table.id!r}")
        for da, db in zip(dims_a, dims_b, strict=True):
            if set(ta.categories[da]) != set(tb.categories[db]):
                raise ValueError(f"link {link}: categories of {da!r} and {db!r} differ")
        options = [(*ta.categories[d], TOTAL) for d in dims_a]
        for combo in itertools.product(*options):
            key_a = tuple(combo[dims_a.index(d)] if d in dims_a else TOTAL for d in ta.dimensions)
            key_b = tuple(combo[dims_b.index(d)] if d in dims_b else TOTAL for d in tb.dimensions)
            pairs.append(((ta_id, key_a), (tb_id, key_b)))
    return pairs


@dataclass(frozen=True)
class ReleaseStructure:
    """Cells of a release grouped into classes of linked (identical) cells, plus constraints.

    Constraints are over class indices: ``sum(coef * x[class]) == 0`` (``equalities``) or
    ``<= 0`` (``inequalities``).
    """

    class_of: Mapping[CellRef, int]
    members: tuple[tuple[CellRef, ...], ...]
    equalities: tuple[tuple[tuple[int, int], ...], ...]
    inequalities: tuple[tuple[tuple[int, int], ...], ...]


def release_structure(tables: Sequence[TableShape], links: Sequence[Link] = ()) -> ReleaseStructure:
    """Build the joint constraint set of all tables of a release, links included."""
    ids = [t.id for t in tables]
    if len(set(ids)) != len(ids):
        raise ValueError("table ids must be unique within a release")
    refs: list[CellRef] = [(t.id, key) for t in tables for key in all_keys(t)]
    index = {ref: i for i, ref in enumerate(refs)}
    parent = list(range(len(refs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for ra, rb in link_pairs(tables, links):
        a, b = find(index[ra]), find(index[rb])
        if a != b:
            parent[max(a, b)] = min(a, b)  # smallest index stays root: deterministic
    roots = sorted({find(i) for i in range(len(refs))})
    class_index = {root: c for c, root in enumerate(roots)}
    class_of = {ref: class_index[find(i)] for i, ref in enumerate(refs)}
    members: list[list[CellRef]] = [[] for _ in roots]
    for ref in refs:
        members[class_of[ref]].append(ref)

    seen: set[tuple[str, tuple[tuple[int, int], ...]]] = set()
    equalities: list[tuple[tuple[int, int], ...]] = []
    inequalities: list[tuple[tuple[int, int], ...]] = []
    for table in tables:
        for constraint in table_constraints(table):
            coef: dict[int, int] = {}
            for key, c in constraint.terms:
                j = class_of[(table.id, key)]
                coef[j] = coef.get(j, 0) + c
            terms = tuple(sorted((j, c) for j, c in coef.items() if c != 0))
            if not terms or (constraint.sense, terms) in seen:
                continue
            seen.add((constraint.sense, terms))
            (equalities if constraint.sense == "==" else inequalities).append(terms)
    return ReleaseStructure(
        class_of=_frozen_mapping(class_of),
        members=tuple(tuple(m) for m in members),
        equalities=tuple(equalities),
        inequalities=tuple(inequalities),
    )
