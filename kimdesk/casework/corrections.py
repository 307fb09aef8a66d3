"""Correct or delete any entry of a file — the client's right to rectification (Art. 16
DSGVO) and the case manager's own typing mistakes.

Every correction names the changed fields and the reason in the Verlauf (never the old or
new values) in the same transaction. Statistics are computed from the stored entries, so
the corrected entry is what every later count sees.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, object_session

from kimdesk import catalogues
from kimdesk.casework import audit
from kimdesk.casework.cases import contact_duration
from kimdesk.casework.clients import update_search_index
from kimdesk.casework.referrals import refuse_names
from kimdesk.core.dates import PartialDate, german, parse_date
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import (
    Assessment,
    Case,
    Consent,
    Contact,
    ContactLifeArea,
    GapReport,
    Goal,
    HouseholdMember,
    PlanStep,
    Referral,
)

Rule = Callable[[Any], Any]


def text(value: Any) -> str:
    return str(value or "").strip()


def required(message: str) -> Rule:
    def rule(value: Any) -> str:
        if not text(value):
            raise DomainError(message)
        return text(value)
    return rule


def a_date(label: str, needed: bool = True) -> Rule:
    def rule(value: Any) -> date | None:
        day = parse_date(value, label)
        if day is None and needed:
            raise DomainError(f"Bitte „{label}“ angeben.")
        return day
    return rule


def one_of(options: Callable[[], list[str]], message: str, empty: bool = False) -> Rule:
    def rule(value: Any) -> str:
        value = text(value)
        if (empty and not value) or value in options():
            return value
        raise DomainError(message)
    return rule


def whole_number(low: int, high: int, message: str) -> Rule:
    def rule(value: Any) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise DomainError(message) from None
        if not low <= number <= high:
            raise DomainError(message)
        return number
    return rule


def _ids(name: str) -> Callable[[], list[str]]:
    return lambda: [e.id for e in catalogues.catalogue(name)]


def _partial(value: Any) -> str | None:
    parsed = PartialDate.parse(value, "Geburtsdatum")
    return parsed.iso() if parsed else None


@dataclass(frozen=True)
class Kind:
    """One correctable kind of entry: its table, its fields with their rules."""

    model: type
    entity: str  # as named in the Verlauf
    rules: dict[str, Rule]
    client_of: Callable[[Session, Any], int | None]
    check: Callable[[Any], None] = lambda _row: None
    lists: dict[str, Any] = field(default_factory=dict)  # list fields and how to set them


def _case_client(s: Session, case_id: int) -> int:
    case = s.get(Case, case_id)
    if case is None:
        raise NotFoundError("Diesen Fall gibt es nicht (mehr).")
    return case.client_id


def _contact_check(row: Contact) -> None:
    if row.date > date.today():
        raise DomainError("Ein Kontakt kann nicht in der Zukunft liegen — für geplante "
                          "Treffen bitte einen Termin anlegen.")
    if row.date < row.case.opened_on:
        raise DomainError("Der Kontakt liegt vor dem Fallbeginn.")


def _assessment_check(row: Assessment) -> None:
    if not (row.resources or row.problems or row.client_view):
        raise DomainError("Bitte Ressourcen, Problemlagen oder die Sicht der Person "
                          "eintragen.")


def _referral_check(row: Referral) -> None:
    if row.follow_up_on is not None and row.follow_up_on < row.referred_on:
        raise DomainError("Das Nachfassen kann nicht vor der Vermittlung liegen.")


def _consent_check(row: Consent) -> None:
    if row.scope == "sharing" and not row.institution:
        raise DomainError("Eine Schweigepflichtentbindung gilt für eine bestimmte Stelle: "
                          "bitte die Stelle angeben.")
    if row.withdrawn_on is not None and row.withdrawn_on < row.given_on:
        raise DomainError("Der Widerruf kann nicht vor der Einwilligung liegen.")


def _gap_check(row: GapReport) -> None:
    s = object_session(row)
    case = s.get(Case, row.case_id) if row.case_id is not None and s is not None else None
    if case is not None:
        refuse_names(row.description, case.client)


def _member_check(row: HouseholdMember) -> None:
    if not (row.given_names or row.family_name):
        raise DomainError("Bitte einen Namen für das Haushaltsmitglied eingeben.")


def _set_life_areas(row: Contact, areas: list[str]) -> None:
    row.life_areas = [ContactLifeArea(life_area=a) for a in dict.fromkeys(areas)]


def _life_areas(value: Any) -> list[str]:
    known = set(_ids("life_areas")())
    areas = [a for a in (value or []) if a]
    if any(a not in known for a in areas):
        raise DomainError("Unbekannter Lebensbereich.")
    return areas


KINDS: dict[str, Kind] = {
    "contact": Kind(Contact, "contact", {
        "date": a_date("Kontaktdatum"),
        "form": one_of(_ids("contact_forms"), "Bitte die Kontaktform wählen."),
        "duration_min": contact_duration,
        "place": text, "interpreter_used": bool, "note": text,
    }, lambda s, r: _case_client(s, r.case_id), _contact_check,
        lists={"life_areas": (_life_areas, _set_life_areas,
                              lambda r: [a.life_area for a in r.life_areas])}),
    "assessment": Kind(Assessment, "assessment", {
        "life_area": one_of(_ids("life_areas"), "Bitte den Lebensbereich wählen."),
        "assessed_on": a_date("Datum des Assessments"),
        "priority": whole_number(1, 3, "Die Priorität ist hoch, mittel oder niedrig."),
        "resources": text, "problems": text, "client_view": text,
    }, lambda s, r: _case_client(s, r.case_id), _assessment_check),
    "goal": Kind(Goal, "goal", {
        "title": required("Bitte das Ziel in einem Satz formulieren."),
        "title_other": text,
        "life_area": one_of(_ids("life_areas"), "Unbekannter Lebensbereich.", empty=True),
    }, lambda s, r: _case_client(s, r.case_id)),
    "plan_step": Kind(PlanStep, "plan_step", {
        "description": required("Bitte beschreiben, was getan wird."),
        "description_other": text,
        "responsible": required("Jeder Schritt braucht eine verantwortliche Person oder "
                                "Stelle (wer macht es?)."),
        "due_on": a_date("Zu erledigen bis", needed=False),
    }, lambda s, r: _case_client(s, r.goal.case_id)),
    "referral": Kind(Referral, "referral", {
        "institution_name": required("Bitte die Stelle angeben, an die vermittelt wird."),
        "purpose": text,
        "life_area": one_of(_ids("life_areas"), "Unbekannter Lebensbereich.", empty=True),
        "referred_on": a_date("Vermittelt am"),
        "follow_up_on": a_date("Nachfassen am", needed=False),
    }, lambda s, r: _case_client(s, r.case_id), _referral_check),
    "gap_report": Kind(GapReport, "gap_report", {
        "category": required("Bitte die Art der Lücke wählen."),
        "reported_on": a_date("Festgestellt am"),
        "description": required("Bitte die Lücke kurz beschreiben (ohne Namen)."),
        "institution_name": text, "life_area": text, "legal_system": text,
    }, lambda s, r: _case_client(s, r.case_id) if r.case_id else None, _gap_check),
    "consent": Kind(Consent, "consent", {
        "scope": one_of(_ids("consent_scopes"), "Bitte die Art der Einwilligung wählen."),
        "given_on": a_date("Einwilligung erteilt am"),
        "institution": text, "note": text,
    }, lambda s, r: r.client_id, _consent_check),
    "household_member": Kind(HouseholdMember, "household_member", {
        "relation": required("Bitte angeben, in welcher Beziehung die Person steht."),
        "given_names": text, "family_name": text, "birth_date": _partial,
    }, lambda s, r: r.client_id, _member_check),
}


def _form_value(value: Any) -> Any:
    """Stored value → what a form shows (dates as TT.MM.JJJJ)."""
    if isinstance(value, date):
        return german(value)
    if value is None:
        return ""
    return value


class CorrectionService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def _row(self, s: Session, kind: str, row_id: int) -> tuple[Kind, Any]:
        spec = KINDS.get(kind)
        if spec is None:
            raise DomainError(f"Einträge der Art „{kind}“ lassen sich nicht korrigieren.")
        row = s.get(spec.model, row_id)
        if row is None:
            raise NotFoundError("Diesen Eintrag gibt es nicht (mehr).")
        return spec, row

    def values(self, kind: str, row_id: int) -> dict[str, Any]:
        """The entry as a correction form shows it."""
        with self.store.session() as s:
            spec, row = self._row(s, kind, row_id)
            values = {k: getattr(row, k) for k in spec.rules}
            values.update({k: get(row) for k, (_r, _s, get) in spec.lists.items()})
            born = PartialDate.from_iso(row.birth_date) if kind == "household_member" else None
            if born is not None:
                values["birth_date"] = born.german()
            return {k: _form_value(v) for k, v in values.items()}

    def correct(self, kind: str, row_id: int, values: dict[str, Any], reason: str) -> list[str]:
        """Apply the changed fields; returns their names (empty: nothing changed)."""
        reason = _reason(reason)
        with self.store.session() as s, s.begin():
            spec, row = self._row(s, kind, row_id)
            changed = []
            for key, raw in values.items():
                if key in spec.rules:
                    new = spec.rules[key](raw)
                    if getattr(row, key) != new:
                        setattr(row, key, new)
                        changed.append(key)
                elif key in spec.lists:
                    rule, setter, getter = spec.lists[key]
                    new = rule(raw)
                    if sorted(getter(row)) != sorted(new):
                        setter(row, new)
                        changed.append(key)
            if not changed:
                return []
            spec.check(row)
            s.flush()
            audit.record(s, "corrected", spec.entity, row.id, spec.client_of(s, row),
                         summary=", ".join(changed), actor=self.actor, reason=reason)
            if kind == "household_member":
                update_search_index(s, row.client)
            return changed

    def delete(self, kind: str, row_id: int, reason: str) -> None:
        """Remove an entry made by mistake; the Verlauf keeps that it was there and why."""
        reason = _reason(reason)
        with self.store.session() as s, s.begin():
            spec, row = self._row(s, kind, row_id)
            client_id = spec.client_of(s, row)
            if kind == "household_member":
                client = row.client
                client.household.remove(row)
            else:
                s.delete(row)
            s.flush()
            if kind == "household_member":
                update_search_index(s, client)
            audit.record(s, "deleted", spec.entity, row_id, client_id, actor=self.actor,
                         reason=reason)


def _reason(reason: str) -> str:
    reason = text(reason)
    if len(reason) < 3:
        raise DomainError("Bitte kurz den Grund der Korrektur angeben (z. B. „Tippfehler“, "
                          "„Dauer falsch erfasst“, „auf Wunsch der Person berichtigt“).")
    return reason
