"""Which rows belong to a client, read from the schema itself, and erasing them without a
trace (Löschkonzept, Art. 17 DSGVO).

The list of tables is never written down: every table whose foreign key reaches ``clients``
through ``ON DELETE CASCADE`` links holds the client's rows, so a table added by a later
migration is found the day it exists. ``SET NULL`` links mean "this row outlives its
parent" (a gap report stays countable, another client's household keeps its member); such
rows are unlinked and their free text emptied. What no foreign key can express is declared
once in :data:`SPECIAL_TABLES`; :func:`unclassified_tables` lists any table that is neither
reached nor declared, and a test keeps that list empty.

Erasure leaves no plaintext behind: ``secure_delete`` overwrites freed cells and pages,
the name index (FTS5) is merged so its old segments go, and the WAL is checkpointed and
truncated (:func:`wipe_free_space`).
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from kimdesk.store import audit_chain

ROOT = "clients"

#: Tables that hold a client's data without a foreign key, and how they are found.
SPECIAL_TABLES = {
    "audit_log": "Verlauf: Einträge mit client_id (werden geschwärzt, Prüfwerte bleiben)",
    "drafts": "Entwürfe: Schlüssel …:client:ID und …:case:FALL",
    "client_search": "Namensindex: rowid = client id",
    "outbox": "Ausgang: Fallrekonstruktionen der Person (outbox_item_id)",
}
#: Tables that never hold a client's data.
NOT_CLIENT_DATA = {
    "alembic_version", "settings", "services", "sync_state", "sync_identity",
    "office_messages", "office_catalogues",
    "handover_keys",  # one-time keys of this store
    "handovers",  # package ids, counts and receipt codes; client ids, never names
}
#: Tables whose rows outlive the client through a SET NULL link, and the free text that is
#: emptied in them (a gap report stays countable by category, without its description).
UNLINKED_FREE_TEXT: dict[str, tuple[str, ...]] = {"gap_reports": ("description",)}


@dataclass(frozen=True)
class ForeignKey:
    table: str
    column: str
    parent: str
    parent_column: str
    on_delete: str


@dataclass
class ClientRows:
    """The rowids per table that belong to one client, and the special places."""

    client_id: int
    tables: dict[str, list[int]] = field(default_factory=dict)
    unlinked: dict[str, list[int]] = field(default_factory=dict)
    drafts: list[str] = field(default_factory=list)
    outbox: list[str] = field(default_factory=list)
    audit_entries: int = 0

    @property
    def row_count(self) -> int:
        return sum(len(v) for v in self.tables.values()) + len(self.drafts) + len(self.outbox)

    @property
    def table_count(self) -> int:
        return sum(1 for v in self.tables.values() if v) + bool(self.drafts) + bool(self.outbox)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(conn: Connection | Session) -> list[str]:
    """Every table of the schema; the shadow tables of a virtual (FTS5) table count as
    part of it."""
    rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")).all()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [name for name, _sql in rows
            if not any(name.startswith(v + "_") for v in virtual)]


def foreign_keys(conn: Connection | Session) -> list[ForeignKey]:
    out = []
    for table in table_names(conn):
        for row in conn.execute(text(f"PRAGMA foreign_key_list({_q(table)})")):
            out.append(ForeignKey(table, row[3], row[2], row[4] or "id", (row[6] or "").upper()))
    return out


def owned_tables(conn: Connection | Session) -> list[str]:
    """The tables that hold a client's rows (reached by CASCADE links), parents first."""
    fks = foreign_keys(conn)
    order, frontier = [ROOT], [ROOT]
    while frontier:
        nxt = []
        for fk in fks:
            if fk.parent in frontier and fk.on_delete == "CASCADE" and fk.table not in order:
                order.append(fk.table)
                nxt.append(fk.table)
        frontier = nxt
    return order


def unclassified_tables(conn: Connection | Session) -> list[str]:
    """Tables nobody has said anything about: neither reached from ``clients`` nor
    declared special or free of client data. Must stay empty."""
    known = set(owned_tables(conn)) | set(SPECIAL_TABLES) | NOT_CLIENT_DATA \
        | set(UNLINKED_FREE_TEXT)
    return [t for t in table_names(conn) if t not in known]


