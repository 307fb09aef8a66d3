"""The FTS5 name index (``client_search``): all of its SQL lives here.

Rows hold pre-computed terms (folded names and phonetic keys, see
``kimdesk.casework.name_keys``); rowid is the client id. The table is inside the
encrypted file like everything else.
"""

from collections.abc import Iterable

from sqlalchemy import ColumnElement, column, select, table, text
from sqlalchemy.orm import Session

_fts = table("client_search", column("rowid"))


def replace_terms(session: Session, client_id: int, terms: str) -> None:
    delete_terms(session, client_id)
    session.execute(text("INSERT INTO client_search(rowid, terms) VALUES (:id, :terms)"),
                    {"id": client_id, "terms": terms})


def delete_terms(session: Session, client_id: int) -> None:
    session.execute(text("DELETE FROM client_search WHERE rowid = :id"), {"id": client_id})


def insert_many(session: Session, rows: Iterable[tuple[int, str]]) -> None:
    session.execute(text("INSERT INTO client_search(rowid, terms) VALUES (:id, :terms)"),
                    [{"id": cid, "terms": terms} for cid, terms in rows])


def matching_ids(expression: str) -> ColumnElement[bool]:
    """A subquery of client ids matching an FTS5 expression — evaluated in SQLite, so no
    long Python id lists travel through the SQL compiler on every keystroke."""
    return (select(_fts.c.rowid).where(text("client_search MATCH :fts_query"))
            .params(fts_query=expression).scalar_subquery())
