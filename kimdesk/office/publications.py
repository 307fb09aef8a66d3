"""Reference data the office publishes for the laptops, and the changes feed."""

from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from kimdesk.office.models import Publication, utcnow
from kimdesk.sync.protocol import MAX_CHANGES_PER_PULL
from kimdesk.sync.protocol.publications import validate_publication


def _uid(kind: str, entry: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if kind == "service":
        return str(entry.get("id", "")), entry
    if kind == "catalogue":
        return str(entry.get("name", "")), entry
    body = {k: v for k, v in entry.items() if k != "uid"}
    return str(entry.get("uid", "")), body


def publish(engine: Engine, kind: str, entries: list[dict[str, Any]]) -> int:
    """Validate and publish entries; a re-published uid moves to the end of the feed."""
    checked = []
    for entry in entries:
        uid, body = _uid(kind, entry)
        checked.append((uid, validate_publication(kind, uid, body)))
    with Session(engine) as s, s.begin():
        for uid, body in checked:
            s.execute(delete(Publication).where(Publication.kind == kind,
                                                Publication.uid == uid))
            s.flush()
            s.add(Publication(kind=kind, uid=uid, body=body, published_at=utcnow()))
    return len(checked)


def changes_since(engine: Engine, since: int, limit: int = MAX_CHANGES_PER_PULL
                  ) -> dict[str, Any]:
    with Session(engine) as s:
        rows = list(s.scalars(select(Publication).where(Publication.seq > since)
                              .order_by(Publication.seq).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].seq if rows else since
    return {"cursor": cursor, "more": more,
            "changes": [{"seq": r.seq, "kind": r.kind, "uid": r.uid, "body": r.body}
                        for r in rows]}