def _ids(conn: Session, sql: str, params: dict) -> list[int]:
    return [int(r[0]) for r in conn.execute(text(sql), params)]


def rows_of_client(s: Session, client_id: int) -> ClientRows:
    """Everything stored about one client, found through the schema's links."""
    fks = foreign_keys(s)
    owned = owned_tables(s)
    rows = ClientRows(client_id, {ROOT: _ids(s, f"SELECT rowid FROM {ROOT} WHERE id = :id",
                                             {"id": client_id})})
    changed = True
    while changed:  # until nothing new is reached (a table may be reached by two paths)
        changed = False
        for fk in fks:
            parent_rows = rows.tables.get(fk.parent)
            if not parent_rows:
                continue
            found = _rows_linked(s, fk, parent_rows)
            target = rows.tables if fk.on_delete == "CASCADE" and fk.table in owned \
                else rows.unlinked
            merged = sorted(set(target.get(fk.table, [])) | set(found))
            if merged != sorted(target.get(fk.table, [])):
                target[fk.table] = merged
                changed = True
    for table, ids in list(rows.unlinked.items()):  # owned elsewhere: not "unlinked"
        left = sorted(set(ids) - set(rows.tables.get(table, [])))
        if left:
            rows.unlinked[table] = left
        else:
            del rows.unlinked[table]
    case_ids = [str(i) for i in _key_values(s, "cases", "id", rows.tables.get("cases", []))]
    rows.drafts = [k for (k,) in s.execute(text("SELECT key FROM drafts"))
                   if _draft_belongs(k, str(client_id), case_ids)]
    recon_ids = rows.tables.get("reconstructions", [])
    rows.outbox = [str(v) for v in _key_values(s, "reconstructions", "outbox_item_id", recon_ids)
                   if v]
    if rows.outbox:
        queued = {str(r[0]) for r in s.execute(text(
            f"SELECT id FROM outbox WHERE id IN ({_params(rows.outbox)})"),
            _bind(rows.outbox))}
        rows.outbox = sorted(queued)
    ids = audit_chain.client_ids(s, client_id)
    rows.audit_entries = int(s.execute(text(
        f"SELECT count(*) FROM audit_log WHERE client_id IN ({_params(ids)}) "
        "AND redacted_by IS NULL"), _bind(ids)).scalar() or 0)
    return rows


def _draft_belongs(key: str, client_id: str, case_ids: list[str]) -> bool:
    """Draft keys name their form and owner: ``form:client:ID[:nocase]``, ``form:case:ID``."""
    parts = key.split(":")
    if len(parts) >= 3 and parts[1] == "client" and parts[2] == client_id:
        return True
    return len(parts) >= 3 and parts[1] == "case" and parts[2] in case_ids


def _params(values: list) -> str:
    return ", ".join(f":v{i}" for i in range(len(values)))


def _bind(values: list) -> dict:
    return {f"v{i}": v for i, v in enumerate(values)}


