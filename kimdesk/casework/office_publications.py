"""What the office published back, applied to the case file in one transaction.

Service directory entries, steering-group feedback and catalogues land together with the
new pull cursor, or nothing does and the same answer is fetched again. The sync package
checks each publication against the protocol first; here they become rows.
"""

from datetime import datetime
from typing import Any

from kimdesk.casework.directory import load_entries_into
from kimdesk.store import sync_rows
from kimdesk.store.case_store import CaseStore

#: (kind, uid, body) of one checked publication.
Publication = tuple[str, str, dict[str, Any]]


def _published_at(body: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(body.get("published_at", "")).replace(tzinfo=None)
    except (TypeError, ValueError):
        return None


class OfficePublications:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def apply(self, publications: list[Publication], cursor: int, done: bool) -> int:
        """Apply checked publications and advance the pull cursor; returns how many."""
        with self.store.session() as s, s.begin():
            services = [body for kind, _, body in publications if kind == "service"]
            if services:
                load_entries_into(s, services, source="office")
            for kind, uid, body in publications:
                if kind == "feedback":
                    sync_rows.put_message(s, uid, body["title"], body["body"],
                                          _published_at(body))
                elif kind == "catalogue":
                    sync_rows.put_catalogue(s, body["name"], body["version"], body["entries"])
            sync_rows.advance_pull_cursor(s, cursor, done)
        return len(publications)
