"""Payload builders: what ``kimdesk sync`` queues by itself when it changed.

The real anonymised aggregates come from the aggregates issue (disclosure control in
``kimdesk.privacy``); until they land, :func:`standin_aggregates` builds a payload of the
documented shape. Plug the real builder in with :func:`register_aggregates_builder`; the
allow-list check in the outbox applies to whatever a builder returns.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select

from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Case

AggregatesBuilder = Callable[[CaseStore, date], dict[str, Any] | None]

MIN_COUNT = 3  # counts 1..2 are never published (see docs/disclosure-control.md)


def period_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def standin_aggregates(store: CaseStore, today: date) -> dict[str, Any] | None:
    """Open cases by case type, small counts hidden — a stand-in until issue 5 lands."""
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


_builder: list[AggregatesBuilder] = [standin_aggregates]


def register_aggregates_builder(builder: AggregatesBuilder) -> None:
    """Replace the aggregates builder (the aggregates issue calls this)."""
    _builder[0] = builder


def aggregates_builder() -> AggregatesBuilder:
    return _builder[0]
