"""The cell key method applied: true counts with cell keys → the values that are published.

``published = true + deviation(true, cell key)`` from the table's perturbation table
(``kimdesk.privacy.ptable``).  Zeros stay zero, no value in ``1 … js`` appears, and a cell
that counts the same records as another — in any table, margin or re-send — has the same
key and so the same published value.  Pure: plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kimdesk.privacy.aggregates import Key, KeyedTable
from kimdesk.privacy.ptable import Ptable, shipped_tables
from kimdesk.sync.protocol.figure_tables import TableSpec


@dataclass(frozen=True)
class PublishedTable:
    """A table as it leaves the laptop: its shape and the perturbed value of every cell
    (margins included).  Holds no true value and no key."""

    spec: TableSpec
    categories: Mapping[str, tuple[str, ...]]
    values: Mapping[Key, int]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def dimensions(self) -> tuple[str, ...]:
        return self.spec.dimensions


def perturb(table: KeyedTable, tables: Mapping[str, Ptable] | None = None) -> PublishedTable:
    """Publish ``table`` cell by cell through the cell's perturbation table (the shipped
    ones by default; residence-status cells use the strict one, see ``TableSpec.strict``)."""
    ptables = tables or shipped_tables()
    spec = table.spec
    values = {key: ptables[spec.ptable_of(key)].perturb(n, table.cell_keys[key])
              for key, n in table.counts.items()}
    return PublishedTable(table.spec, table.categories, values)
