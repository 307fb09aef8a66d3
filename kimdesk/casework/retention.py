"""Löschkonzept and erasure on request: which case files are due for deletion and why,
keeping one longer with a reason and a date, and erasing a client completely.

The period is the district's (``retention`` in its district file, default three years
after the end of the year in which the person's last case was closed). A person with an
open case is never due; a person without any case counts from the year the record was
made. Erasure itself — every row, no plaintext left, a count in the Verlauf — is
:mod:`kimdesk.store.erasure`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from kimdesk import catalogues
from kimdesk.core.dates import german, parse_date
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.store.case_store import CaseStore
from kimdesk.store.reader import as_date, as_datetime, sql_date, sql_datetime

if TYPE_CHECKING:
    from kimdesk.store import erasure

#: why a file is erased; kept (as a word, never a name) in the Verlauf's erasure entry
REASONS = {
    "retention": "Aufbewahrungsfrist abgelaufen",
    "art17": "Löschung auf Verlangen (Art. 17 DSGVO)",
    "handover": "an eine Kollegin / einen Kollegen übergeben",
}
MAX_HOLD_YEARS = 10


@dataclass(frozen=True)
class DueFile:
    """A case file due for deletion, or one kept longer."""

    client_id: int
    name: str
    reason: str  # German
    due_on: date
    held_until: date | None = None
    hold_reason: str = ""


def retention_years(store: CaseStore) -> int:
    try:
        return catalogues.district(store.district_id).retention_years
    except (catalogues.UnknownDistrictError, ValueError):
        return catalogues.DEFAULT_RETENTION_YEARS


def due_date(reference: date, years: int) -> date:
    """The first day after ``years`` full years following the end of ``reference``'s year."""
    return date(reference.year + years + 1, 1, 1)


def due_before(today: date, years: int) -> date:
    """The same rule read the other way, for the database to filter by: a file is due on
    ``today`` when its reference date lies before this day
    (``due_date(r, years) <= today`` exactly when ``r < due_before(today, years)``)."""
    return date(today.year - years, 1, 1)


