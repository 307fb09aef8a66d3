"""What the Sync screen shows: a small, read-only status with one plain German sentence.

``sync_status(store)`` is cheap (a few indexed queries), so the UI may call it from its
worker thread as often as it likes; it never talks to the network.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kimdesk.store import outbox as outbox_rows
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models.base import utcnow
from kimdesk.store.sync_rows import identity, sync_state


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    device_name: str
    office_url: str
    revoked: bool
    waiting: int  # queued or sending
    rejected: int
    delivered: int
    last_success_at: datetime | None  # local time
    next_attempt_at: datetime | None  # local time
    last_error: str
    last_error_kind: str
    message: str


def _local(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def _entries(n: int) -> str:
    return "1 Eintrag wartet" if n == 1 else f"{n} Einträge warten"


def _when(value: datetime, now: datetime) -> str:
    if value.date() == now.date():
        return value.strftime("%H:%M")
    return value.strftime("%d.%m.%Y um %H:%M")


def sync_status(store: CaseStore, now: datetime | None = None) -> SyncStatus:
    now_utc = now or utcnow()
    with store.session() as s:
        state = sync_state(s)
        ident = identity(s)
        counts = outbox_rows.counts(s)
        s.commit()
        last_success, next_attempt = state.last_success_at, state.next_attempt_at
        error, kind = state.last_error, state.last_error_kind
    waiting = counts["queued"] + counts["sending"]
    status: dict[str, Any] = dict(
        enrolled=ident is not None, device_name=ident.device_name if ident else "",
        office_url=ident.office_url if ident else "",
        revoked=bool(ident and ident.revoked_at is not None), waiting=waiting,
        rejected=counts["rejected"], delivered=counts["delivered"],
        last_success_at=_local(last_success), next_attempt_at=_local(next_attempt),
        last_error=error, last_error_kind=kind)
    return SyncStatus(message=describe(status, _local(now_utc) or now_utc), **status)


def describe(st: dict[str, Any], now: datetime) -> str:
    """The sentence for the Sync screen (and ``kimdesk sync``)."""
    waiting, kind = st["waiting"], st["last_error_kind"]
    nxt = st["next_attempt_at"]
    next_try = f", nächster Versuch {_when(nxt, now)}" if nxt and kind else ""
    if not st["enrolled"]:
        text = "Dieses Gerät ist noch nicht beim Kreisbüro angemeldet."
        return text + (f" {_entries(waiting)} auf die Übertragung." if waiting else "")
    if st["revoked"] or kind == "revoked":
        return (f"Dieses Gerät wurde vom Kreisbüro gesperrt — {_entries(waiting)} und "
                "bleiben auf dem Gerät gespeichert. Bitte die Koordinierungsstelle ansprechen.")
    if kind == "unreachable":
        return f"Das Kreisbüro ist nicht erreichbar — {_entries(waiting)}{next_try}."
    if kind == "aggregates":  # the round worked; some figures could not be built
        tail = f" {_entries(waiting)} auf den nächsten Abgleich." if waiting else ""
        return f"{st['last_error']}{tail}".strip()
    if kind:
        return f"{st['last_error']} {_entries(waiting)}{next_try}.".strip()
    if waiting:
        return f"{_entries(waiting)} auf den nächsten Abgleich."
    if st["last_success_at"]:
        return f"Alles übertragen. Letzter Abgleich {_when(st['last_success_at'], now)}."
    return "Noch kein Abgleich mit dem Kreisbüro."
