"""The single-row sync tables (state, device identity) and what the office published back.

The sync package reads and sets these through the functions here, inside its sessions;
it never builds a query itself.
"""

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kimdesk.store.models.base import utcnow
from kimdesk.store.models.sync import OfficeCatalogue, OfficeMessage, SyncIdentity, SyncState


def sync_state(session: Session) -> SyncState:
    """The persisted sync state (created on first use)."""
    row = session.get(SyncState, 1)
    if row is None:
        row = SyncState(id=1, stage="idle", run_id="", pull_cursor=0, failures=0,
                        last_error="", last_error_kind="", aggregates_fingerprint="")
        session.add(row)
        session.flush()
    return row


def identity(session: Session) -> SyncIdentity | None:
    return session.get(SyncIdentity, 1)


def replace_identity(session: Session, device_id: str, device_name: str, office_url: str,
                     private_key: bytes, public_key: bytes) -> SyncIdentity:
    """Store this device's (new) identity; the old one, if any, is deleted first."""
    old = identity(session)
    if old is not None:
        session.delete(old)
        session.flush()
    row = SyncIdentity(id=1, device_id=device_id, device_name=device_name,
                       office_url=office_url, private_key=private_key, public_key=public_key,
                       enrolled_at=utcnow(), revoked_at=None)
    session.add(row)
    return row


def put_message(session: Session, uid: str, title: str, body: str,
                published_at: datetime | None, kind: str = "feedback") -> None:
    """Insert or update a message the office published."""
    row = session.query(OfficeMessage).filter_by(uid=uid).one_or_none()
    if row is None:
        row = OfficeMessage(uid=uid, kind=kind)
        session.add(row)
    elif (row.title, row.body) != (title, body):
        row.read_at = None  # a corrected decision is new again on Heute
    row.title, row.body, row.published_at = title, body, published_at


def put_catalogue(session: Session, name: str, version: str, entries: Any) -> None:
    """Keep the newest version of a catalogue the office published."""
    session.merge(OfficeCatalogue(name=name, version=version, body=entries))


def advance_pull_cursor(session: Session, cursor: int, done: bool) -> None:
    """Move the pull cursor forward (never back); ``done`` ends the round's pull stage."""
    state = sync_state(session)
    state.pull_cursor = max(state.pull_cursor, cursor)
    if done:
        state.stage = "done"