def _chunks(values: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _key_values(s: Session, table: str, column: str, rowids: list[int]) -> list:
    out: list = []
    for chunk in _chunks(rowids):
        out += [r[0] for r in s.execute(text(
            f"SELECT {_q(column)} FROM {_q(table)} WHERE rowid IN ({_params(chunk)})"),
            _bind(chunk))]
    return out


def _rows_linked(s: Session, fk: ForeignKey, parent_rowids: list[int]) -> list[int]:
    keys = [k for k in _key_values(s, fk.parent, fk.parent_column, parent_rowids)
            if k is not None]
    out: list[int] = []
    for chunk in _chunks(keys):
        out += _ids(s, f"SELECT rowid FROM {_q(fk.table)} WHERE {_q(fk.column)} IN "
                       f"({_params(chunk)})", _bind(chunk))
    return out


def table_rows(s: Session, table: str, rowids: list[int]) -> list[dict]:
    """Every column of the given rows, for the Art. 15 export."""
    out: list[dict] = []
    for chunk in _chunks(rowids):
        result = s.execute(text(f"SELECT * FROM {_q(table)} WHERE rowid IN "
                                f"({_params(chunk)}) ORDER BY rowid"), _bind(chunk))
        out += [dict(r._mapping) for r in result]
    return out


def special_rows(s: Session, table: str, key_column: str, keys: list[str]) -> list[dict]:
    """Rows of a table without a foreign key (drafts, outbox), by their keys."""
    if table not in SPECIAL_TABLES or not keys:
        return []
    result = s.execute(text(f"SELECT * FROM {_q(table)} WHERE {_q(key_column)} IN "
                            f"({_params(keys)}) ORDER BY rowid"), _bind(keys))
    return [dict(r._mapping) for r in result]


def audit_rows(s: Session, client_id: int) -> list[dict]:
    ids = audit_chain.client_ids(s, client_id)
    result = s.execute(text("SELECT id, at, actor, action, entity, entity_id, summary, reason "
                            f"FROM audit_log WHERE client_id IN ({_params(ids)}) ORDER BY id"),
                       _bind(ids))
    return [dict(r._mapping) for r in result]


def search_terms(s: Session, client_id: int) -> list[str]:
    row = s.execute(text("SELECT terms FROM client_search WHERE rowid = :id"),
                    {"id": client_id}).first()
    return str(row[0]).split() if row and row[0] else []


@dataclass(frozen=True)
class ErasureResult:
    rows: int
    tables: int
    redacted: int
    audit_entry_id: int


def erase_client(s: Session, client_id: int, reason: str, actor: str = "") -> ErasureResult:
    """Remove every row of the client in the caller's transaction; the Verlauf keeps one
    entry with the counts and redacts the client's own entries. Call
    :func:`wipe_free_space` after the commit."""
    rows = rows_of_client(s, client_id)
    owned = owned_tables(s)
    for table, ids in rows.unlinked.items():
        for column in UNLINKED_FREE_TEXT.get(table, ()):
            for chunk in _chunks(ids):
                s.execute(text(f"UPDATE {_q(table)} SET {_q(column)} = '' WHERE rowid IN "
                               f"({_params(chunk)})"), _bind(chunk))
    for table in reversed(owned):  # children first; SET NULL links are nulled by SQLite
        for chunk in _chunks(rows.tables.get(table, [])):
            s.execute(text(f"DELETE FROM {_q(table)} WHERE rowid IN ({_params(chunk)})"),
                      _bind(chunk))
    s.execute(text("DELETE FROM client_search WHERE rowid = :id"), {"id": client_id})
    if rows.drafts:
        s.execute(text(f"DELETE FROM drafts WHERE key IN ({_params(rows.drafts)})"),
                  _bind(rows.drafts))
    if rows.outbox:
        s.execute(text(f"DELETE FROM outbox WHERE id IN ({_params(rows.outbox)})"),
                  _bind(rows.outbox))
    summary = audit_chain.erasure_summary(rows.row_count, rows.table_count,
                                          rows.audit_entries, reason)
    entry = audit_chain.append(s, audit_chain.ERASED, "client", None, None, summary, actor)
    redacted = audit_chain.redact_client(s, client_id, entry.id)
    assert redacted == rows.audit_entries
    return ErasureResult(rows.row_count, rows.table_count, redacted, entry.id)


def merge_name_index(s: Session) -> None:
    """Rewrite the FTS5 index in one segment: deleted names leave its old segments."""
    s.execute(text("INSERT INTO client_search(client_search) VALUES ('optimize')"))


def wipe_free_space(engine: Engine, attempts: int = 100) -> bool:
    """Checkpoint the WAL into the database and truncate it, so no old page version of an
    erased row stays in the WAL file. False if readers kept it busy (it is retried at the
    next erasure and at every close)."""
    try:
        for _ in range(attempts):
            with engine.connect() as conn:
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            if busy is not None and not busy[0]:
                return True
            time.sleep(0.05)
        return False
    finally:
        # Pooled connections that read the name index before it was merged may keep its
        # old structure cached and then report (or hit) "fts5: corruption found": they are
        # replaced by fresh ones (connections in use finish their work first).
        engine.dispose()
