"""Payload builders: the aggregates ``kimdesk sync`` queues by itself — once per completed
period, never for the running quarter.

Why only completed periods, each once: the office keeps every snapshot it received.  With
the cell key method the same records always give the same published values, and a case
added later changes the keys of the cells it is counted in, so two snapshots no longer
differ by the exact +1 of one case; still, a period that is still running changes daily and
every extra snapshot is one more set of figures to compare.  So a period is sent when it
is over, and never again — even if figures of that period are corrected later.

How far back: :func:`completed_periods` looks at the last :data:`LOOKBACK_QUARTERS`
completed quarters and the last :data:`LOOKBACK_YEARS` completed year(s) only, so a device
enrolled today does not send years of history.

Builders take a *reference date*: a round hands over the last day of the period, so the
quarter builder (:func:`quarter_aggregates`, which builds the quarter containing the date it
is given) builds exactly that quarter, as of its end.  Years go through a year builder
(``(store, "2025") -> payload``, :func:`year_aggregates`).  Both are the real anonymised
figures of :mod:`kimdesk.privacy.payload`, imported when first used.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from kimdesk.core import periods
from kimdesk.core.periods import Period
from kimdesk.store.case_store import CaseStore

#: ``(store, reference date) -> payload of the quarter containing that date`` (or None).
AggregatesBuilder = Callable[[CaseStore, date], dict[str, Any] | None]
#: ``(store, "2025") -> payload of that calendar year`` (or None).
YearBuilder = Callable[[CaseStore, str], dict[str, Any] | None]

#: How many completed quarters / years a round looks back for periods not yet queued.
LOOKBACK_QUARTERS = 4
LOOKBACK_YEARS = 1

#: A completed period (``label``, ``end``, ``is_year``): the one period type of the project.
CompletedPeriod = Period


def period_of(day: date) -> str:
    return periods.quarter_label(day)


def completed_periods(today: date, quarters: int = LOOKBACK_QUARTERS,
                      years: int = LOOKBACK_YEARS) -> list[Period]:
    """The completed periods a round may send, oldest first; never the running quarter.

    ``today`` 2026-11-22 → 2025-Q4, 2025, 2026-Q1, 2026-Q2, 2026-Q3.
    """
    return periods.completed_periods(today, quarters, years)


def quarter_aggregates(store: CaseStore, day: date) -> dict[str, Any] | None:
    """The anonymised figures of the quarter containing ``day``, as of ``day``."""
    from kimdesk.privacy.payload import sync_builder

    return sync_builder(store, day)


def year_aggregates(store: CaseStore, year: str) -> dict[str, Any] | None:
    """The anonymised figures of a calendar year, as of its last day."""
    from kimdesk.privacy.payload import build_payload

    return build_payload(store, year, today=date(int(year), 12, 31))
