"""The JSON API over the district figures (``kimdesk.office.figures``), version 1.

Routes (all ``GET``, JSON, German ``detail`` on errors, never 5xx for bad input):

* ``/api/figures/v1/catalogue`` — tables, dimensions, multi-response flags, the method note.
* ``/api/figures/v1/periods`` — periods with releases, newest first, with completeness.
* ``/api/figures/v1/periods/{period}`` — completeness of one period.
* ``/api/figures/v1/periods/{period}/tables/{table}?by=district|team|municipality`` — one
  composed table: ``cells`` with ``group``, ``key`` (dimension → category, ``*`` = total),
  ``labels``, ``value`` (``null`` = withheld, never a stand-in zero), ``devices``,
  ``bound``, ``typical``; plus ``groups``, ``completeness``, ``note``, ``error_note``.

Who may read: :func:`router` takes the dependency that authorises a request (the
coordinators' workspace passes its session check for the roles that may see figures).  The
office mounts the API only with such a dependency — there is no anonymous access.
``by=device`` answers only when the office runs with ``--figures-per-device``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from kimdesk.office import figures

PREFIX = f"/api/figures/v{figures.API_VERSION}"


def _completeness(c: figures.Completeness) -> dict[str, Any]:
    return {"period": c.period, "display": c.display, "reported": c.reported,
            "expected": c.expected, "outdated": c.outdated, "complete": c.complete,
            "sentence": c.sentence, "teams": dict(c.teams)}


def _composition(comp: figures.Composition) -> dict[str, Any]:
    dims = [d.id for d in comp.table.dimensions]
    return {
        "api_version": figures.API_VERSION,
        "table": asdict(comp.table),
        "period": comp.period, "display": comp.display, "by": comp.by,
        "district_id": comp.district_id,
        "groups": [asdict(g) for g in comp.groups],
        "categories": {d: list(c) for d, c in comp.categories.items()},
        "cells": [{"group": c.group, "key": dict(zip(dims, c.key, strict=True)),
                   "labels": list(c.labels), "value": c.value, "devices": c.devices,
                   "bound": c.bound, "typical": c.typical} for c in comp.rows],
        "completeness": _completeness(comp.completeness),
        "note": comp.note,
        "error_note": comp.error_note,
    }


def router(engine: Engine, reader: Callable[..., Any], *, per_device: bool = False
           ) -> APIRouter:
    """The API's routes; ``reader`` is a FastAPI dependency that refuses whoever may not
    read figures (it raises, or returns anything when the request may go on)."""
    api = APIRouter(prefix=PREFIX, dependencies=[Depends(reader)])

    def refused(exc: figures.FigureError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404 if "gibt es nicht" in str(
            exc) or "liegen noch keine" in str(exc) else 422)

    @api.get("/catalogue")
    async def catalogue() -> dict[str, Any]:
        return {"api_version": figures.API_VERSION, "note": figures.PERTURBATION_NOTE,
                "groupings": list(figures.GROUPINGS),
                "tables": [asdict(t) for t in figures.catalogue()]}

    @api.get("/periods")
    async def periods() -> dict[str, Any]:
        found = await run_in_threadpool(figures.periods, engine)
        return {"api_version": figures.API_VERSION,
                "periods": [{"label": p.label, "display": p.display, "is_year": p.is_year,
                             "completeness": _completeness(p.completeness)} for p in found]}

    @api.get("/periods/{period}")
    async def period(period: str) -> Any:
        try:
            done = await run_in_threadpool(figures.completeness, engine, period[:20])
        except figures.FigureError as exc:
            return refused(exc)
        return {"api_version": figures.API_VERSION, "completeness": _completeness(done)}

    @api.get("/periods/{period}/tables/{table}")
    async def table(period: str, table: str,
                    by: Annotated[str, Query(max_length=20)] = "district") -> Any:
        try:
            comp = await run_in_threadpool(figures.compose, engine, period[:20], table[:80],
                                           figures.grouping(by), per_device=per_device)
        except figures.FigureError as exc:
            return refused(exc)
        return _composition(comp)

    return api
