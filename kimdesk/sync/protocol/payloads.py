"""The allow-list of what may leave a laptop, by payload kind.

Three kinds exist: anonymised ``aggregates`` tables, reviewed case ``reconstruction`` s and
optional ``gap_statistics``. The same check runs when an item enters the outbox and again
at the office, so a field that is not declared here can neither be queued nor stored.
"""

import json
from typing import Any

from kimdesk.sync.protocol import MAX_PAYLOAD_BYTES, models
from kimdesk.sync.protocol.schema import (
    Const,
    Int,
    List,
    Map,
    Node,
    Num,
    Obj,
    SchemaError,
    Str,
)

ID = models.ID
PERIOD = r"\d{4}(-Q[1-4])?"  # a quarter or a whole year
CATEGORY = Str(max_len=80, min_len=1, pattern=r"[^\n\r\t]+")

K = Int(minimum=3, maximum=1000)  # the suppression threshold used (never below 3)

_TABLE = Obj(required={
    "id": Str(max_len=80, min_len=1, pattern=ID),
    "title": Str(max_len=200, min_len=1),
    "dimensions": List(Str(max_len=40, min_len=1, pattern=ID), max_items=4, min_items=1,
                       unique=True),
    "cells": List(Obj(required={
        "key": Map(Str(max_len=40, min_len=1, pattern=ID), CATEGORY, max_items=4),
        "value": Int(maximum=10**7, nullable=True),
    }), max_items=20_000),
}, optional={"k": K, "suppressed_share": Num(0.0, 1.0)})

#: Release metadata the aggregates issue adds (``kimdesk.privacy.payload``).
_RELEASE_META = {"district_id": Str(max_len=80, min_len=1, pattern=ID), "k": K,
                 "generated_at": Str(max_len=10, pattern=r"\d{4}-\d\d-\d\d")}

_TABLES = List(_TABLE, max_items=100, min_items=1)

AGGREGATES = Obj(required={
    "schema": Const("kimdesk.aggregates/1"),
    "period": Str(max_len=7, pattern=PERIOD),
    "tables": _TABLES,
}, optional=_RELEASE_META)

GAP_STATISTICS = Obj(required={
    "schema": Const("kimdesk.gap_statistics/1"),
    "period": Str(max_len=7, pattern=PERIOD),
    "tables": _TABLES,
}, optional=_RELEASE_META)

SCHEMAS: dict[str, Node] = {
    "aggregates": AGGREGATES,
    "gap_statistics": GAP_STATISTICS,
}
#: kinds whose allow-list is a pydantic model (:mod:`kimdesk.sync.protocol.models`)
MODELS: dict[str, type[models.Strict]] = {"reconstruction": models.Reconstruction}
KINDS = (*SCHEMAS, *MODELS)

KIND_LABELS = {"aggregates": "Kennzahlen", "reconstruction": "Fallrekonstruktion",
               "gap_statistics": "Lückenstatistik"}


class PayloadRejected(ValueError):
    """An item that may not leave (or may not be stored); ``str()`` is a German sentence."""


def canonical_json(value: Any) -> bytes:
    """The one byte form used for hashing and size checks."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def validate_payload(kind: str, payload: Any) -> dict[str, Any]:
    """Check ``payload`` against the allow-list of ``kind``; return it or raise."""
    schema, model = SCHEMAS.get(kind), MODELS.get(kind)
    if schema is None and model is None:
        raise PayloadRejected(f"Die Art „{str(kind)[:40]}“ darf nicht übertragen werden.")
    try:
        if schema is not None:
            checked = schema.check(payload)
        else:
            assert model is not None
            checked = models.check(model, payload)
        if "tables" in checked:
            _check_table_keys(checked["tables"])
        size = len(canonical_json(checked))
    except SchemaError as exc:
        raise PayloadRejected(f"{KIND_LABELS[kind]} abgelehnt: {exc}") from exc
    except (TypeError, ValueError) as exc:  # e.g. NaN or non-JSON values
        raise PayloadRejected(f"{KIND_LABELS[kind]} abgelehnt: kein gültiges JSON.") from exc
    if size > MAX_PAYLOAD_BYTES:
        raise PayloadRejected(f"{KIND_LABELS[kind]} abgelehnt: zu groß ({size} Bytes).")
    return checked


def _check_table_keys(tables: list[dict[str, Any]]) -> None:
    ids = set()
    for t, table in enumerate(tables):
        if table["id"] in ids:
            raise SchemaError(f"tables[{t}].id", "kommt doppelt vor.")
        ids.add(table["id"])
        dims = set(table["dimensions"])
        seen = set()
        for c, cell in enumerate(table["cells"]):
            if set(cell["key"]) != dims:
                raise SchemaError(f"tables[{t}].cells[{c}].key",
                                  "muss genau die Dimensionen der Tabelle enthalten.")
            key = tuple(sorted(cell["key"].items()))
            if key in seen:
                raise SchemaError(f"tables[{t}].cells[{c}].key", "kommt doppelt vor.")
            seen.add(key)


def dedupe_key(kind: str, payload: dict[str, Any]) -> str:
    """What a newer item of the same device supersedes: the snapshot of one period."""
    if kind in ("aggregates", "gap_statistics"):
        return f"{kind}:{payload['period']}"
    if kind == "reconstruction":
        return f"reconstruction:{payload['id']}"
    return kind
