"""Counts per entity, for ``kimdesk stats`` and a quick look at what a store holds."""

from sqlalchemy import func, select

from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import (
    Appointment,
    Assessment,
    Case,
    Client,
    Consent,
    Contact,
    GapReport,
    Goal,
    HouseholdMember,
    PlanStep,
    Referral,
    Reminder,
    Service,
)

ENTITIES = {
    "clients": Client, "household_members": HouseholdMember, "consents": Consent,
    "cases": Case, "contacts": Contact, "assessments": Assessment, "goals": Goal,
    "plan_steps": PlanStep, "referrals": Referral, "reminders": Reminder,
    "gap_reports": GapReport, "services": Service, "appointments": Appointment,
}


def entity_counts(store: CaseStore) -> dict[str, int]:
    with store.session() as s:
        counts = {name: s.scalar(select(func.count()).select_from(model)) or 0
                  for name, model in ENTITIES.items()}
        counts["open_cases"] = s.scalar(
            select(func.count(Case.id)).where(Case.closed_on.is_(None))) or 0
    return counts
