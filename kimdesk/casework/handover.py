"""Handing case files over to a colleague's store (issue 12, point 6).

How it goes, and why:

1. The **receiving** store makes a one-time key pair (X25519) and shows its public half as
   the *Übergabecode* (56 letters and digits in groups of four, with a checksum against
   typing errors). It is not secret; it only has to reach the sender unchanged — read it
   out on the phone or compare it by phone when it came by e-mail.
2. The **sending** store writes the selected clients — every row of every table that holds
   them, their drafts and their Verlauf entries — into a package encrypted to that code:
   an ephemeral X25519 key, HKDF-SHA256 over the shared secret, AES-256-GCM over the
   compressed JSON, the package's header (id, recipient, ephemeral key, nonce) as
   associated data, so a changed byte anywhere makes the whole package unreadable. The
   plaintext exists only in memory. The clients stay in the sending store.
3. The receiving store takes the package over in one transaction: new ids, the Verlauf
   entries appended to its own hash chain at their original times with a note where they
   came from, one "übernommen" entry per client. Its private key is emptied (one-time), and
   it shows a *Quittungscode* derived from the same shared secret — only the right
   receiver can compute it.
4. The sender enters the Quittungscode; only then are the clients erased there, the same
   way as the Löschkonzept erases (no plaintext left). Nothing is erased when the code is
   wrong, or when someone went on working on one of the files after the export.

A second import of the same package changes nothing and shows the receipt again.
"""

import base64
import hashlib
import hmac
import json
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select

from kimdesk.casework import audit
from kimdesk.casework.clients import update_search_index
from kimdesk.core.dates import PartialDate
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.store import audit_chain, erasure, migrate, transfer
from kimdesk.store.atomic import write_atomic
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Client, Handover, HandoverKey
from kimdesk.store.models.base import utcnow

FORMAT = "kimdesk.handover/1"
MAGIC = b"KIMDESK-UEBERGABE/1\n"
SUFFIX = ".kimdesk-uebergabe"
_CHECK = 3  # checksum bytes in a handover code
_RECEIPT = 10  # bytes of a receipt code

WRONG_CODE = ("Der Übergabecode ist unvollständig oder enthält einen Tippfehler. Bitte genau "
              "abschreiben (Buchstaben und Ziffern; Bindestriche und Leerzeichen sind egal).")
DAMAGED = ("Das Übergabepaket ist beschädigt oder wurde verändert. Es wurde nichts "
           "übernommen; bitte ein neues Paket erstellen lassen.")
NOT_A_PACKAGE = "Diese Datei ist kein KIMdesk-Übergabepaket. Es wurde nichts übernommen."
OTHER_RECIPIENT = ("Dieses Paket ist für einen anderen Datenbestand verschlüsselt (es passt zu "
                   "keinem Übergabecode von hier). Es wurde nichts übernommen.")
WRONG_RECEIPT = ("Dieser Quittungscode passt zu keiner offenen Übergabe. Bitte genau "
                 "abschreiben. Es wurde nichts gelöscht.")


# -- codes ----------------------------------------------------------------------------------
def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _groups(text: str, size: int = 4) -> str:
    return "-".join(text[i:i + size] for i in range(0, len(text), size))


def _plain(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum()).replace("0", "O") \
        .replace("1", "I").replace("8", "B")


def code_for(public: bytes) -> str:
    """The Übergabecode: the public key and a checksum, base32 in groups of four."""
    return _groups(_b32(public + hashlib.sha256(public).digest()[:_CHECK]))


def public_key_of(code: str) -> bytes:
    """The public key in a typed Übergabecode; a German error for any typing error."""
    text = _plain(code)
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (ValueError, TypeError):
        raise DomainError(WRONG_CODE) from None
    public, check = raw[:-_CHECK], raw[-_CHECK:]
    if len(public) != 32 or hashlib.sha256(public).digest()[:_CHECK] != check:
        raise DomainError(WRONG_CODE)
    return public


def fingerprint(public: bytes) -> str:
    return hashlib.sha256(b"kimdesk handover recipient" + public).hexdigest()


def _receipt_code(receipt_key: bytes, package_id: str) -> str:
    mac = hmac.new(receipt_key, b"receipt:" + package_id.encode(), hashlib.sha256).digest()
    return _groups(_b32(mac[:_RECEIPT]))


def _receipt_hash(code: str) -> str:
    return hashlib.sha256(_plain(code).encode()).hexdigest()


def _keys(shared: bytes, package_id: str, ephemeral: bytes, recipient: bytes
          ) -> tuple[bytes, bytes]:
    okm = HKDF(hashes.SHA256(), 64, bytes.fromhex(package_id),
               b"kimdesk handover/1" + ephemeral + recipient).derive(shared)
    return okm[:32], okm[32:]


