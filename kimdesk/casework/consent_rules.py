"""Consent that is enforced, not only recorded (issue #12, point 3).

Two rules, checked by the services in the transaction that writes:

* **Sharing** — a referral to an institution, or recording what came back from it, needs a
  Schweigepflichtentbindung (scope ``sharing``) for *that* institution, valid on the day.
* **Documentation** — anything beyond a Kurzintervention's minimum (master data, the case,
  contacts, appointments) needs the consent to documentation: assessments, goals and plan
  steps, household members.

A consent counts from the day it was given until the day it was withdrawn: a withdrawal
stops what depended on it from then on; what was recorded before stays (erasure is
Art. 17, :mod:`kimdesk.casework.retention`). A case manager may act without the consent
when there is a reason that outweighs it (e.g. danger to a child): the exception is
recorded with its reason and appears in the Verlauf — never silent.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kimdesk.casework import audit
from kimdesk.core.dates import german
from kimdesk.core.errors import DomainError
from kimdesk.core.names import fold
from kimdesk.store.models import Consent, ConsentException

SHARING = "sharing"
DOCUMENTATION = "documentation"
MIN_REASON = 10

#: what each rule protects, in the words of the message
WHAT = {
    "referral": "die Vermittlung an {institution}",
    "referral_outcome": "das Festhalten einer Rückmeldung von {institution}",
    "assessment": "ein Assessment",
    "goal": "ein Ziel der Zielvereinbarung",
    "plan_step": "einen Schritt der Zielvereinbarung",
    "household_member": "Angaben zu Haushaltsmitgliedern",
}


class ConsentMissingError(DomainError):
    """The consent a rule needs is missing or withdrawn; the desk offers an exception."""

    def __init__(self, message: str, scope: str, action: str, institution: str = "") -> None:
        super().__init__(message)
        self.scope = scope
        self.action = action
        self.institution = institution


def same_institution(a: str, b: str) -> bool:
    """Institution names compare by their folded spelling ("Jobcenter  Kleve" = "jobcenter
    kleve")."""
    return bool(fold(a)) and fold(a) == fold(b)


def _valid_on(consent: Consent, day: date) -> bool:
    return consent.given_on <= day and (consent.withdrawn_on is None
                                        or day < consent.withdrawn_on)


def _consents(s: Session, client_id: int, scope: str) -> list[Consent]:
    return list(s.scalars(select(Consent).where(Consent.client_id == client_id,
                                                Consent.scope == scope)
                          .order_by(Consent.given_on)))


def require(s: Session, client_id: int, scope: str, action: str, day: date,
            institution: str = "", exception_reason: str = "", actor: str = "") -> None:
    """Pass if a consent of ``scope`` (for ``institution``) is valid on ``day``; else record
    the exception when a reason is given, or raise :class:`ConsentMissingError`."""
    consents = [c for c in _consents(s, client_id, scope)
                if scope != SHARING or same_institution(c.institution, institution)]
    if any(_valid_on(c, day) for c in consents):
        return
    reason = (exception_reason or "").strip()
    if reason:
        if len(reason) < MIN_REASON:
            raise DomainError("Bitte die Ausnahme nachvollziehbar begründen (mindestens "
                              f"{MIN_REASON} Zeichen, z. B. „Gefahr für das Kindeswohl“).")
        row = ConsentException(client_id=client_id, scope=scope, institution=institution,
                               action=action, reason=reason, actor=actor)
        s.add(row)
        s.flush()
        audit.record(s, "consent_exception", action, row.id, client_id, summary=scope,
                     actor=actor)
        return
    raise ConsentMissingError(_message(consents, scope, action, day, institution), scope,
                              action, institution)


def _message(consents: list[Consent], scope: str, action: str, day: date,
             institution: str) -> str:
    what = WHAT.get(action, action).format(institution=institution or "diese Stelle")
    withdrawn = [c for c in consents if c.withdrawn_on is not None and c.withdrawn_on <= day]
    later = [c for c in consents if c.given_on > day]
    if scope == SHARING:
        needed = f"eine Schweigepflichtentbindung gegenüber {institution or 'der Stelle'}"
    else:
        needed = "die Einwilligung in die Dokumentation"
    if withdrawn:
        last = max(c.withdrawn_on for c in withdrawn if c.withdrawn_on)
        text = (f"Für {what} fehlt {needed}: sie wurde am {german(last)} widerrufen. "
                "Seitdem ist das nicht mehr erlaubt; bereits Erfasstes bleibt.")
    elif later:
        text = (f"Für {what} fehlt {needed} am {german(day)}: sie wurde erst am "
                f"{german(min(c.given_on for c in later))} erteilt.")
    else:
        text = f"Für {what} fehlt {needed}."
    return (text + " Bitte unter „Einwilligungen“ erfassen — oder, wenn ein wichtiger Grund "
                   "es verlangt, eine begründete Ausnahme festhalten.")


def dependents_of_withdrawal(scope: str, institution: str = "") -> str:
    """What a withdrawal stops, in German, for the message after withdrawing."""
    if scope == SHARING:
        return (f"Ab heute keine Vermittlung an {institution or 'die Stelle'} und kein "
                "Austausch mehr mit ihr. Bereits Erfasstes bleibt.")
    if scope == DOCUMENTATION:
        return ("Ab heute wird nur noch das Minimum einer Kurzintervention dokumentiert: "
                "kein Assessment, keine Ziele oder Schritte, keine Haushaltsangaben. Bereits "
                "Erfasstes bleibt; auf Wunsch der Person kann die Akte gelöscht werden "
                "(Art. 17).")
    return "Bereits Erfasstes bleibt."
