"""Cases: opening, type changes, phases, closing and re-opening, and contacts.

The rules of Kleve 5.1 live here, not in the screens: a Kurzintervention that needs more
than five sessions must become another case type; a closed case takes no contacts until it
is re-opened; the history of type and phase changes is kept for the statistics.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kimdesk.casework import audit
from kimdesk.core.dates import parse_date
from kimdesk.core.errors import DomainError, NeedsTypeChangeError, NotFoundError
from kimdesk.core.vocabulary import (
    PHASE_ORDER,
    SHORT_INTERVENTION_MAX_CONTACTS,
    CaseType,
    Phase,
)
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Case, CaseEvent, Client, Contact, ContactLifeArea

CONTACT_FORMS = ("sprechstunde", "outreach", "phone", "accompaniment", "video", "email")


def contact_duration(value: object) -> int:
    """The one rule for a contact's length in minutes (logging and correcting)."""
    try:
        minutes = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        minutes = 0
    if not 1 <= minutes <= 600:
        raise DomainError("Die Dauer muss zwischen 1 und 600 Minuten liegen.")
    return minutes


@dataclass(frozen=True)
class ContactInput:
    """What the contact form collects; validated by :meth:`CaseService.log_contact`."""

    date: date | str
    form: str
    duration_min: int = 30
    life_areas: tuple[str, ...] = ()
    place: str = ""
    interpreter_used: bool = False
    note: str = ""


def _case_type(value: str | CaseType) -> CaseType:
    try:
        return CaseType(value)
    except ValueError as exc:
        raise DomainError(f"Unbekannte Fallart: {value}.") from exc


