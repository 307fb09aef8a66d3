"""The client search and client list in plain SQL — the one copy the desk's list, the
duplicate check and ``kimdesk find`` share.

It reads through the store's plain snapshots (:meth:`CaseStore.read`) and imports neither
SQLAlchemy nor the store models: a command-line search then starts in a fraction of the
time the ORM takes to load. Every value is bound as a parameter, never written into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kimdesk import catalogues
from kimdesk.casework.name_keys import match_expression, similarity
from kimdesk.core.dates import PartialDate
from kimdesk.core.errors import DomainError
from kimdesk.store.search_index import matching_ids_sql

if TYPE_CHECKING:
    from kimdesk.store.case_store import CaseStore
    from kimdesk.store.reader import Reader

#: one row per client for lists, with the number of open cases, in one query
_SUMMARY = (
    "SELECT c.id, c.family_name, c.given_names, c.birth_date, c.municipality_id, "
    "(SELECT count(o.id) FROM cases o WHERE o.client_id = c.id AND o.closed_on IS NULL) "
    "FROM clients c")
_BY_NAME = " ORDER BY c.family_name, c.given_names"


@dataclass(frozen=True)
class ClientSummary:
    """One row of a client list: what a search result needs, nothing more."""

    id: int
    family_name: str
    given_names: str
    birth_date: str | None
    municipality_id: str
    open_cases: int = 0

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_names}" if self.given_names else self.family_name

    @property
    def birth_date_german(self) -> str:
        pd = PartialDate.from_iso(self.birth_date)
        return pd.german() if pd else ""


class _Where:
    """Conditions joined by AND, with their bound parameters."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: dict[str, Any] = {}

    def add(self, clause: str, **params: Any) -> None:
        self.clauses.append(clause)
        self.params.update(params)

    def extended(self, clause: str, **params: Any) -> _Where:
        out = _Where()
        out.clauses, out.params = [*self.clauses, clause], {**self.params, **params}
        return out

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""


def find(store: CaseStore, query: str = "", *, case_type: str = "", phase: str = "",
         municipality_id: str = "", status: str = "all", limit: int = 200
         ) -> list[ClientSummary]:
    """The client list: name/birth-date/municipality search combined with filters.

    ``status`` is "all", "open" (has an open case) or "closed" (has cases, none open).
    Without a query the rows come sorted by name; with one, best matches first.
    """
    query = query.strip()
    where = _Where()
    expr = None
    if query:
        birth = _birth_query(query)
        place = None if birth else _municipality_query(store, query)
        if birth:
            where.add("c.birth_date LIKE :birth", birth=f"{birth}%")
        elif place:
            where.add("c.municipality_id = :place", place=place)
        elif len(query) == 1:  # one letter: family names by initial (FTS is too broad)
            initial = query.lower()
            initial = "\\" + initial if initial in "%_\\" else initial  # literal, no wildcard
            where.add("lower(c.family_name) LIKE :initial ESCAPE '\\'", initial=f"{initial}%")
        else:
            expr = match_expression(query)
            if expr is None:
                return []
    if municipality_id:
        where.add("c.municipality_id = :municipality_id", municipality_id=municipality_id)
    on_cases = []
    if case_type:
        on_cases.append("k.case_type = :case_type")
        where.params["case_type"] = case_type
    if phase:
        on_cases.append("k.phase = :phase")
        where.params["phase"] = phase
    if status == "open":
        on_cases.append("k.closed_on IS NULL")
    if on_cases:
        where.add("EXISTS (SELECT k.id FROM cases k WHERE k.client_id = c.id AND "
                  + " AND ".join(on_cases) + ")")
    if status == "closed":
        where.add("EXISTS (SELECT k.id FROM cases k WHERE k.client_id = c.id)")
        where.add("NOT EXISTS (SELECT k.id FROM cases k WHERE k.client_id = c.id "
                  "AND k.closed_on IS NULL)")
    if expr is not None:
        return _ranked(store, where, query, expr, limit)
    with store.read() as db:
        return _summaries(db, _SUMMARY + where.sql() + _BY_NAME + " LIMIT :limit",
                          {**where.params, "limit": limit})


def _ranked(store: CaseStore, where: _Where, query: str, expr: str, limit: int
            ) -> list[ClientSummary]:
    """Spelling matches first, then sound-alikes; similarity decides within each.

    While a short word is still being typed ("mo") the spelling matches alone can fill
    the list; they then come alphabetically, and the costly sound-alike ranking is
    skipped — it is what keeps a keystroke fast with 10,000 clients.
    """
    strong_expr = match_expression(query, phonetic=False)
    with store.read() as db:
        strong: list[ClientSummary] = []
        if strong_expr:
            spelled = where.extended(f"c.id IN ({matching_ids_sql('strong')})",
                                     strong=strong_expr)
            strong = _summaries(db, _SUMMARY + spelled.sql() + _BY_NAME + " LIMIT :limit",
                                {**spelled.params, "limit": limit})
        if len(strong) >= limit:
            return strong
        sounds = where.extended(f"c.id IN ({matching_ids_sql('fts')})", fts=expr)
        if strong:
            seen = {f"seen{i}": r.id for i, r in enumerate(strong)}
            sounds = sounds.extended(
                "c.id NOT IN (" + ", ".join(f":{name}" for name in seen) + ")", **seen)
        weak = _summaries(db, _SUMMARY + sounds.sql() + " LIMIT :limit",
                          {**sounds.params, "limit": 2 * (limit - len(strong))})

    def score(r: ClientSummary) -> float:
        return -similarity(query, f"{r.given_names} {r.family_name}")

    return (sorted(strong, key=score) + sorted(weak, key=score))[:limit]


def all_clients(store: CaseStore, limit: int | None = None, offset: int = 0
                ) -> list[ClientSummary]:
    """Every client by name; a page of them with ``limit``/``offset``."""
    sql, params = _SUMMARY + _BY_NAME, {}
    if limit is not None:
        sql, params = sql + " LIMIT :limit OFFSET :offset", {"limit": limit, "offset": offset}
    with store.read() as db:
        return _summaries(db, sql, params)


def count(store: CaseStore) -> int:
    with store.read() as db:
        return int(db.one("SELECT count(id) FROM clients") or 0)


def _summaries(db: Reader, sql: str, params: dict[str, Any]) -> list[ClientSummary]:
    return [ClientSummary(row[0], row[1], row[2], row[3], row[4], open_cases=row[5])
            for row in db.rows(sql, params)]


def _birth_query(query: str) -> str | None:
    """'12.03.1985', '1985' or '03.1985' as an ISO prefix for birth-date search."""
    if not query or not query[0].isdigit():
        return None
    try:
        pd = PartialDate.parse(query)
    except DomainError:
        return None
    return pd.iso() if pd else None


def _municipality_query(store: CaseStore, query: str) -> str | None:
    """The id of the district's municipality the query names in full ("Goch"), else None."""
    try:
        found = catalogues.district(store.district_id).find_municipality_by_name(query)
    except ValueError:
        return None
    return found.id if found else None
