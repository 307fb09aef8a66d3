"""What the office publishes back to the laptops, and its allow-list.

A change is ``{"seq": int, "kind": "service"|"catalogue"|"feedback", "uid": str,
"body": {...}}``; ``seq`` grows with every publication, so a device asks for what is newer
than the last ``seq`` it applied.
"""

import re
from typing import Any

from kimdesk.sync.protocol import models
from kimdesk.sync.protocol.schema import SchemaError

PUBLICATION_MODELS: dict[str, type[models.Strict]] = {
    "service": models.Service, "catalogue": models.Catalogue, "feedback": models.Feedback,
}
PUBLICATION_KINDS = tuple(PUBLICATION_MODELS)


def validate_publication(kind: str, uid: str, body: Any) -> dict[str, Any]:
    """Raise :class:`SchemaError` unless ``body`` fits the allow-list of ``kind``."""
    model = PUBLICATION_MODELS.get(kind)
    if model is None:
        raise SchemaError("kind", f"„{str(kind)[:40]}“ ist keine bekannte Veröffentlichung.")
    if not isinstance(uid, str) or not re.fullmatch(models.ID_PATTERN, uid):
        raise SchemaError("uid", "hat nicht das erlaubte Format.")
    checked = models.check(model, body, "body")
    if kind == "service" and checked["id"] != uid:
        raise SchemaError("body.id", "muss der uid entsprechen.")
    return checked
