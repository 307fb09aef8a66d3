"""Reading and creating the single-row sync tables."""

from sqlalchemy.orm import Session

from kimdesk.store.models.sync import SyncIdentity, SyncState


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
