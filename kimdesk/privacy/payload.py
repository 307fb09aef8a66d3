"""The aggregates payload ``kimdesk.aggregates/1``: exactly what sync may send.

``build_release`` reads the period's records, builds the catalogue tables, suppresses and
audits them.  ``payload_from_release`` turns an audited release into the documented JSON
shape and refuses (``DomainError``, German sentence) if the audit failed.  ``validate_payload``
rejects any field outside ``docs/aggregates-schema.md``.  This module imports no SQL: the
records come from ``kimdesk.store.aggregate_queries``, imported only when reading a store.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kimdesk.core.errors import DomainError
from kimdesk.privacy.aggregates import AggregateRecords, Period, build_tables
from kimdesk.privacy.audit import AuditReport, audit
from kimdesk.privacy.count_tables import TOTAL
from kimdesk.privacy.suppression import MIN_K, SuppressedRelease, suppress

if TYPE_CHECKING:
    from kimdesk.store.case_store import CaseStore

SCHEMA = "kimdesk.aggregates/1"

TOP_LEVEL_FIELDS = ("schema", "period", "district_id", "k", "generated_at", "tables")
TABLE_FIELDS = ("id", "title", "dimensions", "k", "suppressed_share", "cells")
CELL_FIELDS = ("key", "value")

_ID = re.compile(r"[a-z0-9][a-z0-9_.:-]{0,79}")
_DIM = re.compile(r"[a-z][a-z0-9_]{0,39}")
_PERIOD = re.compile(r"\d{4}(-Q[1-4])?")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_CATEGORY = re.compile(r"[^\n\r\t\x00]{1,80}")
MAX_TABLES = 100
MAX_CELLS = 20_000
MAX_DIMENSIONS = 4
MAX_VALUE = 10**7


class PayloadSchemaError(DomainError):
    """A payload that does not match ``kimdesk.aggregates/1``; ``str()`` is German."""


@dataclass(frozen=True)
class AggregateRelease:
    """One period's release as the Statistik screen and the payload builder see it."""

    period: Period
    district_id: str
    k: int
    generated_at: date
    release: SuppressedRelease
    report: AuditReport

    @property
    def ok(self) -> bool:
        return self.report.ok and not self.release.unprotected


def release_from_records(records: AggregateRecords, period: Period | str, k: int = MIN_K,
                         generated_at: date | None = None) -> AggregateRelease:
    """Pure: records of one period → suppressed and audited release."""
    if isinstance(period, str):
        period = Period.parse(period)
    if k < MIN_K:
        raise DomainError(f"Die Mindestfallzahl k muss mindestens {MIN_K} sein.")
    tables, links = build_tables(records, period)
    release = suppress(tables, links, k=k)
    return AggregateRelease(period=period, district_id=records.district_id, k=k,
                            generated_at=generated_at or records.as_of or date.today(),
                            release=release, report=audit(release))


def build_release(store: CaseStore, period: str, k: int = MIN_K,
                  today: date | None = None) -> AggregateRelease:
    """Read the store for ``period`` (``2026-Q3`` or ``2026``) and build the release."""
    from kimdesk.store.aggregate_queries import aggregate_records

    parsed = Period.parse(period)
    today = today or date.today()
    records = AggregateRecords(**aggregate_records(store, parsed.start, parsed.end, today))
    return release_from_records(records, parsed, k, generated_at=today)


def payload_from_release(release: AggregateRelease) -> dict[str, Any]:
    """The JSON payload of an audited release; raises ``DomainError`` if it may not leave."""
    if not release.ok:
        failed = len(release.report.failures) + len(release.report.threshold_violations) \
            + len(release.release.unprotected)
        raise DomainError(
            f"Die Kennzahlen für {release.period.display} haben die Datenschutzprüfung nicht "
            f"bestanden ({failed} Werte nicht ausreichend geschützt) und werden nicht "
            "übertragen.")
    tables = []
    for t in release.release.tables:
        cells = [{"key": dict(zip(t.dimensions, key, strict=True)), "value": value}
                 for key, value in t.cells.items()]
        tables.append({
            "id": t.id,
            "title": t.title,
            "dimensions": list(t.dimensions),
            "k": t.k,
            "suppressed_share": round(t.suppressed_share, 4),
            "cells": cells,
        })
    payload = {
        "schema": SCHEMA,
        "period": release.period.label,
        "district_id": release.district_id,
        "k": release.k,
        "generated_at": release.generated_at.isoformat(),
        "tables": tables,
    }
    return validate_payload(payload)


def build_payload(store: CaseStore, period: str, k: int = MIN_K,
                  today: date | None = None) -> dict[str, Any]:
    """What sync sends for ``period``: read, suppress, audit, shape, validate."""
    return payload_from_release(build_release(store, period, k, today))


def sync_builder(store: CaseStore, today: date) -> dict[str, Any] | None:
    """Adapter for ``kimdesk.sync.builders.register_aggregates_builder``: the current quarter."""
    return build_payload(store, f"{today.year}-Q{(today.month - 1) // 3 + 1}", today=today)


# -- the allow-list --------------------------------------------------------------------------


def _fail(path: str, problem: str) -> None:
    raise PayloadSchemaError(f"Kennzahlen abgelehnt: Feld „{path}“ {problem}")


