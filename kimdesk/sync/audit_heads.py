"""Sending the Verlauf's head with every sync round (see
:mod:`kimdesk.sync.protocol.audit_head`): signed with the device key, with the anchors the
office needs to see that the log still extends what it saw before."""

import logging

from kimdesk.store import audit_chain
from kimdesk.store.case_store import CaseStore
from kimdesk.store.sync_rows import identity
from kimdesk.sync.client import OfficeClient
from kimdesk.sync.errors import OfficeRefusedError
from kimdesk.sync.protocol.audit_head import (
    MAX_ANCHORS,
    OK,
    REWRITTEN,
    TRUNCATED,
    UNVERIFIED,
    AuditHeadAnswer,
    ChainAnchor,
    sign_head,
)

log = logging.getLogger("kimdesk.sync")

#: settings: the last head the office accepted, and the anchors it asked for
ACKED = "audit_head_acked"
WANTED = "audit_head_wanted"

WARNINGS = {
    TRUNCATED: "Das Kreisbüro meldet: der Verlauf dieses Geräts ist kürzer als beim letzten "
               "Abgleich (wurde eine ältere Sicherung zurückgespielt?). Bitte die "
               "Koordinierungsstelle informieren.",
    REWRITTEN: "Das Kreisbüro meldet: der Verlauf dieses Geräts wurde seit dem letzten "
               "Abgleich verändert. Bitte die Koordinierungsstelle informieren.",
}


def _anchors(store: CaseStore, head_seq: int, seqs: list[int]) -> list[ChainAnchor]:
    out = []
    with store.session() as s:
        for seq in sorted(set(seqs))[-MAX_ANCHORS:]:
            if 0 < seq <= head_seq:
                chain = audit_chain.chain_hash_at(s, seq)
                if chain:
                    out.append(ChainAnchor(seq=seq, chain_hash=chain))
    return out


def send_head(store: CaseStore, client: OfficeClient) -> str | None:
    """Post the head; returns a German warning when the office saw a cut-off or rewritten
    log, else None. An office without the endpoint (older version) is skipped quietly."""
    with store.session() as s:
        ident = identity(s)
        head = audit_chain.head(s)
    if ident is None:
        return None
    settings = store.settings()
    asked = [int(settings.get(ACKED) or 0), *(settings.get(WANTED) or [])]
    answer: AuditHeadAnswer | None = None
    try:
        for _ in range(2):  # a second time only with the anchors the office asked for
            signed = sign_head(ident.private_key, ident.device_id, head.seq, head.chain_hash,
                               _anchors(store, head.seq, asked))
            answer = client.audit_head(signed)
            if answer.status != UNVERIFIED or not set(answer.want) - set(asked):
                break
            asked += answer.want
    except OfficeRefusedError as exc:
        if exc.status == 404:
            return None
        raise
    assert answer is not None
    store.set_settings({ACKED: head.seq if answer.status == OK else answer.known_seq,
                        WANTED: list(answer.want)})
    if answer.status != OK:
        log.warning("audit head %s", answer.status)
    return WARNINGS.get(answer.status)
