"""The read-models of the printouts, assembled from the case file.

Plain values (:mod:`kimdesk.printing.read_models`) come out, never ORM objects, so the
renderers in ``kimdesk.printing`` need no store.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kimdesk import catalogues
from kimdesk.core.dates import PartialDate
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.core.vocabulary import CaseType
from kimdesk.printing.read_models import (
    AppointmentInfo,
    ConsentData,
    ConsentItem,
    Contact,
    PlanData,
    PlanGoal,
    Recipient,
    Sender,
    SlipData,
    Step,
)
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import (
    Appointment,
    Case,
    Client,
    Consent,
    Goal,
    HouseholdMember,
    Referral,
)


# -- shared pieces ----------------------------------------------------------------------
def sender_for(settings: dict) -> Sender:
    """District office from the catalogue; the setting ``office`` may override fields
    (e.g. a case manager placed in a town hall). ``settings``: ``store.settings()``, read
    before a session is opened."""
    values: dict[str, str] = {}
    district_id = settings.get("district_id") or ""
    if district_id:
        try:
            office = catalogues.district(district_id).office
            values = {k: getattr(office, k) for k in Sender.__dataclass_fields__}
        except catalogues.UnknownDistrictError:
            values = {}
    override = settings.get("office")
    if isinstance(override, dict):
        values.update({k: str(v) for k, v in override.items() if k in Sender.__dataclass_fields__
                       and v})
    if not values.get("name"):
        values["name"] = "Kommunales Integrationsmanagement"
    return Sender(**{k: "" if placeholder(v) else v for k, v in values.items()})


def placeholder(value: str) -> bool:
    """The catalogue's stand-ins ("0000 000000-0", "…@example.org") are never printed:
    the office's real details come from Einstellungen."""
    text = str(value or "").strip()
    return text.startswith("0000") or text.endswith(("example.org", "example.com"))


def contact_for(settings: dict, sender: Sender, case_manager: str = "") -> Contact:
    name = case_manager or str(settings.get("case_manager") or "") or "Case Management"
    return Contact(name=name,
                   phone=str(settings.get("case_manager_phone") or sender.phone),
                   email=str(settings.get("case_manager_email") or sender.email),
                   hours=str(settings.get("consultation_hours") or ""))


def _birth(text: str | None) -> str:
    pd = PartialDate.from_iso(text) if text else None
    return pd.german() if pd else ""


def recipient_of(client: Client, name: str | None = None) -> Recipient:
    lines = tuple(line.strip() for line in (client.address or "").replace(",", "\n").split("\n")
                  if line.strip())
    full = name or " ".join(p for p in (client.given_names, client.family_name) if p)
    return Recipient(full, lines, _birth(client.birth_date))


def _client(s, client_id: int) -> Client:
    client = s.get(Client, client_id)
    if client is None:
        raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
    return client


def _next_appointment(s, client_id: int, now: datetime) -> AppointmentInfo | None:
    row = s.scalars(select(Appointment).where(Appointment.client_id == client_id,
                                              Appointment.starts_at >= now)
                    .order_by(Appointment.starts_at).limit(1)).first()
    return _appointment(row) if row else None


def _appointment(row: Appointment) -> AppointmentInfo:
    return AppointmentInfo(row.starts_at, row.duration_min, row.place, row.note)