class RetentionService:
    def __init__(self, store: CaseStore, actor: str = "",
                 today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.actor = actor
        self.today = today

    @property
    def years(self) -> int:
        return retention_years(self.store)

    def _statement(self, due_on: date | None = None) -> tuple[str, dict[str, str]]:
        """Every person without an open case (with their last closing and latest hold);
        with ``due_on``, only those whose file is due on that day. Plain SQL: Heute counts
        the due files before SQLAlchemy is loaded."""
        sql = """
SELECT clients.id, clients.family_name, clients.given_names, clients.created_at,
       (SELECT max(cases.closed_on) FROM cases WHERE cases.client_id = clients.id)
           AS last_closed,
       retention_holds.keep_until, retention_holds.reason
FROM clients
     LEFT OUTER JOIN (SELECT client_id, max(id) AS hid FROM retention_holds
                      GROUP BY client_id) AS holds ON holds.client_id = clients.id
     LEFT OUTER JOIN retention_holds ON retention_holds.id = holds.hid
WHERE NOT EXISTS (SELECT 1 FROM cases
                  WHERE cases.client_id = clients.id AND cases.closed_on IS NULL)"""
        if due_on is None:
            return sql, {}
        before = due_before(due_on, self.years)
        return sql + """
  AND (last_closed < :before
       OR last_closed IS NULL AND clients.created_at < :before_moment)
  AND (retention_holds.keep_until IS NULL OR retention_holds.keep_until <= :due_on)""", {
            "before": sql_date(before), "before_moment": sql_datetime(
                datetime.combine(before, time.min)), "due_on": sql_date(due_on)}

    def _candidates(self, due_on: date | None = None) -> list[DueFile]:
        """The people of :meth:`_statement`, with the date their file becomes due."""
        years = self.years
        sql, params = self._statement(due_on)
        with self.store.read() as db:
            rows = db.rows(sql + "\nORDER BY clients.family_name, clients.given_names",
                           params)
        out = []
        for cid, family, given, created_text, closed_text, keep_text, hold_reason in rows:
            name = f"{family}, {given}" if given else family
            closed, keep_until = as_date(closed_text), as_date(keep_text)
            if closed is not None:
                due = due_date(closed, years)
                reason = (f"Letzter Fall abgeschlossen am {german(closed)}; Frist "
                          f"{years} Jahre nach Ablauf von {closed.year}.")
            else:
                created = as_datetime(created_text)
                made = created.date() if created else self.today()
                due = due_date(made, years)
                reason = (f"Kein Fall; angelegt {made.year}; Frist {years} Jahre nach "
                          f"Ablauf von {made.year}.")
            if keep_until is not None:
                reason = (f"Aufbewahrung bis {german(keep_until)} ist abgelaufen "
                          f"({hold_reason}). " + reason)
                due = max(due, keep_until)
            out.append(DueFile(cid, name, reason, due, keep_until, hold_reason or ""))
        return out

    def due(self) -> list[DueFile]:
        """Files whose retention period has ended and that are not held longer."""
        today = self.today()
        return [f for f in self._candidates(today) if f.due_on <= today]

    def held(self) -> list[DueFile]:
        """Files kept beyond their period, with the reason and until when."""
        today = self.today()
        return [f for f in self._candidates()
                if f.held_until is not None and f.held_until >= today]

    def due_count(self) -> int:
        """How many files are due (Heute's line): counted by the database, no file read."""
        sql, params = self._statement(self.today())
        with self.store.read() as db:
            return int(db.one(f"SELECT count(*) FROM ({sql})", params) or 0)

    def keep_longer(self, client_id: int, until: date | str, reason: str) -> None:
        """Record why a due file must be kept (e.g. a running procedure) and until when."""
        when = parse_date(until, "Aufbewahren bis")
        if when is None:
            raise DomainError("Bitte angeben, bis wann die Akte aufbewahrt werden muss.")
        today = self.today()
        if when <= today:
            raise DomainError("Das Datum „Aufbewahren bis“ muss in der Zukunft liegen.")
        if when.year > today.year + MAX_HOLD_YEARS:
            raise DomainError(f"Bitte höchstens {MAX_HOLD_YEARS} Jahre im Voraus festlegen; "
                              "danach erneut prüfen.")
        if len(reason.strip()) < 5:
            raise DomainError("Bitte begründen, warum die Akte länger aufbewahrt werden muss "
                              "(z. B. laufendes Verfahren).")
        from kimdesk.casework import audit  # (writes: the ORM, loaded on first use)
        from kimdesk.store.models import Client, RetentionHold

        with self.store.session() as s, s.begin():
            if s.get(Client, client_id) is None:
                raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
            s.add(RetentionHold(client_id=client_id, keep_until=when, reason=reason.strip(),
                                actor=self.actor))
            audit.record(s, "kept_longer", "client", client_id, client_id,
                         summary=when.isoformat(), actor=self.actor)

    def erase(self, client_id: int, reason: str) -> "erasure.ErasureResult":
        """Erase the client completely. ``retention`` only for a file that is due;
        ``art17`` (on request) and ``handover`` at any time."""
        if reason not in REASONS:
            raise DomainError(f"Unbekannter Löschgrund: {reason}.")
        if reason == "retention" and client_id not in {f.client_id for f in self.due()}:
            raise DomainError("Diese Akte ist noch nicht zur Löschung fällig.")
        from kimdesk.store import erasure
        from kimdesk.store.models import Client

        with self.store.session() as s, s.begin():
            if s.get(Client, client_id) is None:
                raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
            result = erasure.erase_client(s, client_id, reason, self.actor)
            erasure.merge_name_index(s)
        erasure.wipe_free_space(self.store.engine)
        return result

    def erase_due(self, client_ids: list[int]) -> int:
        """Erase several due files (the case manager confirmed each); returns how many."""
        due = {f.client_id for f in self.due()}
        missing = [cid for cid in client_ids if cid not in due]
        if missing:
            raise DomainError("Mindestens eine der gewählten Akten ist nicht (mehr) fällig.")
        from kimdesk.store import erasure

        with self.store.session() as s, s.begin():
            for cid in client_ids:
                erasure.erase_client(s, cid, "retention", self.actor)
            erasure.merge_name_index(s)
        erasure.wipe_free_space(self.store.engine)
        return len(client_ids)
