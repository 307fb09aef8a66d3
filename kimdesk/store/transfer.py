"""A client's rows out of one store and into another (handover, issue 12 point 6): all of
the SQL of a handover lives here.

Which rows belong to a client is :mod:`kimdesk.store.erasure`'s rule (the schema's
``CASCADE`` links), so a table added by a later migration travels the day it exists. Ids
are the receiving store's own: every row gets a new id there, and every foreign key is
rewritten through the map of its parent table. A link to something the package does not
carry (the sender's service directory, another client) becomes empty — those links are all
``SET NULL`` links, i.e. optional by design.

Values travel as SQLite holds them (text for dates and JSON, integers for booleans), bytes
as base64, so nothing is re-interpreted on the way.
"""

import base64
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from kimdesk.store import audit_chain, erasure, outbox
from kimdesk.store.models import AuditEntry

BYTES = "$bytes"


def _to_json(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {BYTES: base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {BYTES}:
        return base64.b64decode(value[BYTES])
    return value


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def collect(s: Session, client_id: int) -> dict[str, Any]:
    """Everything the package carries about one client: the rows of every owned table,
    the drafts and the Verlauf entries (of files merged into the client too)."""
    rows = erasure.rows_of_client(s, client_id)
    tables = {t: [{k: _to_json(v) for k, v in r.items()}
                  for r in erasure.table_rows(s, t, ids)]
              for t, ids in rows.tables.items() if ids}
    pending = set()
    for r in tables.get("reconstructions", []):
        item = r.get("outbox_item_id")
        if item and item in rows.outbox and outbox.is_pending(s, item):
            pending.add(item)
    drafts = erasure.special_rows(s, "drafts", "key", rows.drafts)
    return {"client_id": client_id, "tables": tables,
            "drafts": [{k: _to_json(v) for k, v in d.items()} for d in drafts],
            "unsent_outbox_items": sorted(pending),
            "merged_ids": audit_chain.client_ids(s, client_id),
            "audit": [{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                       for k, v in a.items()} for a in erasure.audit_rows(s, client_id)]}


def client_uid(bundle: dict[str, Any]) -> str:
    rows = bundle["tables"].get(erasure.ROOT) or [{}]
    return str(rows[0].get("uid") or "")


def has_client_uid(s: Session, uid: str) -> bool:
    return s.execute(text("SELECT 1 FROM clients WHERE uid = :uid"), {"uid": uid}).first() \
        is not None


def _insert_order(s: Session, tables: list[str]) -> list[str]:
    """Parents before children among ``tables`` (a table may be reached by two paths)."""
    fks = [fk for fk in erasure.foreign_keys(s) if fk.table in tables and fk.parent in tables
           and fk.parent != fk.table]
    order: list[str] = []
    todo = list(tables)
    while todo:
        ready = [t for t in todo if all(fk.parent in order for fk in fks if fk.table == t)]
        if not ready:
            raise ValueError(f"Zyklische Verweise zwischen {todo}")
        order += ready
        todo = [t for t in todo if t not in ready]
    return order


def _columns(s: Session, table: str) -> tuple[set[str], str | None]:
    """The table's columns here, and its integer primary key if the store assigns it."""
    info = s.execute(text(f"PRAGMA table_info({_q(table)})")).all()
    pks = [r for r in info if r[5]]
    own_id = pks[0][1] if len(pks) == 1 and str(pks[0][2]).upper() == "INTEGER" else None
    return {r[1] for r in info}, own_id


@dataclass
class Inserted:
    """What one client became in the receiving store."""

    client_id: int
    ids: dict[str, dict[int, int]] = field(default_factory=dict)
    rows: int = 0


def insert(s: Session, bundle: dict[str, Any]) -> Inserted:
    """Insert one client's rows with new ids, in the caller's transaction. Reconstructions
    that were queued but never sent from the other store become "reviewed" again here (the
    queued copy stays in the sender's outbox and goes with its erasure)."""
    tables = [t for t in bundle["tables"] if bundle["tables"][t]]
    if erasure.ROOT not in tables:
        raise ValueError("Das Paket enthält keine Person.")
    fks = erasure.foreign_keys(s)
    unsent = set(bundle.get("unsent_outbox_items", []))
    result = Inserted(0)
    for table in _insert_order(s, tables):
        columns, own_id = _columns(s, table)
        links = [fk for fk in fks if fk.table == table]
        mapping = result.ids.setdefault(table, {})
        for row in bundle["tables"][table]:
            values = {k: _from_json(v) for k, v in row.items() if k in columns}
            old_id = values.pop(own_id, None) if own_id else None
            for fk in links:
                old = values.get(fk.column)
                if old is None:
                    continue
                new = result.ids.get(fk.parent, {}).get(int(old)) \
                    if fk.parent_column == "id" else None
                if new is None and fk.on_delete != "SET NULL":
                    raise ValueError(f"{table}.{fk.column} verweist auf einen Eintrag, den "
                                     "das Paket nicht enthält.")
                values[fk.column] = new
            if table == "reconstructions" and values.get("outbox_item_id") in unsent:
                values.update(state="reviewed", outbox_item_id="", queued_at=None)
            if table == "reconstruction_reviews" and values.get("outbox_item_id") in unsent:
                values["outbox_item_id"] = ""
            names = list(values)
            cursor = s.execute(text(
                f"INSERT INTO {_q(table)} ({', '.join(_q(n) for n in names)}) VALUES "
                f"({', '.join(':p' + str(i) for i in range(len(names)))})"),
                {f"p{i}": values[n] for i, n in enumerate(names)})
            if own_id and old_id is not None:
                mapping[int(old_id)] = int(cursor.lastrowid)  # type: ignore[attr-defined]
            result.rows += 1
    result.client_id = next(iter(result.ids[erasure.ROOT].values()))
    _relink_reminders(s, bundle, result)
    for draft in bundle.get("drafts", []):
        key = _draft_key(str(draft["key"]), result)
        if key is not None:
            s.execute(text("INSERT OR REPLACE INTO drafts (key, payload, updated_at) "
                           "VALUES (:key, :payload, :at)"),
                      {"key": key, "payload": draft["payload"], "at": draft["updated_at"]})
            result.rows += 1
    return result


#: a Wiedervorlage names the entry it was made from by kind and id (no foreign key)
REMINDER_SOURCE_TABLES = {"step": "plan_steps", "follow_up": "referrals",
                          "appointment": "appointments"}


def _relink_reminders(s: Session, bundle: dict[str, Any], inserted: Inserted) -> None:
    for row in bundle["tables"].get("reminders", []):
        table = REMINDER_SOURCE_TABLES.get(str(row.get("source_kind") or ""))
        if table is None or row.get("source_id") is None:
            continue
        new = inserted.ids.get(table, {}).get(int(row["source_id"]))
        s.execute(text("UPDATE reminders SET source_id = :new WHERE id = :id"),
                  {"new": new, "id": inserted.ids["reminders"][int(row["id"])]})


def _draft_key(key: str, inserted: Inserted) -> str | None:
    """``form:client:ID[:…]`` and ``form:case:ID`` with the new ids."""
    parts = key.split(":")
    table = {"client": "clients", "case": "cases"}.get(parts[1]) if len(parts) >= 3 else None
    if table is None or not parts[2].isdigit():
        return None
    new = inserted.ids.get(table, {}).get(int(parts[2]))
    return None if new is None else ":".join([parts[0], parts[1], str(new), *parts[3:]])


#: the Verlauf's entity names and the tables their ids point into
ENTITY_TABLES = {"client": "clients", "case": "cases", "contact": "contacts",
                 "consent": "consents", "household_member": "household_members",
                 "assessment": "assessments", "goal": "goals", "step": "plan_steps",
                 "plan_step": "plan_steps", "referral": "referrals",
                 "reminder": "reminders", "appointment": "appointments",
                 "attachment": "attachments", "reconstruction": "reconstructions",
                 "printed_document": "printed_documents", "document": "printed_documents"}


def rechain(s: Session, bundle: dict[str, Any], inserted: Inserted, note: str) -> int:
    """The sender's Verlauf entries of this client appended to this store's hash chain, at
    their original time, with ``note`` (where they came from) and the sender's entry
    number in ``reason``. A "merged" entry's summary (an id of the other store) is kept
    as text that no lookup follows."""
    count = 0
    for entry in bundle.get("audit", []):
        table = ENTITY_TABLES.get(str(entry.get("entity") or ""))
        old = entry.get("entity_id")
        entity_id = inserted.ids.get(table, {}).get(int(old)) if table and old is not None \
            else None
        summary = str(entry.get("summary") or "")
        if entry.get("action") == "merged" and summary.isdigit():
            summary = f"Nr. {summary} (abgebender Datenbestand)"
        reason = " ".join(p for p in (str(entry.get("reason") or ""),
                                      f"[{note}, dort Eintrag {entry['id']}]") if p)
        audit_chain.append(s, str(entry["action"]), str(entry["entity"]), entity_id,
                           inserted.client_id, summary, str(entry.get("actor") or ""),
                           reason, at=_when(entry.get("at")))
        count += 1
    return count


def _when(value: Any):
    from datetime import datetime

    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def audit_after(s: Session, client_ids: list[int], seq: int) -> int:
    """How many Verlauf entries of these clients were written after entry ``seq``."""
    ids = [i for cid in client_ids for i in audit_chain.client_ids(s, cid)]
    if not ids:
        return 0
    return int(s.query(AuditEntry).filter(AuditEntry.id > seq,
                                          AuditEntry.client_id.in_(ids)).count())
