"""What leaves the laptop for one period: the perturbed tables and their payload
``kimdesk.aggregates/2``.

``build_release`` reads the period's records, counts every table of the catalogue with its
cell keys and perturbs it (cell key method).  ``payload_from_release`` shapes the release
into the protocol's one model (``kimdesk.sync.protocol.aggregates``), the same model the
office validates with.  This module imports no SQL: the records come from
``kimdesk.store.aggregate_queries``, imported only when reading a store.  True counts and
keys stay inside ``release_from_records``; the release holds published values only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import product
from typing import TYPE_CHECKING, Any

from kimdesk.core.errors import DomainError
from kimdesk.core.periods import Period, PeriodError
from kimdesk.privacy.aggregates import AggregateRecords, build_tables
from kimdesk.privacy.perturbation import PublishedTable, perturb
from kimdesk.sync.protocol import aggregates as wire
from kimdesk.sync.protocol.figure_tables import PERTURBATION_NOTE, TOTAL

if TYPE_CHECKING:
    from kimdesk.store.case_store import CaseStore

SCHEMA = wire.SCHEMA


def parse_period(text: str) -> Period:
    """``Period.parse`` with the German sentence as a ``DomainError`` (for CLI and screens)."""
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise DomainError(str(exc)) from None


@dataclass(frozen=True)
class AggregateRelease:
    """One period's release as the Statistik screen and the payload builder see it."""

    period: Period
    district_id: str
    team_id: str | None
    generated_at: date
    tables: tuple[PublishedTable, ...]

    def table(self, table_id: str) -> PublishedTable:
        return next(t for t in self.tables if t.id == table_id)


def release_from_records(records: AggregateRecords, period: Period | str,
                         team_id: str | None = None,
                         generated_at: date | None = None) -> AggregateRelease:
    """Pure: records of one period → perturbed release."""
    if isinstance(period, str):
        period = parse_period(period)
    tables = tuple(perturb(t) for t in build_tables(records, period))
    return AggregateRelease(period=period, district_id=records.district_id, team_id=team_id,
                            generated_at=generated_at or records.as_of or date.today(),
                            tables=tables)


def build_release(store: CaseStore, period: str, today: date | None = None) -> AggregateRelease:
    """Read the store for ``period`` (``2026-Q3`` or ``2026``) and build the release."""
    from kimdesk.store.aggregate_queries import aggregate_records

    parsed = parse_period(period)
    today = today or date.today()
    records = AggregateRecords(**aggregate_records(store, parsed.start, parsed.end, today))
    return release_from_records(records, parsed, team_id=store.setting("team_id") or None,
                                generated_at=today)


def _cells(table: PublishedTable) -> list[list[str | int]]:
    """Every cell in canonical order: categories then ``*`` along each dimension."""
    axes = [(*table.categories[d], TOTAL) for d in table.dimensions]
    return [[*key, table.values[key]] for key in product(*axes)]


def payload_model(release: AggregateRelease) -> wire.AggregatesPayload:
    """The release as the protocol's model (validated: raises if it may not leave)."""
    from kimdesk.privacy.ptable import shipped_tables

    ptables = {name: {"D": t.params.D, "V": t.params.V, "js": t.params.js}
               for name, t in shipped_tables().items()}
    data = {
        "schema": SCHEMA,
        "period": release.period.label,
        "district_id": release.district_id,
        "team_id": release.team_id,
        "generated_at": release.generated_at.isoformat(),
        "method": {"name": wire.METHOD, "version": wire.PTABLES_VERSION,
                   "key_bits": wire.KEY_BITS, "ptables": ptables},
        "tables": [{"id": t.id, "dimensions": list(t.dimensions),
                    "multi_response": list(t.spec.multi_response),
                    "strict": list(t.spec.strict),
                    "categories": {d: list(t.categories[d]) for d in t.dimensions},
                    "cells": _cells(t)} for t in release.tables],
    }
    try:
        return wire.parse(data)
    except wire.AggregatesRejected as exc:  # a bug: the laptop must never build this
        raise DomainError(f"Die Kennzahlen für {release.period.display} entsprechen nicht "
                          f"dem Übertragungsformat und werden nicht gesendet ({exc}).") from None


def payload_from_release(release: AggregateRelease) -> dict[str, Any]:
    """The JSON payload of a release, exactly as sync sends it."""
    return payload_model(release).dump()


def build_payload(store: CaseStore, period: str, today: date | None = None) -> dict[str, Any]:
    """What sync sends for ``period``: read, count, perturb, shape, validate."""
    return payload_from_release(build_release(store, period, today))


def sync_builder(store: CaseStore, today: date) -> dict[str, Any] | None:
    """Adapter for ``kimdesk.sync.builders.register_aggregates_builder``: the quarter that
    contains ``today``."""
    return build_payload(store, Period.containing(today).label, today=today)


__all__ = [
    "PERTURBATION_NOTE",
    "SCHEMA",
    "AggregateRelease",
    "build_payload",
    "build_release",
    "parse_period",
    "payload_from_release",
    "payload_model",
    "release_from_records",
    "sync_builder",
]
