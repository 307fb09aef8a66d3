"""The Verlauf as a hash chain: each entry carries the hash of its canonical fields and a
link hash over the previous link, so an edited, deleted, reordered or inserted entry breaks
the chain at that point.

Anyone who holds the data key could rewrite the whole chain from the first changed entry
on; that is why the head (last id and link hash) is signed with the device key and sent
with every sync — the office keeps the heads it has seen (``kimdesk.office.audit_heads``)
and notices a log that became shorter or different.

When a client is erased, that client's entries are *redacted*: their fields are emptied,
their content hash stays, so the chain still verifies; each redacted entry names the erasure
entry that redacted it, and that entry records how many it redacted — a redaction that no
erasure accounts for is itself a broken link.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, func, insert, select, update
from sqlalchemy.orm import Session

from kimdesk.store.models import AuditEntry, Setting
from kimdesk.store.models.base import utcnow

FORMAT = "kimdesk.audit/1"
GENESIS = "0" * 64
#: the setting that remembers the head, so a log cut off at the end is noticed locally
HEAD_SETTING = "audit_head"
_PENDING = "kimdesk_audit_head_pending"
REDACTED = "redacted"
#: the action of the entry that records an erasure (its summary holds the counts)
ERASED = "erased"


def canonical(entry_id: int, at: datetime, actor: str, action: str, entity: str,
              entity_id: int | None, client_id: int | None, summary: str,
              reason: str = "") -> bytes:
    """The bytes an entry's content hash is taken over: every field, in a fixed order."""
    return json.dumps([FORMAT, entry_id, at.isoformat(timespec="microseconds"), actor or "",
                       action, entity, entity_id, client_id, summary or "", reason or ""],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_digest(entry_id: int, at: datetime, actor: str, action: str, entity: str,
                   entity_id: int | None, client_id: int | None, summary: str,
                   reason: str = "") -> str:
    return hashlib.sha256(canonical(entry_id, at, actor, action, entity, entity_id,
                                    client_id, summary, reason)).hexdigest()


def content_hash_of(entry: AuditEntry) -> str:
    return content_digest(entry.id, entry.at, entry.actor, entry.action, entry.entity,
                          entry.entity_id, entry.client_id, entry.summary, entry.reason)


def link(previous: str, content_hash: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(content_hash)).hexdigest()


def tail(session: Session) -> tuple[int, str]:
    """The last entry's id and link hash (0 and the genesis hash for an empty log)."""
    row = session.execute(select(AuditEntry.id, AuditEntry.chain_hash)
                          .order_by(AuditEntry.id.desc()).limit(1)).first()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def append(session: Session, action: str, entity: str, entity_id: int | None,
           client_id: int | None, summary: str = "", actor: str = "",
           reason: str = "", at: datetime | None = None) -> AuditEntry:
    """Add an entry at the end of the chain, in the caller's transaction. ``at``: the
    original time of an entry taken over from another store (handover); else now.

    The previous link is read in the same transaction; SQLite lets only one writer commit
    on a snapshot, so two writers can never both extend the same link.
    """
    last_id, last_link = tail(session)
    entry = AuditEntry(id=last_id + 1, at=at or utcnow(), actor=actor or "", action=action,
                       entity=entity, entity_id=entity_id, client_id=client_id,
                       summary=summary or "", reason=reason or "")
    entry.content_hash = content_hash_of(entry)
    entry.chain_hash = link(last_link, entry.content_hash)
    session.add(entry)
    session.flush()  # the next append (same transaction) reads this one as the tail
    session.info[_PENDING] = True
    return entry


def append_many(session: Session, entries: list[dict]) -> int:
    """Entries for rows written in bulk (demo data), in the caller's transaction: the same
    chain as :func:`append`, one insert instead of a read per entry. Each entry holds
    ``at, action, entity, entity_id, client_id`` and optionally ``summary, actor``."""
    last_id, last_link = tail(session)
    rows = []
    for entry in entries:
        last_id += 1
        row = {"id": last_id, "actor": entry.get("actor", ""), "summary": entry.get(
            "summary", ""), "reason": "", **{k: entry[k] for k in (
                "at", "action", "entity", "entity_id", "client_id")}}
        row["content_hash"] = content_digest(
            last_id, row["at"], row["actor"], row["action"], row["entity"], row["entity_id"],
            row["client_id"], row["summary"])
        last_link = row["chain_hash"] = link(last_link, row["content_hash"])
        rows.append(row)
    for start in range(0, len(rows), 5000):
        session.execute(insert(AuditEntry), rows[start:start + 5000])
    if rows:
        session.info[_PENDING] = True
    return len(rows)


@event.listens_for(Session, "before_commit")
def _remember_head(session: Session) -> None:
    """Once per transaction that appended: the head goes into the settings, committed
    together with the entries."""
    if session.info.pop(_PENDING, False):
        seq, chain = tail(session)
        session.merge(Setting(key=HEAD_SETTING, value={"seq": seq, "chain_hash": chain}))


def client_ids(session: Session, client_id: int) -> list[int]:
    """The client and every file merged into it: entries are never rewritten, so the
    Verlauf of a merged file stays under the merged-away id; the "merged" entry (summary:
    that id) links it."""
    found, todo = [client_id], [client_id]
    while todo:
        current = todo.pop()
        for summary in session.scalars(select(AuditEntry.summary).where(
                AuditEntry.client_id == current, AuditEntry.action == "merged",
                AuditEntry.entity == "client")):
            if (summary or "").isdigit() and int(summary) not in found:
                found.append(int(summary))
                todo.append(int(summary))
    return found


def redact_client(session: Session, client_id: int, erasure_id: int) -> int:
    """Empty the fields of every entry of a client (and of files merged into it); their
    hashes stay. Returns how many."""
    result = session.execute(
        update(AuditEntry).where(AuditEntry.client_id.in_(client_ids(session, client_id)),
                                 AuditEntry.redacted_by.is_(None))
        .values(actor="", action=REDACTED, entity="", entity_id=None, client_id=None,
                summary="", reason="", redacted_by=erasure_id)
        .execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def erasure_summary(rows: int, tables: int, redacted: int, reason: str) -> str:
    """The counts an erasure entry keeps — never a name."""
    return f"rows={rows};tables={tables};redacted={redacted};reason={reason}"


def parse_erasure_summary(summary: str) -> dict[str, str]:
    parts = dict(p.split("=", 1) for p in (summary or "").split(";") if "=" in p)
    return parts


@dataclass(frozen=True)
class ChainHead:
    seq: int
    chain_hash: str


@dataclass(frozen=True)
class BrokenLink:
    """The first place where the chain does not hold, in German."""

    entry_id: int
    message: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: ChainHead
    broken: BrokenLink | None

    @property
    def sound(self) -> bool:
        return self.broken is None


def head(session: Session) -> ChainHead:
    seq, chain = tail(session)
    return ChainHead(seq, chain)


def chain_hash_at(session: Session, seq: int) -> str | None:
    if seq == 0:
        return GENESIS
    return session.scalar(select(AuditEntry.chain_hash).where(AuditEntry.id == seq))


def _describe(entry: AuditEntry) -> str:
    when = f" vom {entry.at:%d.%m.%Y, %H:%M} Uhr" if entry.at else ""
    return f"Eintrag {entry.id}{when}"


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the whole chain in id order; report the first entry where it breaks."""
    previous, expected_id, count = GENESIS, 1, 0
    redactions: dict[int, int] = {}
    erasures: dict[int, AuditEntry] = {}
    last_id = 0
    while True:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.id > last_id)
                               .order_by(AuditEntry.id).limit(batch)).all()
        if not rows:
            break
        for entry in rows:
            count += 1
            last_id = entry.id
            if entry.id != expected_id:
                missing = (f"Eintrag {expected_id} fehlt" if entry.id == expected_id + 1
                           else f"die Einträge {expected_id} bis {entry.id - 1} fehlen")
                return _broken(count, entry, f"Vor {_describe(entry)}: {missing}.")
            expected_id += 1
            if entry.redacted_by is not None:
                if entry.redacted_by <= entry.id:
                    return _broken(count, entry, f"{_describe(entry)} ist geschwärzt, ohne "
                                   "dass eine spätere Löschung das erklärt.")
                redactions[entry.redacted_by] = redactions.get(entry.redacted_by, 0) + 1
            elif content_hash_of(entry) != entry.content_hash:
                return _broken(count, entry, f"{_describe(entry)} wurde nachträglich "
                               "verändert: sein Inhalt passt nicht mehr zu seinem Prüfwert.")
            if link(previous, entry.content_hash or GENESIS) != entry.chain_hash:
                return _broken(count, entry, f"{_describe(entry)} passt nicht an den "
                               "vorigen Eintrag: dazwischen wurde gelöscht, eingefügt oder "
                               "umgestellt.")
            if entry.action == ERASED:
                erasures[entry.id] = entry
            previous = entry.chain_hash
    for erasure_id, n in sorted(redactions.items()):
        erasure = erasures.get(erasure_id)
        stated = parse_erasure_summary(erasure.summary).get("redacted") if erasure else None
        if erasure is None or stated != str(n):
            target = erasure or session.get(AuditEntry, erasure_id)
            label = _describe(target) if target else f"Eintrag {erasure_id}"
            return ChainReport(count, ChainHead(last_id, previous), BrokenLink(
                erasure_id, f"{n} geschwärzte Einträge verweisen auf {label}, der diese "
                            "Zahl nicht ausweist."))
    return _check_remembered_head(session, ChainReport(count, ChainHead(last_id, previous),
                                                       None))


def _check_remembered_head(session: Session, report: ChainReport) -> ChainReport:
    row = session.get(Setting, HEAD_SETTING)
    remembered = row.value if row is not None and isinstance(row.value, dict) else None
    if not remembered:
        return report
    seq, chain = int(remembered.get("seq", 0)), str(remembered.get("chain_hash", ""))
    found = report.head
    if seq > found.seq:
        missing = (f"Eintrag {seq} fehlt" if seq == found.seq + 1
                   else f"die Einträge {found.seq + 1} bis {seq} fehlen")
        message = (f"Der Verlauf endet bei Eintrag {found.seq}, verzeichnet war Eintrag "
                   f"{seq}: {missing} am Ende.")
        return ChainReport(report.entries, found, BrokenLink(found.seq + 1, message))
    if seq == found.seq and chain != found.chain_hash:
        return ChainReport(report.entries, found, BrokenLink(
            seq, f"Eintrag {seq} ist nicht der zuletzt verzeichnete: das Ende des Verlaufs "
                 "wurde ersetzt."))
    if seq < found.seq:
        return ChainReport(report.entries, found, BrokenLink(
            seq + 1, f"Eintrag {seq + 1} und folgende wurden am Programm vorbei angefügt."))
    return report


def _broken(count: int, entry: AuditEntry, message: str) -> ChainReport:
    return ChainReport(count, ChainHead(entry.id, entry.chain_hash), BrokenLink(entry.id,
                                                                                 message))


def entry_count(session: Session) -> int:
    return int(session.scalar(select(func.count(AuditEntry.id))) or 0)
