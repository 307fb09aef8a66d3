"""The FTS5 name index (``client_search``): all of its SQL lives here.

Rows hold pre-computed terms (folded names and phonetic keys, see
``kimdesk.casework.name_keys``); rowid is the client id. The table is inside the
encrypted file like everything else.

The search reads through plain DB-API snapshots (:func:`matching_ids_sql`), so importing
this module loads no SQLAlchemy; only the writes, which run in the engine's sessions, do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_INSERT = "INSERT INTO client_search(rowid, terms) VALUES (:id, :terms)"


def matching_ids_sql(param: str) -> str:
    """A subquery of client ids matching the FTS5 expression bound as ``:param`` —
    evaluated in SQLite, so no long Python id lists are built on every keystroke."""
    if not param.isidentifier():
        raise ValueError(f"not a parameter name: {param!r}")
    return f"SELECT rowid FROM client_search WHERE client_search MATCH :{param}"


def replace_terms(session: Session, client_id: int, terms: str) -> None:
    from sqlalchemy import text

    delete_terms(session, client_id)
    session.execute(text(_INSERT), {"id": client_id, "terms": terms})


def delete_terms(session: Session, client_id: int) -> None:
    from sqlalchemy import text

    session.execute(text("DELETE FROM client_search WHERE rowid = :id"), {"id": client_id})


def insert_many(session: Session, rows: Iterable[tuple[int, str]]) -> None:
    from sqlalchemy import text

    session.execute(text(_INSERT), [{"id": cid, "terms": terms} for cid, terms in rows])
