"""What the office publishes back to the laptops, and its allow-list.

A change is ``{"seq": int, "kind": "service"|"catalogue"|"feedback", "uid": str,
"body": {...}}``; ``seq`` grows with every publication, so a device asks for what is newer
than the last ``seq`` it applied.
"""

from typing import Any

from kimdesk.sync.protocol.payloads import ID
from kimdesk.sync.protocol.schema import Int, List, Map, Node, Obj, SchemaError, Str

SERVICE = Obj(
    required={"id": Str(max_len=80, min_len=1, pattern=ID), "name": Str(max_len=200, min_len=1),
              "type": Str(max_len=40, min_len=1, pattern=ID)},
    optional={"municipality": Str(max_len=80), "life_areas": List(Str(max_len=40), 30),
              "languages": List(Str(max_len=10), 40),
              "contact": Obj(required={}, optional={"phone": Str(max_len=60),
                                                    "email": Str(max_len=200),
                                                    "address": Str(max_len=500)})})

CATALOGUE = Obj(required={"name": Str(max_len=80, min_len=1, pattern=ID),
                          "version": Str(max_len=40),
                          "entries": List(Map(Str(max_len=40, min_len=1, pattern=ID),
                                              Str(max_len=500), max_items=20),
                                          max_items=5_000)})

FEEDBACK = Obj(required={"title": Str(max_len=200, min_len=1), "body": Str(max_len=20_000)},
               optional={"published_at": Str(max_len=40), "decision_no": Int(maximum=10**6)})

PUBLICATION_SCHEMAS: dict[str, Node] = {
    "service": SERVICE, "catalogue": CATALOGUE, "feedback": FEEDBACK,
}
PUBLICATION_KINDS = tuple(PUBLICATION_SCHEMAS)


def validate_publication(kind: str, uid: str, body: Any) -> dict[str, Any]:
    """Raise :class:`SchemaError` unless ``body`` fits the allow-list of ``kind``."""
    schema = PUBLICATION_SCHEMAS.get(kind)
    if schema is None:
        raise SchemaError("kind", f"„{str(kind)[:40]}“ ist keine bekannte Veröffentlichung.")
    Str(max_len=80, min_len=1, pattern=ID).check(uid, "uid")
    checked = schema.check(body, "body")
    if kind == "service" and checked["id"] != uid:
        raise SchemaError("body.id", "muss der uid entsprechen.")
    return checked
