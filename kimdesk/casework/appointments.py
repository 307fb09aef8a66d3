"""Appointments (Termine): the next meeting, shown on Heute and printed on the Terminzettel."""

import re
from datetime import date, datetime, time

from sqlalchemy import select

from kimdesk.casework import audit
from kimdesk.core.dates import parse_date
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Appointment, Case, Client

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(?:uhr)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time:
    """'9:30', '09.30', '14:00 Uhr' -> time; a German sentence otherwise."""
    m = _TIME.match(text or "")
    if m:
        try:
            return time(int(m[1]), int(m[2]))
        except ValueError:
            pass
    raise DomainError(f"Uhrzeit: „{(text or '').strip()}“ ist keine gültige Uhrzeit "
                      "(Beispiel: 14:30).")


class AppointmentService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def schedule(self, client_id: int, on: date | str, at: time | str, place: str = "",
                 duration_min: int = 30, note: str = "", case_id: int | None = None,
                 now: datetime | None = None) -> int:
        day = parse_date(on, "Termin am")
        if day is None:
            raise DomainError("Bitte das Datum des Termins angeben.")
        when = datetime.combine(day, at if isinstance(at, time) else parse_time(at))
        if when < (now or datetime.now()).replace(second=0, microsecond=0):
            raise DomainError("Der Termin liegt in der Vergangenheit — bitte ein künftiges "
                              "Datum wählen (Vergangenes ist ein Kontakt).")
        if not 5 <= int(duration_min) <= 480:
            raise DomainError("Die Dauer eines Termins muss zwischen 5 und 480 Minuten liegen.")
        with self.store.session() as s, s.begin():
            if s.get(Client, client_id) is None:
                raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
            if case_id is not None:
                case = s.get(Case, case_id)
                if case is None or case.client_id != client_id:
                    raise DomainError("Dieser Fall gehört nicht zu der Person.")
            row = Appointment(client_id=client_id, case_id=case_id, starts_at=when,
                              duration_min=int(duration_min), place=place.strip(),
                              note=note.strip())
            s.add(row)
            s.flush()
            audit.record(s, "created", "appointment", row.id, client_id, actor=self.actor)
            return row.id

    def cancel(self, appointment_id: int, reason: str = "") -> None:
        with self.store.session() as s, s.begin():
            row = s.get(Appointment, appointment_id)
            if row is None:
                raise NotFoundError("Diesen Termin gibt es nicht (mehr).")
            audit.record(s, "cancelled", "appointment", row.id, row.client_id,
                         actor=self.actor, reason=reason.strip())
            s.delete(row)

    def move(self, appointment_id: int, on: date | str, at: time | str, place: str = "",
             reason: str = "", now: datetime | None = None) -> None:
        """Verlegen: a new day, time or place for the same appointment."""
        day = parse_date(on, "Termin am")
        if day is None:
            raise DomainError("Bitte das neue Datum des Termins angeben.")
        when = datetime.combine(day, at if isinstance(at, time) else parse_time(at))
        if when < (now or datetime.now()).replace(second=0, microsecond=0):
            raise DomainError("Der Termin liegt in der Vergangenheit — bitte ein künftiges "
                              "Datum wählen.")
        with self.store.session() as s, s.begin():
            row = s.get(Appointment, appointment_id)
            if row is None:
                raise NotFoundError("Diesen Termin gibt es nicht (mehr).")
            changed = [k for k, old, new in (("starts_at", row.starts_at, when),
                                             ("place", row.place, place.strip()))
                       if old != new]
            row.starts_at, row.place = when, place.strip()
            if changed:
                audit.record(s, "moved", "appointment", row.id, row.client_id,
                             summary=", ".join(changed), actor=self.actor,
                             reason=reason.strip())

    def upcoming(self, client_id: int, now: datetime | None = None) -> list[Appointment]:
        with self.store.session() as s:
            return list(s.scalars(select(Appointment).where(
                Appointment.client_id == client_id,
                Appointment.starts_at >= (now or datetime.now()).replace(hour=0, minute=0))
                .order_by(Appointment.starts_at)))