class CaseService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    @staticmethod
    def _get(s: Session, case_id: int) -> Case:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFoundError("Diesen Fall gibt es nicht (mehr).")
        return case

    def _event(self, s: Session, case: Case, kind: str, on: date, from_value: str = "",
               to_value: str = "", reason: str = "") -> None:
        s.add(CaseEvent(case_id=case.id, on=on, kind=kind, from_value=from_value,
                        to_value=to_value, reason=reason))
        audit.record(s, kind, "case", case.id, case.client_id,
                     summary=f"{from_value}→{to_value}" if to_value else "", actor=self.actor)

    # -- lifecycle -------------------------------------------------------------------
    def open_case(self, client_id: int, case_type: str | CaseType, opened_on: date | str,
                  access_path: int = 1, referred_by_type: str = "", referred_by: str = "",
                  case_manager: str = "") -> int:
        ctype = _case_type(case_type)
        opened = parse_date(opened_on, "Fallbeginn")
        if opened is None:
            raise DomainError("Bitte das Datum des Fallbeginns angeben.")
        if access_path not in (1, 2):
            raise DomainError("Der Zugang ist entweder Ebene 1 oder Ebene 2.")
        if access_path == 2 and not (referred_by_type or referred_by):
            raise DomainError("Bei Zugang über Ebene 2 bitte die meldende Institution angeben.")
        with self.store.session() as s, s.begin():
            if s.get(Client, client_id) is None:
                raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
            case = Case(client_id=client_id, case_type=ctype.value, opened_on=opened,
                        access_path=access_path, referred_by_type=referred_by_type,
                        referred_by=referred_by.strip(), phase=Phase.INTAKE.value,
                        case_manager=case_manager or self.actor)
            s.add(case)
            s.flush()
            self._event(s, case, "opened", opened, to_value=ctype.value)
            return case.id

    def get(self, case_id: int) -> Case:
        with self.store.session() as s:
            case = s.scalars(select(Case).where(Case.id == case_id).options(
                selectinload(Case.events), selectinload(Case.contacts))).one_or_none()
            if case is None:
                raise NotFoundError("Diesen Fall gibt es nicht (mehr).")
            return case

    def cases_of(self, client_id: int) -> list[Case]:
        with self.store.session() as s:
            return list(s.scalars(select(Case).where(Case.client_id == client_id)
                                  .options(selectinload(Case.events))
                                  .order_by(Case.opened_on.desc())))

    def change_type(self, case_id: int, new_type: str | CaseType, on: date | str,
                    reason: str) -> None:
        ctype = _case_type(new_type)
        when = parse_date(on, "Datum der Änderung")
        if not reason.strip():
            raise DomainError("Bitte kurz begründen, warum sich die Fallart ändert.")
        with self.store.session() as s, s.begin():
            case = self._get(s, case_id)
            self._require_open(case)
            if case.case_type == ctype.value:
                raise DomainError("Der Fall hat diese Fallart bereits.")
            old = case.case_type
            case.case_type = ctype.value
            self._event(s, case, "type_changed", when or date.today(), old, ctype.value,
                        reason.strip())

    def change_phase(self, case_id: int, new_phase: str | Phase, on: date | str,
                     reason: str = "") -> None:
        try:
            phase = Phase(new_phase)
        except ValueError as exc:
            raise DomainError(f"Unbekannte Phase: {new_phase}.") from exc
        when = parse_date(on, "Datum")
        with self.store.session() as s, s.begin():
            case = self._get(s, case_id)
            self._require_open(case)
            if case.case_type != CaseType.CASE_MANAGEMENT and phase not in (
                    Phase.INTAKE, Phase.EVALUATION):
                raise DomainError("Phasen gibt es nur im rechtskreisübergreifenden Case "
                                  "Management. Bitte zuerst die Fallart ändern.")
            old = Phase(case.phase)
            if phase == old:
                return
            backwards = PHASE_ORDER.index(phase) < PHASE_ORDER.index(old)
            if backwards and not reason.strip():
                raise DomainError("Ein Schritt zurück (z. B. zum erneuten Assessment) braucht "
                                  "eine kurze Begründung.")
            case.phase = phase.value
            self._event(s, case, "phase_changed", when or date.today(), old.value, phase.value,
                        reason.strip())

    def close(self, case_id: int, on: date | str, reason: str, note: str = "") -> None:
        when = parse_date(on, "Abschlussdatum")
        if not reason:
            raise DomainError("Bitte einen Abschlussgrund wählen.")
        with self.store.session() as s, s.begin():
            case = self._get(s, case_id)
            self._require_open(case)
            if when is None or when < case.opened_on:
                raise DomainError("Der Abschluss kann nicht vor dem Fallbeginn liegen.")
            case.closed_on = when
            case.close_reason = reason
            self._event(s, case, "closed", when, to_value=reason, reason=note)

    def reopen(self, case_id: int, on: date | str, reason: str = "") -> None:
        """Wiedereintritt: participation is voluntary, clients may come back."""
        when = parse_date(on, "Datum der Wiederaufnahme")
        with self.store.session() as s, s.begin():
            case = self._get(s, case_id)
            if case.closed_on is None:
                raise DomainError("Der Fall ist nicht abgeschlossen.")
            if when is None or when < case.closed_on:
                raise DomainError("Die Wiederaufnahme kann nicht vor dem Abschluss liegen.")
            previous = case.close_reason
            case.closed_on = None
            case.close_reason = ""
            self._event(s, case, "reopened", when, previous, "", reason.strip())

    @staticmethod
    def _require_open(case: Case) -> None:
        if case.closed_on is not None:
            raise DomainError("Der Fall ist abgeschlossen. Bitte ihn zuerst wieder aufnehmen.")

    # -- contacts --------------------------------------------------------------------
    def log_contact(self, case_id: int, contact: ContactInput) -> int:
        when = parse_date(contact.date, "Kontaktdatum")
        if when is None:
            raise DomainError("Bitte das Datum des Kontakts angeben.")
        if contact.form not in CONTACT_FORMS:
            raise DomainError("Bitte die Kontaktform wählen (Sprechstunde, aufsuchend, "
                              "Telefon, Begleitung, Video, E-Mail).")
        duration = contact_duration(contact.duration_min)
        with self.store.session() as s, s.begin():
            case = self._get(s, case_id)
            self._require_open(case)
            if when < case.opened_on:
                raise DomainError("Der Kontakt liegt vor dem Fallbeginn.")
            if when > date.today():
                raise DomainError("Ein Kontakt kann nicht in der Zukunft liegen — für "
                                  "geplante Treffen bitte einen Termin anlegen.")
            if case.case_type == CaseType.SHORT:
                count = s.scalar(select(func.count(Contact.id)).where(
                    Contact.case_id == case_id)) or 0
                if count >= SHORT_INTERVENTION_MAX_CONTACTS:
                    raise NeedsTypeChangeError(
                        f"Eine Kurzintervention umfasst höchstens "
                        f"{SHORT_INTERVENTION_MAX_CONTACTS} Kontakte. Bitte den Fall in "
                        "Prozesshafte Begleitung oder Case Management umwandeln.")
            row = Contact(case_id=case_id, date=when, form=contact.form,
                          duration_min=duration, place=contact.place.strip(),
                          interpreter_used=contact.interpreter_used, note=contact.note.strip())
            row.life_areas = [ContactLifeArea(life_area=a) for a in dict.fromkeys(
                contact.life_areas)]
            s.add(row)
            s.flush()
            audit.record(s, "created", "contact", row.id, case.client_id, actor=self.actor)
            return row.id

    def contacts(self, case_id: int) -> list[Contact]:
        with self.store.session() as s:
            return list(s.scalars(select(Contact).where(Contact.case_id == case_id)
                                  .order_by(Contact.date.desc(), Contact.id.desc())))
