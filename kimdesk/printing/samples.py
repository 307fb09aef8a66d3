"""Synthetic plans for previews, tests and benchmarks (no real person, no store needed)."""

from datetime import date, datetime, timedelta

from kimdesk import catalogues
from kimdesk.printing.read_models import (
    AppointmentInfo,
    Contact,
    DocumentStamp,
    PlanData,
    PlanGoal,
    Recipient,
    Sender,
    Step,
)

RESPONSIBLE = ("Amal Haddad", "Case Management", "Jobcenter Kreis Kleve", "MBE Caritas Kleve")
STATUSES = ("open", "in_progress", "done", "dropped")
STEP_TEXTS = (
    "Anmeldung beim Sprachkursträger ausfüllen und Unterlagen mitbringen",
    "Termin bei der Ausländerbehörde vereinbaren",
    "Zeugnisse übersetzen lassen",
    "Kita-Anmeldung im Portal ausfüllen",
    "Bewerbungsunterlagen gemeinsam durchsehen",
)


def sample_plan(goals: int = 4, steps: int = 10, district_id: str = "kleve") -> PlanData:
    """A plan with ``goals`` goals and ``steps`` steps spread evenly over them."""
    office = catalogues.district(district_id).office
    sender = Sender(office.name, office.department, office.street, office.postcode,
                    office.city, office.phone, office.email)
    areas = [e.label for e in catalogues.catalogue("life_areas")]
    plan_goals = []
    number = 0
    for g in range(goals):
        count = steps // goals + (1 if g < steps % goals else 0)
        rows = []
        for _ in range(count):
            number += 1
            rows.append(Step(f"{STEP_TEXTS[number % len(STEP_TEXTS)]} (Schritt {number})",
                             RESPONSIBLE[number % len(RESPONSIBLE)],
                             date(2025, 4, 1) + timedelta(days=7 * number),
                             STATUSES[number % len(STATUSES)]))
        plan_goals.append(PlanGoal(f"Ziel {g + 1}: Frau Haddad erreicht einen nächsten Schritt "
                                   f"im Bereich {areas[g % len(areas)]}.",
                                   areas[g % len(areas)], "open", tuple(rows)))
    return PlanData(
        sender=sender, contact=Contact("Maria Schneider", "02821 594-123",
                                       "m.schneider@example.org"),
        recipient=Recipient("Amal Haddad", ("Hauptstraße 5", "47533 Kleve"), "03.1985"),
        person="Amal Haddad", person_birth_date="03.1985",
        case_label="Rechtskreisübergreifendes Case Management", case_opened_on=date(2025, 1, 10),
        goals=tuple(plan_goals),
        next_appointment=AppointmentInfo(datetime(2025, 4, 14, 10, 0), 45,
                                         "Rathaus Goch, Zimmer 12", "Pass mitbringen"),
        client_id=1, case_id=1)


def sample_stamp(language: str = "de", version: int = 1) -> DocumentStamp:
    return DocumentStamp("IP-20250312-7KQ2MX", "plan", version, datetime(2025, 3, 12, 14, 5),
                         1, 1, None, language)
