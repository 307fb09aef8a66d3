"""The allow-list of what may leave a laptop, by payload kind.

Three kinds exist: anonymised ``aggregates`` tables, reviewed case ``reconstruction`` s and
optional ``gap_statistics``. The same check runs when an item enters the outbox and again
at the office, so a field that is not declared here can neither be queued nor stored.
"""

import json
from typing import Any

from kimdesk.sync.protocol import MAX_PAYLOAD_BYTES
from kimdesk.sync.protocol.schema import (
    Const,
    Int,
    List,
    Map,
    Node,
    Nullable,
    Num,
    Obj,
    SchemaError,
    Str,
)

ID = r"[a-z0-9][a-z0-9_.:-]{0,79}"
PERIOD = r"\d{4}(-Q[1-4])?"  # a quarter or a whole year
ISO_TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?(Z|[+-]\d\d:\d\d)?"
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

_DIAGRAM = Obj(
    required={
        "nodes": List(Obj(required={"id": Str(max_len=40, min_len=1, pattern=ID),
                                    "label": Str(max_len=200, min_len=1)},
                          optional={"kind": Str(max_len=40, pattern=ID)}), max_items=100),
        "edges": List(Obj(required={"from": Str(max_len=40, min_len=1, pattern=ID),
                                    "to": Str(max_len=40, min_len=1, pattern=ID)},
                          optional={"label": Str(max_len=200)}), max_items=300),
    })

RECONSTRUCTION = Obj(
    required={
        "schema": Const("kimdesk.reconstruction/1"),
        "id": Str(max_len=80, min_len=1, pattern=ID),
        "title": Str(max_len=200, min_len=1),
        "life_areas": List(Str(max_len=40, min_len=1, pattern=ID), max_items=20, unique=True),
        "narrative": Str(max_len=20_000, min_len=1),
        "generative_theme": Str(max_len=1_000, min_len=1),
        "review": Obj(required={
            "reviewed_at": Str(max_len=40, pattern=ISO_TIMESTAMP),
            "findings_by_kind": Map(Str(max_len=40, min_len=1, pattern=ID),
                                    Int(maximum=100_000), max_items=40),
        }),
    },
    optional={
        "institution_types": List(Str(max_len=40, min_len=1, pattern=ID), max_items=40,
                                  unique=True),
        "hindering_factors": List(Str(max_len=500, min_len=1), max_items=50),
        "diagram": Nullable(_DIAGRAM),
    },
)

SCHEMAS: dict[str, Node] = {
    "aggregates": AGGREGATES,
    "reconstruction": RECONSTRUCTION,
    "gap_statistics": GAP_STATISTICS,
}
KINDS = tuple(SCHEMAS)

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
    schema = SCHEMAS.get(kind)
    if schema is None:
        raise PayloadRejected(f"Die Art „{str(kind)[:40]}“ darf nicht übertragen werden.")
    try:
        checked = schema.check(payload)
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
