"""Applying what the office published: checked against the protocol, then handed to the
case file's publication service, in one transaction with the new cursor."""

import logging
from typing import Any

from kimdesk.casework.office_publications import OfficePublications, Publication
from kimdesk.store.case_store import CaseStore
from kimdesk.sync.protocol.publications import validate_publication
from kimdesk.sync.protocol.schema import SchemaError

log = logging.getLogger("kimdesk.sync")


def apply_changes(store: CaseStore, changes: list[dict[str, Any]], cursor: int,
                  done: bool) -> int:
    """Apply one pull answer and advance the cursor atomically; returns how many applied."""
    valid: list[Publication] = []
    for change in changes:
        try:
            body = validate_publication(str(change.get("kind", "")), str(change.get("uid", "")),
                                        change.get("body"))
        except SchemaError as exc:
            log.warning("skipped an invalid publication: %s", exc.path)
            continue
        valid.append((change["kind"], change["uid"], body))
    return OfficePublications(store).apply(valid, cursor, done)
