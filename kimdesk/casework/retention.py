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

from sqlalchemy import Select, and_, func, or_, select

from kimdesk import catalogues
from kimdesk.casework import audit
from kimdesk.core.dates import german, parse_date
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.store import erasure
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Case, Client, RetentionHold

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

    def _statement(self, due_on: date | None = None) -> Select:
        """Every person without an open case (with their last closing and latest hold);
        with ``due_on``, only those whose file is due on that day."""
        open_cases = (select(func.count(Case.id)).where(Case.client_id == Client.id,
                                                        Case.closed_on.is_(None))
                      .correlate(Client).scalar_subquery())
        last_closed = (select(func.max(Case.closed_on)).where(Case.client_id == Client.id)
                       .correlate(Client).scalar_subquery())
        holds = (select(RetentionHold.client_id, func.max(RetentionHold.id).label("hid"))
                 .group_by(RetentionHold.client_id).subquery())
        stmt = (select(Client.id, Client.family_name, Client.given_names, Client.created_at,
                       last_closed, RetentionHold.keep_until, RetentionHold.reason)
                .where(open_cases == 0)
                .outerjoin(holds, holds.c.client_id == Client.id)
                .outerjoin(RetentionHold, RetentionHold.id == holds.c.hid))
        if due_on is not None:
            before = due_before(due_on, self.years)
            stmt = stmt.where(
                or_(last_closed < before,
                    and_(last_closed.is_(None),
                         Client.created_at < datetime.combine(before, time.min))),
                or_(RetentionHold.keep_until.is_(None), RetentionHold.keep_until <= due_on))
        return stmt

    def _candidates(self, due_on: date | None = None) -> list[DueFile]:
        """The people of :meth:`_statement`, with the date their file becomes due."""
        years = self.years
        stmt = self._statement(due_on).order_by(Client.family_name, Client.given_names)
        out = []
        with self.store.session() as s:
            for cid, family, given, created, closed, keep_until, hold_reason in s.execute(stmt):
                name = f"{family}, {given}" if given else family
                if closed is not None:
                    due = due_date(closed, years)
                    reason = (f"Letzter Fall abgeschlossen am {german(closed)}; Frist "
                              f"{years} Jahre nach Ablauf von {closed.year}.")
                else:
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
        stmt = self._statement(self.today()).subquery()
        with self.store.session() as s:
            return int(s.scalar(select(func.count()).select_from(stmt)) or 0)

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
        with self.store.session() as s, s.begin():
            if s.get(Client, client_id) is None:
                raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
            s.add(RetentionHold(client_id=client_id, keep_until=when, reason=reason.strip(),
                                actor=self.actor))
            audit.record(s, "kept_longer", "client", client_id, client_id,
                         summary=when.isoformat(), actor=self.actor)

    def erase(self, client_id: int, reason: str) -> erasure.ErasureResult:
        """Erase the client completely. ``retention`` only for a file that is due;
        ``art17`` (on request) and ``handover`` at any time."""
        if reason not in REASONS:
            raise DomainError(f"Unbekannter Löschgrund: {reason}.")
        if reason == "retention" and client_id not in {f.client_id for f in self.due()}:
            raise DomainError("Diese Akte ist noch nicht zur Löschung fällig.")
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
        with self.store.session() as s, s.begin():
            for cid in client_ids:
                erasure.erase_client(s, cid, "retention", self.actor)
            erasure.merge_name_index(s)
        erasure.wipe_free_space(self.store.engine)
        return len(client_ids)