def _raw(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    if isinstance(key, X25519PrivateKey):
        return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# -- results --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Exported:
    package_id: str
    path: Path
    clients: int


@dataclass(frozen=True)
class Imported:
    package_id: str
    clients: int
    entries: int  # Verlauf entries taken over
    receipt: str
    names: tuple[str, ...]
    sender: str


@dataclass(frozen=True)
class Pending:
    """A handover sent and not yet confirmed: the clients are still here."""

    package_id: str
    created_at: datetime
    names: tuple[str, ...]


# -- the service ----------------------------------------------------------------------------
class HandoverService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    # receiving side, before: the code
    def new_code(self) -> str:
        """A new one-time Übergabecode for this store (its private key stays in here)."""
        private = X25519PrivateKey.generate()
        public = _raw(private.public_key())
        with self.store.session() as s, s.begin():
            s.add(HandoverKey(fingerprint=fingerprint(public), public_key=public.hex(),
                              private_key=_raw(private).hex()))
        return code_for(public)

    # sending side
    def choices(self) -> list[tuple[int, str, str]]:
        """Every client as (id, "Name, Vornamen", birth date in German) for the dialog."""
        with self.store.session() as s:
            rows = s.execute(select(Client.id, Client.family_name, Client.given_names,
                                    Client.birth_date)
                             .order_by(Client.family_name, Client.given_names)).all()
        return [(cid, f"{family}, {given}" if given else family,
                 pd.german() if born and (pd := PartialDate.from_iso(born)) else "")
                for cid, family, given, born in rows]

    def all_client_ids(self) -> list[int]:
        with self.store.session() as s:
            return list(s.scalars(select(Client.id).order_by(Client.id)))

    def export(self, client_ids: Iterable[int], code: str, target: Path) -> Exported:
        """Write the clients, encrypted to ``code``, to ``target``. They stay here until
        :meth:`confirm`."""
        recipient = public_key_of(code)
        ids = list(dict.fromkeys(int(c) for c in client_ids))
        if not ids:
            raise DomainError("Bitte mindestens eine Akte auswählen.")
        target = Path(target)
        if not target.parent.is_dir():
            raise DomainError(f"Den Ordner {target.parent} gibt es nicht.")
        if target.exists():
            raise DomainError(f"Die Datei {target} gibt es schon; bitte einen anderen Namen "
                              "wählen.")
        package_id = os.urandom(16).hex()
        ephemeral = X25519PrivateKey.generate()
        eph_public = _raw(ephemeral.public_key())
        enc_key, receipt_key = _keys(
            ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient)), package_id,
            eph_public, recipient)
        with self.store.session() as s, s.begin():
            bundles = []
            for cid in ids:
                if s.get(Client, cid) is None:
                    raise NotFoundError("Mindestens eine der gewählten Personen ist nicht "
                                        "(mehr) im Datenbestand.")
                bundles.append(transfer.collect(s, cid))
            with self.store.engine.connect() as conn:
                schema = migrate.current_revision(conn)
            payload = {"format": FORMAT, "schema": schema, "package": package_id,
                       "from_store": self.store.key_slots.store_id,
                       "from_name": str(self.store.setting("case_manager", "") or ""),
                       "created": utcnow().isoformat(), "clients": bundles}
            header = json.dumps({"format": FORMAT, "package": package_id,
                                 "recipient": fingerprint(recipient),
                                 "ephemeral": eph_public.hex(),
                                 "nonce": (nonce := os.urandom(12)).hex()},
                                sort_keys=True).encode()
            sealed = AESGCM(enc_key).encrypt(
                nonce, zlib.compress(json.dumps(payload, ensure_ascii=False).encode(), 6),
                header)
            for cid in ids:
                audit.record(s, "handed_over", "client", cid, cid,
                             summary=f"Paket {package_id[:8]}", actor=self.actor)
            s.flush()
            s.add(Handover(package_id=package_id, direction="out", client_ids=ids,
                           clients=len(ids), receipt=_receipt_hash(
                               _receipt_code(receipt_key, package_id)),
                           audit_seq=audit_chain.tail(s)[0], peer_store=""))
            # the file first, the record at commit: a record without a file never exists
            write_atomic(target, MAGIC + header + b"\n" + sealed)
        return Exported(package_id, target, len(ids))

    def pending(self) -> list[Pending]:
        with self.store.session() as s:
            out = []
            for h in s.scalars(select(Handover).where(Handover.direction == "out",
                                                      Handover.confirmed_at.is_(None))
                               .order_by(Handover.id)):
                names = tuple(f"{c.family_name}, {c.given_names}".strip(", ")
                              for cid in h.client_ids if (c := s.get(Client, cid)))
                if names:
                    out.append(Pending(h.package_id, h.created_at, names))
            return out

    def confirm(self, receipt: str) -> int:
        """Erase the handed-over clients here once the receiver's Quittungscode fits;
        returns how many were erased."""
        wanted = _receipt_hash(receipt)
        with self.store.session() as s, s.begin():
            row = next((h for h in s.scalars(select(Handover).where(
                Handover.direction == "out", Handover.confirmed_at.is_(None)))
                if hmac.compare_digest(h.receipt, wanted)), None)
            if row is None:
                raise DomainError(WRONG_RECEIPT)
            present = [cid for cid in row.client_ids if s.get(Client, cid) is not None]
            changed = transfer.audit_after(s, present, row.audit_seq)
            if changed:
                raise DomainError(
                    f"Seit dem Erstellen des Pakets wurde hier an den übergebenen Akten "
                    f"weitergearbeitet ({changed} Änderungen). Damit nichts verloren geht, "
                    "wurde nichts gelöscht: bitte die Akten erneut übergeben.")
            row.confirmed_at = utcnow()
            s.flush()
            for cid in present:
                erasure.erase_client(s, cid, "handover", self.actor)
            erasure.merge_name_index(s)
        erasure.wipe_free_space(self.store.engine)
        return len(present)

    # receiving side
    def import_package(self, path: Path) -> Imported:
        """Take a package over (all or nothing) and return the receipt to tell the sender."""
        header, header_bytes, sealed = _read_package(Path(path))
        package_id = str(header["package"])
        with self.store.session() as s, s.begin():
            done = s.scalar(select(Handover).where(Handover.package_id == package_id,
                                                   Handover.direction == "in"))
            if done is not None:
                raise DomainError(
                    f"Dieses Paket wurde hier bereits am {done.created_at:%d.%m.%Y um %H:%M} "
                    f"Uhr übernommen ({done.clients} Akte(n)); es wurde nichts doppelt "
                    f"angelegt. Quittungscode für die abgebende Stelle: {done.receipt}")
            key = s.scalar(select(HandoverKey).where(
                HandoverKey.fingerprint == str(header["recipient"])))
            if key is None:
                raise DomainError(OTHER_RECIPIENT)
            if key.private_key is None:
                raise DomainError("Der Übergabecode dieses Pakets wurde hier schon für ein "
                                  "anderes Paket verwendet (er gilt nur einmal). Bitte einen "
                                  "neuen Code erzeugen und das Paket neu erstellen lassen.")
            private = X25519PrivateKey.from_private_bytes(bytes.fromhex(key.private_key))
            ephemeral = bytes.fromhex(str(header["ephemeral"]))
            enc_key, receipt_key = _keys(
                private.exchange(X25519PublicKey.from_public_bytes(ephemeral)), package_id,
                ephemeral, bytes.fromhex(key.public_key))
            try:
                plain = zlib.decompress(AESGCM(enc_key).decrypt(
                    bytes.fromhex(str(header["nonce"])), sealed, header_bytes))
                payload = json.loads(plain)
            except (InvalidTag, zlib.error, ValueError):
                raise DomainError(DAMAGED) from None
            if payload.get("format") != FORMAT or payload.get("package") != package_id:
                raise DomainError(DAMAGED)
            if not migrate.is_known(str(payload.get("schema"))):
                raise DomainError("Das Paket stammt von einer neueren KIMdesk-Version. Bitte "
                                  "KIMdesk hier aktualisieren; es wurde nichts übernommen.")
            sender = str(payload.get("from_name") or "")
            note = f"übernommen mit Paket {package_id[:8]}" + (f" von {sender}" if sender
                                                                 else "")
            new_ids, names, entries = [], [], 0
            for bundle in payload["clients"]:
                if transfer.has_client_uid(s, transfer.client_uid(bundle)):
                    raise DomainError("Mindestens eine Person aus dem Paket ist in diesem "
                                      "Datenbestand schon vorhanden. Es wurde nichts "
                                      "übernommen.")
                inserted = transfer.insert(s, bundle)
                client = s.get(Client, inserted.client_id)
                assert client is not None
                update_search_index(s, client)
                entries += transfer.rechain(s, bundle, inserted, note)
                audit.record(s, "received", "client", inserted.client_id, inserted.client_id,
                             summary=f"Paket {package_id[:8]}", actor=self.actor)
                new_ids.append(inserted.client_id)
                names.append(f"{client.family_name}, {client.given_names}".strip(", "))
            receipt = _receipt_code(receipt_key, package_id)
            key.private_key, key.used_at = None, utcnow()
            s.add(Handover(package_id=package_id, direction="in", client_ids=new_ids,
                           clients=len(new_ids), receipt=receipt, audit_seq=0,
                           peer_store=str(payload.get("from_store") or "")[:36]))
        return Imported(package_id, len(new_ids), entries, receipt, tuple(names), sender)


def _read_package(path: Path) -> tuple[dict[str, Any], bytes, bytes]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DomainError(f"Die Datei {path} gibt es nicht.") from None
    if not data.startswith(MAGIC) or b"\n" not in data[len(MAGIC):]:
        raise DomainError(NOT_A_PACKAGE)
    header_bytes, sealed = data[len(MAGIC):].split(b"\n", 1)
    try:
        header = json.loads(header_bytes)
        ok = isinstance(header, dict) and header.get("format") == FORMAT and all(
            isinstance(header.get(k), str) for k in ("package", "recipient", "ephemeral",
                                                     "nonce"))
        if ok:
            bytes.fromhex(header["package"] + header["ephemeral"] + header["nonce"])
            ok = len(header["ephemeral"]) == 64 and len(header["nonce"]) == 24 \
                and len(header["package"]) == 32
    except ValueError:
        ok = False
    if not ok:
        raise DomainError(DAMAGED)
    return header, header_bytes, sealed