def _fields(value: Any, allowed: tuple[str, ...], path: str) -> None:
    if not isinstance(value, Mapping):
        _fail(path, "muss ein Objekt sein.")
    for key in value:
        if key not in allowed:
            _fail(f"{path}.{key}" if path else str(key), "ist nicht im Schema erlaubt.")
    for key in allowed:
        if key not in value:
            _fail(f"{path}.{key}" if path else key, "fehlt.")


def _text(value: Any, pattern: re.Pattern, path: str) -> None:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        _fail(path, "hat nicht das erlaubte Format.")


def _int(value: Any, lo: int, hi: int, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        _fail(path, f"muss eine ganze Zahl von {lo} bis {hi} sein.")


def validate_payload(payload: Any) -> dict[str, Any]:
    """Check ``payload`` against ``kimdesk.aggregates/1``; return it or raise.

    Besides the shape this checks what the schema promises: every cell of every table is
    present exactly once, totals use ``*``, and no published value lies in ``1 … k-1``.
    """
    _fields(payload, TOP_LEVEL_FIELDS, "")
    if payload["schema"] != SCHEMA:
        _fail("schema", f"muss „{SCHEMA}“ sein.")
    _text(payload["period"], _PERIOD, "period")
    _text(payload["district_id"], _ID, "district_id")
    _int(payload["k"], MIN_K, 1000, "k")
    _text(payload["generated_at"], _DATE, "generated_at")
    try:
        date.fromisoformat(payload["generated_at"])
    except ValueError:
        _fail("generated_at", "ist kein gültiges Datum.")
    tables = payload["tables"]
    if not isinstance(tables, list) or not 1 <= len(tables) <= MAX_TABLES:
        _fail("tables", f"muss eine Liste mit 1 bis {MAX_TABLES} Tabellen sein.")
    ids: set[str] = set()
    for i, table in enumerate(tables):
        path = f"tables[{i}]"
        _fields(table, TABLE_FIELDS, path)
        _text(table["id"], _ID, f"{path}.id")
        if table["id"] in ids:
            _fail(f"{path}.id", "kommt doppelt vor.")
        ids.add(table["id"])
        title = table["title"]
        if not isinstance(title, str) or not 1 <= len(title) <= 200 or "\n" in title:
            _fail(f"{path}.title", "muss ein Text mit 1 bis 200 Zeichen sein.")
        dims = table["dimensions"]
        if (not isinstance(dims, list) or not 1 <= len(dims) <= MAX_DIMENSIONS
                or len(set(map(str, dims))) != len(dims)):
            _fail(f"{path}.dimensions", f"muss 1 bis {MAX_DIMENSIONS} verschiedene Namen haben.")
        for j, dim in enumerate(dims):
            _text(dim, _DIM, f"{path}.dimensions[{j}]")
        _int(table["k"], payload["k"], 1000, f"{path}.k")
        share = table["suppressed_share"]
        if (isinstance(share, bool) or not isinstance(share, int | float)
                or not math.isfinite(share) or not 0 <= share <= 1):
            _fail(f"{path}.suppressed_share", "muss eine Zahl von 0 bis 1 sein.")
        _check_cells(table, path)
    return payload


def _check_cells(table: Mapping[str, Any], path: str) -> None:
    cells, dims, k = table["cells"], table["dimensions"], table["k"]
    if not isinstance(cells, list) or not 1 <= len(cells) <= MAX_CELLS:
        _fail(f"{path}.cells", f"muss eine Liste mit 1 bis {MAX_CELLS} Zellen sein.")
    seen: set[tuple] = set()
    categories: list[set[str]] = [set() for _ in dims]
    hidden = 0
    for c, cell in enumerate(cells):
        cpath = f"{path}.cells[{c}]"
        _fields(cell, CELL_FIELDS, cpath)
        key = cell["key"]
        _fields(key, tuple(dims), f"{cpath}.key")
        for d in dims:
            _text(key[d], _CATEGORY, f"{cpath}.key.{d}")
        value = cell["value"]
        if value is None:
            hidden += 1
        else:
            _int(value, 0, MAX_VALUE, f"{cpath}.value")
            if 1 <= value < k:
                _fail(f"{cpath}.value", f"ist kleiner als k={k} und darf nicht erscheinen.")
        tup = tuple(key[d] for d in dims)
        if tup in seen:
            _fail(f"{cpath}.key", "kommt doppelt vor.")
        seen.add(tup)
        for pos, cat in enumerate(tup):
            categories[pos].add(cat)
    expected = math.prod(len(cats) for cats in categories)
    if any(TOTAL not in cats for cats in categories) or len(seen) != expected:
        _fail(f"{path}.cells", "muss jede Zelle der Tabelle samt Summen („*“) genau einmal "
                               "enthalten.")
    share = table["suppressed_share"]
    if abs(share - hidden / len(cells)) > 1e-3:
        _fail(f"{path}.suppressed_share", "passt nicht zu den gesperrten Zellen.")


__all__ = [
    "SCHEMA",
    "AggregateRelease",
    "PayloadSchemaError",
    "build_payload",
    "build_release",
    "payload_from_release",
    "release_from_records",
    "sync_builder",
    "validate_payload",
]
