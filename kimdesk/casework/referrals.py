"""Referrals (Verweisberatung), reminders and gap reports (Lücken)."""

from datetime import date

from sqlalchemy import select

from kimdesk.casework import audit, consent_rules
from kimdesk.core.dates import parse_date
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.core.names import tokens
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Case, Client, GapReport, Referral, Reminder, Service

REFERRAL_OUTCOMES = ("pending", "appointment_made", "service_received", "declined_by_service",
                     "client_did_not_go", "waiting_list", "unknown")


def refuse_names(text: str, client: Client | None) -> None:
    """A gap report is counted and shared in figures: it must not name the person."""
    if client is None:
        return
    words = set(tokens(text))
    names = [n for n in tokens(f"{client.given_names} {client.family_name}") if len(n) >= 3]
    found = [n for n in names if n in words]
    if found:
        raise DomainError("Die Beschreibung enthält den Namen der Person. Lücken werden ohne "
                          "Namen festgehalten — bitte z. B. „die Klientin“ schreiben.")


#: the kinds of entry a Wiedervorlage can be made from (Heute's kinds of line)
REMINDER_SOURCES = frozenset({"", "step", "follow_up", "appointment", "expiring",
                              "no_contact"})


class ReferralService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def refer(self, case_id: int, referred_on: date | str, institution_name: str = "",
              institution_type: str = "", service_id: int | None = None, purpose: str = "",
              life_area: str = "", follow_up_on: date | str | None = None,
              exception_reason: str = "") -> int:
        """Refer to a service from the directory (service_id) or a named institution.

        Needs a Schweigepflichtentbindung for that institution on the day of the referral,
        or a recorded exception (:mod:`kimdesk.casework.consent_rules`)."""
        when = parse_date(referred_on, "Vermittelt am")
        follow = parse_date(follow_up_on, "Nachfassen am")
        if when is None:
            raise DomainError("Bitte das Datum der Vermittlung angeben.")
        if follow is not None and follow < when:
            raise DomainError("Das Nachfassen kann nicht vor der Vermittlung liegen.")
        with self.store.session() as s, s.begin():
            case = s.get(Case, case_id)
            if case is None:
                raise NotFoundError("Diesen Fall gibt es nicht (mehr).")
            if case.closed_on is not None:
                raise DomainError("Der Fall ist abgeschlossen. Bitte ihn zuerst wieder "
                                  "aufnehmen.")
            if service_id is not None:
                service = s.get(Service, service_id)
                if service is None:
                    raise NotFoundError("Diese Stelle ist nicht im Versorgungssystem.")
                institution_name = institution_name or service.name
                institution_type = institution_type or service.institution_type
            if not institution_name.strip():
                raise DomainError("Bitte die Stelle angeben, an die vermittelt wird.")
            consent_rules.require(s, case.client_id, consent_rules.SHARING, "referral", when,
                                  institution_name.strip(), exception_reason, self.actor)
            row = Referral(case_id=case_id, service_id=service_id,
                           institution_name=institution_name.strip(),
                           institution_type=institution_type or "other", purpose=purpose.strip(),
                           life_area=life_area, referred_on=when, follow_up_on=follow)
            s.add(row)
            s.flush()
            audit.record(s, "created", "referral", row.id, case.client_id, actor=self.actor)
            return row.id

    def record_outcome(self, referral_id: int, outcome: str,
                       follow_up_on: date | str | None = None, exception_reason: str = "",
                       on: date | None = None) -> None:
        """What came of a referral — an exchange with the institution, so it needs the
        Schweigepflichtentbindung on the day it is recorded, like the referral itself."""
        if outcome not in REFERRAL_OUTCOMES:
            raise DomainError(f"Unbekanntes Ergebnis einer Vermittlung: {outcome}.")
        with self.store.session() as s, s.begin():
            row = s.get(Referral, referral_id)
            if row is None:
                raise NotFoundError("Diese Vermittlung gibt es nicht (mehr).")
            case = s.get(Case, row.case_id)
            if case is not None and outcome != row.outcome:
                consent_rules.require(s, case.client_id, consent_rules.SHARING,
                                      "referral_outcome", on or date.today(),
                                      row.institution_name, exception_reason, self.actor)
            row.outcome = outcome
            row.follow_up_on = parse_date(follow_up_on, "Nachfassen am")
            audit.record(s, "updated", "referral", row.id, case.client_id if case else None,
                         summary="outcome", actor=self.actor)

    def referrals(self, case_id: int) -> list[Referral]:
        with self.store.session() as s:
            return list(s.scalars(select(Referral).where(Referral.case_id == case_id)
                                  .order_by(Referral.referred_on.desc())))

    # -- reminders ---------------------------------------------------------------------
    def remind(self, due_on: date | str, text: str, client_id: int | None = None,
               case_id: int | None = None, source_kind: str = "",
               source_id: int | None = None) -> int:
        """A Wiedervorlage; ``source_kind``/``source_id`` name the entry it was made from
        (see :data:`REMINDER_SOURCES`), so that opening it lands on that entry."""
        due = parse_date(due_on, "Erinnerung am")
        if due is None or not text.strip():
            raise DomainError("Eine Erinnerung braucht ein Datum und einen Text.")
        if source_kind not in REMINDER_SOURCES:
            source_kind, source_id = "", None
        with self.store.session() as s, s.begin():
            row = Reminder(due_on=due, text=text.strip(), client_id=client_id, case_id=case_id,
                           source_kind=source_kind, source_id=source_id)
            s.add(row)
            s.flush()
            audit.record(s, "created", "reminder", row.id, client_id, actor=self.actor)
            return row.id

    def complete_reminder(self, reminder_id: int, on: date | None = None) -> None:
        with self.store.session() as s, s.begin():
            row = s.get(Reminder, reminder_id)
            if row is None:
                raise NotFoundError("Diese Erinnerung gibt es nicht (mehr).")
            row.done_on = on or date.today()

    # -- gap reports -------------------------------------------------------------------
    def report_gap(self, category: str, reported_on: date | str, description: str,
                   legal_system: str = "", institution_type: str = "",
                   institution_name: str = "", life_area: str = "",
                   case_id: int | None = None) -> int:
        """Record a gap or barrier in the standard form, so it can be counted."""
        when = parse_date(reported_on, "Festgestellt am")
        if not category:
            raise DomainError("Bitte die Art der Lücke wählen.")
        if when is None:
            raise DomainError("Bitte das Datum angeben.")
        if not description.strip():
            raise DomainError("Bitte die Lücke kurz beschreiben (ohne Namen).")
        with self.store.session() as s, s.begin():
            client_id = None
            if case_id is not None:
                case = s.get(Case, case_id)
                if case is None:
                    raise NotFoundError("Diesen Fall gibt es nicht (mehr).")
                client_id = case.client_id
                refuse_names(description, s.get(Client, client_id))
            row = GapReport(category=category, reported_on=when, description=description.strip(),
                            legal_system=legal_system, institution_type=institution_type,
                            institution_name=institution_name.strip(), life_area=life_area,
                            case_id=case_id)
            s.add(row)
            s.flush()
            audit.record(s, "created", "gap_report", row.id, client_id, actor=self.actor)
            return row.id

    def gaps(self, case_id: int | None = None) -> list[GapReport]:
        with self.store.session() as s:
            stmt = select(GapReport).order_by(GapReport.reported_on.desc())
            if case_id is not None:
                stmt = stmt.where(GapReport.case_id == case_id)
            return list(s.scalars(stmt))
