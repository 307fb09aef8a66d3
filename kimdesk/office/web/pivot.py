"""A composed table of district figures laid out for reading: row labels, columns, values —
the one shape the Kennzahlen page, its chart, its CSV/XLSX export and the reports share, so
an export holds exactly what is on screen.

Layout by grouping:

* ``district``: a one-dimensional table is a list (one column "Kreis"); a table with more
  dimensions shows its last dimension as columns (with its "Summe") and the others as rows.
* ``team``: the teams are the columns, every combination of the dimensions a row.  There is
  no district column beside them: with a withheld team, the district total minus the shown
  teams would give the withheld value away.
* ``municipality``: the municipalities (and pools of small ones) are the columns.

A value is a count, or ``None`` with a reason — "keine Meldung" (no device of the group
reported) or "zurückgehalten" (fewer than three devices) — never a zero in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from kimdesk.office import figures
from kimdesk.sync.protocol.figure_tables import TOTAL

GROUPING_LABELS = {"district": "Kreis", "team": "Teams", "municipality": "Kommunen"}
#: the German words in URLs for the groupings
GROUPING_PARAMS = {"kreis": "district", "team": "team", "kommune": "municipality"}
NO_REPORT = "keine Meldung"
WITHHELD = "zurückgehalten"
WITHHELD_NOTE = (f"„{WITHHELD}“: weniger als {figures.MIN_DEVICES_PER_GROUP} Geräte des Teams "
                 "haben gemeldet; einzelne Beschäftigte sollen nicht erkennbar sein.")
NO_REPORT_NOTE = f"„{NO_REPORT}“: kein Gerät hat dafür Zahlen gemeldet (nicht 0)."


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    devices: int  # devices that reported in this column's group
    shown: bool  # False: the group's values are withheld
    is_total: bool = False


@dataclass(frozen=True)
class Row:
    key: tuple[str, ...]  # the row dimensions' categories (``*`` = total)
    labels: tuple[str, ...]
    values: tuple[int | None, ...]  # one per column
    is_total: bool  # the row is a margin over at least one dimension


@dataclass(frozen=True)
class Pivot:
    table_id: str
    title: str
    unit: str
    period: str
    period_display: str
    by: str
    district_id: str
    row_headers: tuple[str, ...]  # labels of the row dimensions
    column_header: str  # what the columns are (a dimension or the grouping)
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    completeness: str
    note: str
    error_note: str

    @property
    def by_label(self) -> str:
        return GROUPING_LABELS.get(self.by, self.by)

    @property
    def has_withheld(self) -> bool:
        return any(not c.shown and c.devices for c in self.columns)

    @property
    def has_no_report(self) -> bool:
        return any(not c.devices for c in self.columns)

    def text(self, row: Row, index: int) -> str:
        """A value as shown: German digits, or why there is none."""
        value = row.values[index]
        if value is not None:
            return f"{value:,}".replace(",", ".")
        return NO_REPORT if not self.columns[index].devices else WITHHELD

    def explanations(self) -> list[str]:
        out = []
        if self.has_withheld:
            out.append(WITHHELD_NOTE)
        if self.has_no_report:
            out.append(NO_REPORT_NOTE)
        return out


def _total_label(dimension: figures.DimensionInfo) -> str:
    if dimension.multi_response:
        return "alle Fälle (jeder Fall einmal)"
    return "Summe"


def _label(comp: figures.Composition, dim: figures.DimensionInfo, category: str) -> str:
    if category == TOTAL:
        return _total_label(dim)
    return figures.category_label(dim.id, category, comp.district_id)


def pivot(comp: figures.Composition) -> Pivot:
    """Lay out one composed table (see the module docstring)."""
    dims = list(comp.table.dimensions)
    ids = [d.id for d in dims]
    cells = {(c.group, c.key): c.value for c in comp.rows}
    if comp.by == "municipality" or (comp.by == "district" and len(dims) > 1):
        col_dim = (next(d for d in dims if d.id == "municipality") if comp.by == "municipality"
                   else dims[-1])
        row_dims = [d for d in dims if d is not col_dim]
        district = comp.groups[0] if comp.groups else figures.Group("district", "Kreis", 0,
                                                                    False)
        columns = [Column(c, _label(comp, col_dim, c), district.devices, district.shown,
                          c == TOTAL) for c in (*comp.categories[col_dim.id], TOTAL)]
        column_header = col_dim.label

        def value(row_key: tuple[str, ...], column: Column) -> int | None:
            key = dict(zip([d.id for d in row_dims], row_key, strict=True))
            key[col_dim.id] = column.id
            return cells.get((district.id, tuple(key[i] for i in ids)))
    else:
        row_dims = dims
        columns = [Column(g.id, g.label, g.devices, g.shown) for g in comp.groups
                   if comp.by != "team" or g.devices or g.id != figures.NO_TEAM]
        column_header = GROUPING_LABELS.get(comp.by, comp.by)

        def value(row_key: tuple[str, ...], column: Column) -> int | None:
            return cells.get((column.id, row_key))
    rows = []
    for key in product(*((*comp.categories[d.id], TOTAL) for d in row_dims)):
        labels = tuple(_label(comp, d, c) for d, c in zip(row_dims, key, strict=True))
        rows.append(Row(key, labels, tuple(value(key, col) for col in columns),
                        TOTAL in key))
    return Pivot(comp.table.id, comp.table.title, comp.table.unit, comp.period, comp.display,
                 comp.by, comp.district_id, tuple(d.label for d in row_dims), column_header,
                 tuple(columns), tuple(rows), comp.completeness.sentence, comp.note,
                 comp.error_note)


def first_level(p: Pivot) -> list[Row]:
    """The rows that break down the first row dimension, the others at their total (what a
    chart shows); a one-row-dimension table: its categories."""
    return [r for r in p.rows if r.key[0] != TOTAL and all(k == TOTAL for k in r.key[1:])]


def grand_total(p: Pivot) -> Row | None:
    return next((r for r in p.rows if all(k == TOTAL for k in r.key)), None)


def chart_of(p: Pivot, chart_id: str = "diagramm") -> str:
    """The table's chart (inline SVG): the first row dimension's categories — per team when
    the columns are teams — or, by municipality, the municipalities' totals."""
    from kimdesk.office.web.svg_charts import Bar, bar_chart

    def why(i: int) -> str:
        return NO_REPORT if not p.columns[i].devices else WITHHELD

    if p.by == "municipality":
        total = grand_total(p)
        if total is None:
            return ""
        bars = [Bar(c.label, (v,), (why(i),)) for i, (c, v) in enumerate(
            zip(p.columns, total.values, strict=True)) if not c.is_total]
        return bar_chart(f"{p.title}: {total.labels[0] if total.labels else 'Summe'} je "
                         "Kommune", bars, chart_id=chart_id)
    rows = first_level(p)
    if p.by == "team":
        series = [c.label for c in p.columns]
        bars = [Bar(r.labels[0], r.values, tuple(why(i) for i in range(len(p.columns))))
                for r in rows]
        return bar_chart(f"{p.title} – nach Teams", bars, series, chart_id)
    index = next((i for i, c in enumerate(p.columns) if c.is_total), 0)
    bars = [Bar(r.labels[0], (r.values[index],), (why(index),)) for r in rows]
    return bar_chart(p.title, bars, chart_id=chart_id)
