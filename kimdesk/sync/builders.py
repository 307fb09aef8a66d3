"""Payload builders: the aggregates ``kimdesk sync`` queues by itself — once per completed
period, never for the running quarter.

Why only completed periods, each once: the office keeps every snapshot it received. Two
snapshots of the same period taken before and after one new case differ by +1 in several
published cells (sex/age band, residence group, access path …), which singles that case
out and defeats the suppression of small counts ("differencing"). So a period is sent when
it is over, and never again — even if figures of that period are corrected later.

How far back: :func:`completed_periods` looks at the last :data:`LOOKBACK_QUARTERS`
completed quarters and the last :data:`LOOKBACK_YEARS` completed year(s) only, so a device
enrolled today does not send years of history.

Builders take a *reference date*: :func:`completed_periods` hands over the last day of the
period, so the quarter builder (``kimdesk.privacy.payload.sync_builder``, which builds the
quarter containing the date it is given) builds exactly that quarter, as of its end. Years
go through a year builder (``(store, "2025") -> payload``); :func:`year_builder_for` picks
the one that belongs to a quarter builder.

The stand-in :func:`standin_aggregates` (used when ``kimdesk.privacy`` is not plugged in)
builds a payload of the documented shape. Plug the real builder in with
:func:`register_aggregates_builder`; the allow-list check in the outbox applies to whatever
a builder returns.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Case

#: ``(store, reference date) -> payload of the quarter containing that date`` (or None).
AggregatesBuilder = Callable[[CaseStore, date], dict[str, Any] | None]
#: ``(store, "2025") -> payload of that calendar year`` (or None).
YearBuilder = Callable[[CaseStore, str], dict[str, Any] | None]

MIN_COUNT = 3  # counts 1..2 are never published (see docs/disclosure-control.md)

#: How many completed quarters / years a round looks back for periods not yet queued.
LOOKBACK_QUARTERS = 4
LOOKBACK_YEARS = 1


def period_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class CompletedPeriod:
    label: str  # "2026-Q3" or "2025"
    end: date  # last day of the period: the reference date handed to the builder

    @property
    def is_year(self) -> bool:
        return "Q" not in self.label


def _quarter_end(year: int, quarter: int) -> date:
    first_of_next = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first_of_next - timedelta(days=1)


def completed_periods(today: date, quarters: int = LOOKBACK_QUARTERS,
                      years: int = LOOKBACK_YEARS) -> list[CompletedPeriod]:
    """The completed periods a round may send, oldest first; never the running quarter.

    ``today`` 2026-11-22 → 2025-Q4, 2026-Q1, 2026-Q2, 2026-Q3 and the year 2025.
    """
    out: list[CompletedPeriod] = []
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _ in range(quarters):
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        out.append(CompletedPeriod(f"{year}-Q{quarter}", _quarter_end(year, quarter)))
    out.extend(CompletedPeriod(str(today.year - i), date(today.year - i, 12, 31))
               for i in range(years, 0, -1))
    return sorted(out, key=lambda p: (p.end, p.is_year))


def standin_aggregates(store: CaseStore, today: date) -> dict[str, Any] | None:
    """Open cases by case type, small counts hidden — a stand-in for the real aggregates."""
    with store.session() as s:
        rows = dict(s.execute(select(Case.case_type, func.count(Case.id))
                              .where(Case.closed_on.is_(None)).group_by(Case.case_type)).all())
    cells = []
    hidden = False
    for case_type in sorted(rows):
        n = rows[case_type]
        value: int | None = n
        if 0 < n < MIN_COUNT:
            value, hidden = None, True
        cells.append({"key": {"case_type": case_type}, "value": value})
    total = sum(rows.values())
    cells.append({"key": {"case_type": "*"}, "value": None if hidden else total})
    return {"schema": "kimdesk.aggregates/1", "period": period_of(today),
            "tables": [{"id": "open_cases_by_type", "title": "Offene Fälle nach Fallart",
                        "dimensions": ["case_type"], "cells": cells}]}


def standin_year_aggregates(store: CaseStore, year: str) -> dict[str, Any] | None:
    """The stand-in for a whole year (same table, ``period`` = the year)."""
    payload = standin_aggregates(store, date(int(year), 12, 31))
    return None if payload is None else dict(payload, period=year)


def privacy_year_aggregates(store: CaseStore, year: str) -> dict[str, Any] | None:
    """The real anonymised aggregates of a calendar year, as of its last day."""
    from kimdesk.privacy.payload import build_payload

    return build_payload(store, year, today=date(int(year), 12, 31))


def year_builder_for(builder: AggregatesBuilder) -> YearBuilder | None:
    """The year builder that goes with a quarter builder (None: years are not sent)."""
    if builder is standin_aggregates:
        return standin_year_aggregates
    if getattr(builder, "__module__", "") == "kimdesk.privacy.payload":
        return privacy_year_aggregates
    return None


_builder: list[AggregatesBuilder] = [standin_aggregates]


def register_aggregates_builder(builder: AggregatesBuilder) -> None:
    """Replace the aggregates builder (the aggregates issue calls this)."""
    _builder[0] = builder


def aggregates_builder() -> AggregatesBuilder:
    return _builder[0]
