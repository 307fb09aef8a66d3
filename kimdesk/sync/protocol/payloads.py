"""The allow-list of what may leave a laptop, by payload kind.

Two kinds exist: anonymised ``aggregates`` tables (``kimdesk.aggregates/2``, one pydantic
model in :mod:`kimdesk.sync.protocol.aggregates`) and reviewed case ``reconstruction`` s.
The same check runs when an item enters the outbox and again at the office, so a field
that is not declared can neither be queued nor stored.
"""

import json
from typing import Any

from kimdesk.sync.protocol import MAX_PAYLOAD_BYTES, aggregates, models
from kimdesk.sync.protocol.schema import SchemaError

ID = models.ID

#: kinds whose allow-list is a pydantic model (:mod:`kimdesk.sync.protocol.models`);
#: the aggregates have their own (:mod:`kimdesk.sync.protocol.aggregates`)
MODELS: dict[str, type[models.Strict]] = {"reconstruction": models.Reconstruction}
KINDS = ("aggregates", *MODELS)

KIND_LABELS = {"aggregates": "Kennzahlen", "reconstruction": "Fallrekonstruktion"}


class PayloadRejected(ValueError):
    """An item that may not leave (or may not be stored); ``str()`` is a German sentence."""


def canonical_json(value: Any) -> bytes:
    """The one byte form used for hashing and size checks."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def validate_payload(kind: str, payload: Any) -> dict[str, Any]:
    """Check ``payload`` against the allow-list of ``kind``; return it or raise."""
    if kind == "aggregates":
        try:
            checked = aggregates.parse(payload).dump()
        except aggregates.AggregatesRejected as exc:
            raise PayloadRejected(str(exc)) from None
        return _size_checked(kind, checked)
    model = MODELS.get(kind)
    if model is None:
        raise PayloadRejected(f"Die Art „{str(kind)[:40]}“ darf nicht übertragen werden.")
    try:
        checked = models.check(model, payload)
        size = len(canonical_json(checked))
    except SchemaError as exc:
        raise PayloadRejected(f"{KIND_LABELS[kind]} abgelehnt: {exc}") from exc
    except (TypeError, ValueError) as exc:  # e.g. NaN or non-JSON values
        raise PayloadRejected(f"{KIND_LABELS[kind]} abgelehnt: kein gültiges JSON.") from exc
    if size > MAX_PAYLOAD_BYTES:
        raise PayloadRejected(f"{KIND_LABELS[kind]} abgelehnt: zu groß ({size} Bytes).")
    return checked


def _size_checked(kind: str, checked: dict[str, Any]) -> dict[str, Any]:
    size = len(canonical_json(checked))
    if size > MAX_PAYLOAD_BYTES:
        raise PayloadRejected(f"{KIND_LABELS[kind]} abgelehnt: zu groß ({size} Bytes).")
    return checked


def dedupe_key(kind: str, payload: dict[str, Any]) -> str:
    """What a newer item of the same device supersedes: the snapshot of one period."""
    if kind == "aggregates":
        return f"{kind}:{payload['period']}"
    if kind == "reconstruction":
        return f"reconstruction:{payload['id']}"
    return kind
