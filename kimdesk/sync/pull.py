"""Applying what the office published, in one transaction with the new cursor.

Service directory entries go through :meth:`DirectoryService.load_entries`; to make that
join our transaction, it is handed a store stand-in whose sessions run as savepoints on the
one open connection. Either everything of one answer lands together with the cursor, or
nothing does and the same answer is fetched again.
"""

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from kimdesk.casework.directory import DirectoryService
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models.sync import OfficeCatalogue, OfficeMessage
from kimdesk.sync.protocol.publications import validate_publication
from kimdesk.sync.protocol.schema import SchemaError
from kimdesk.sync.state import sync_state

log = logging.getLogger("kimdesk.sync")


class _JoinedStore:
    """Looks like a CaseStore to services; its sessions join an open transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def session(self) -> Session:
        return Session(bind=self._conn, join_transaction_mode="create_savepoint",
                       expire_on_commit=False)


def _published_at(body: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(body.get("published_at", "")).replace(tzinfo=None)
    except (TypeError, ValueError):
        return None


def apply_changes(store: CaseStore, changes: list[dict[str, Any]], cursor: int,
                  done: bool) -> int:
    """Apply one pull answer and advance the cursor atomically; returns how many applied."""
    valid: list[tuple[str, str, dict[str, Any]]] = []
    for change in changes:
        try:
            body = validate_publication(change.get("kind"), change.get("uid"), change.get("body"))
        except SchemaError as exc:
            log.warning("skipped an invalid publication: %s", exc.path)
            continue
        valid.append((change["kind"], change["uid"], body))
    with store.engine.connect() as conn, conn.begin():
        joined = _JoinedStore(conn)
        services = [body for kind, _, body in valid if kind == "service"]
        if services:
            DirectoryService(joined).load_entries(services, source="office")  # type: ignore[arg-type]
        with joined.session() as s:
            for kind, uid, body in valid:
                if kind == "feedback":
                    row = s.query(OfficeMessage).filter_by(uid=uid).one_or_none()
                    if row is None:
                        row = OfficeMessage(uid=uid, kind="feedback")
                        s.add(row)
                    row.title, row.body = body["title"], body["body"]
                    row.published_at = _published_at(body)
                elif kind == "catalogue":
                    s.merge(OfficeCatalogue(name=body["name"], version=body["version"],
                                            body=body["entries"]))
            state = sync_state(s)
            state.pull_cursor = max(state.pull_cursor, cursor)
            if done:
                state.stage = "done"
            s.commit()
    return len(valid)