# -- the plan ---------------------------------------------------------------------------
def plan_data(store: CaseStore, client_id: int, case_id: int | None = None,
              member_id: int | None = None, now: datetime | None = None,
              language: str = "de") -> PlanData:
    """``language``: the printout's second language; goals and steps written in it are
    printed beside the German."""
    now = now or datetime.now()
    settings = store.settings()
    with store.session() as s:
        client = _client(s, client_id)
        member = None
        if member_id is not None:
            member = s.get(HouseholdMember, member_id)
            if member is None or member.client_id != client_id:
                raise DomainError("Diese Person gehört nicht zum Haushalt der Klientin bzw. "
                                  "des Klienten.")
        case = _plan_case(s, client_id, case_id, member_id)
        goals = list(s.scalars(select(Goal).where(
            Goal.case_id == case.id,
            Goal.member_id.is_(None) if member_id is None else Goal.member_id == member_id)
            .options(selectinload(Goal.steps)).order_by(Goal.id)))
        if not goals:
            who = "dieses Haushaltsmitglied" if member else "diese Person"
            raise DomainError(f"Für {who} gibt es in diesem Fall noch keine Ziele. Bitte "
                              "zuerst Ziele und Schritte vereinbaren.")
        sender = sender_for(settings)
        person = member.display_name if member else " ".join(
            p for p in (client.given_names, client.family_name) if p)
        plan_goals = tuple(
            PlanGoal(g.title, catalogues.label("life_areas", g.life_area) if g.life_area else "",
                     g.status, tuple(Step(st.description, st.responsible, st.due_on, st.status,
                                          st.description_other if g.other_language == language
                                          else "")
                                     for st in g.steps),
                     g.title_other if g.other_language == language else "")
            for g in goals)
        return PlanData(
            sender=sender, contact=contact_for(settings, sender, case.case_manager),
            recipient=recipient_of(client, person if member else None), person=person,
            person_birth_date=_birth(member.birth_date if member else client.birth_date),
            case_label=CaseType(case.case_type).label, case_opened_on=case.opened_on,
            goals=plan_goals, next_appointment=_next_appointment(s, client_id, now),
            client_id=client_id, case_id=case.id, member_id=member_id)


def _plan_case(s, client_id: int, case_id: int | None, member_id: int | None) -> Case:
    if case_id is not None:
        case = s.get(Case, case_id)
        if case is None or case.client_id != client_id:
            raise DomainError("Dieser Fall gehört nicht zu dieser Person.")
        return case
    cases = list(s.scalars(select(Case).where(Case.client_id == client_id)
                           .order_by(Case.closed_on.is_not(None), Case.opened_on.desc())))
    if not cases:
        raise DomainError("Für diese Person gibt es keinen Fall und damit keinen "
                          "Integrationsplan.")
    for case in cases:  # open cases first, newest first: the first with goals
        has_goals = s.scalar(select(Goal.id).where(
            Goal.case_id == case.id,
            Goal.member_id.is_(None) if member_id is None else Goal.member_id == member_id)
            .limit(1))
        if has_goals:
            return case
    return cases[0]


# -- consent form -----------------------------------------------------------------------
def consent_data(store: CaseStore, client_id: int,
                 institutions: list[tuple[str, str]] | None = None) -> ConsentData:
    """Institutions: given explicitly, else those with an active release on file and
    those the open cases referred to."""
    settings = store.settings()
    with store.session() as s:
        client = _client(s, client_id)
        if institutions is None:
            found: dict[str, str] = {}
            for c in s.scalars(select(Consent).where(Consent.client_id == client_id,
                                                     Consent.scope == "sharing",
                                                     Consent.withdrawn_on.is_(None))):
                found.setdefault(c.institution, c.note)
            for r in s.scalars(select(Referral).join(Case, Case.id == Referral.case_id).where(
                    Case.client_id == client_id, Case.closed_on.is_(None))
                    .order_by(Referral.referred_on)):
                found.setdefault(r.institution_name, r.purpose)
            institutions = list(found.items())
        items = tuple(ConsentItem(name.strip(), (purpose or "").strip())
                      for name, purpose in institutions if name and name.strip())
        sender = sender_for(settings)
        return ConsentData(sender, contact_for(settings, sender), recipient_of(client), items,
                           client_id)


# -- appointment slip -------------------------------------------------------------------
def slip_data(store: CaseStore, client_id: int, appointment_id: int | None = None,
              now: datetime | None = None) -> SlipData:
    settings = store.settings()
    with store.session() as s:
        client = _client(s, client_id)
        if appointment_id is not None:
            row = s.get(Appointment, appointment_id)
            if row is None or row.client_id != client_id:
                raise DomainError("Dieser Termin gehört nicht zu dieser Person.")
        else:
            row = s.scalars(select(Appointment).where(
                Appointment.client_id == client_id,
                Appointment.starts_at >= (now or datetime.now()))
                .order_by(Appointment.starts_at).limit(1)).first()
            if row is None:
                raise DomainError("Für diese Person ist kein künftiger Termin eingetragen. "
                                  "Bitte zuerst einen Termin anlegen.")
        case_manager = ""
        if row.case_id is not None:
            case = s.get(Case, row.case_id)
            case_manager = case.case_manager if case else ""
        sender = sender_for(settings)
        return SlipData(sender, contact_for(settings, sender, case_manager), recipient_of(client),
                        _appointment(row), client_id, row.case_id)
