"""What a printout shows: plain values, no ORM objects and no store.

``kimdesk.casework`` assembles these from the case file (``casework.printout_data``,
``casework.data_export``); the renderers in this package only read them, so they can be
tested, previewed and benchmarked without a store.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from kimdesk.core.vocabulary import StepStatus

KINDS = {
    "plan": ("IP", "Integrationsplan"),
    "consent": ("EW", "Einwilligungserklärung"),
    "slip": ("TZ", "Terminzettel"),
    "export": ("AK", "Auskunft nach Art. 15 DSGVO"),
    "steering_report": ("LG", "Bericht an die Lenkungsgruppe"),  # office, no client
}


@dataclass(frozen=True)
class DocumentStamp:
    """What the footer of a printout says about itself."""

    document_id: str
    kind: str
    version: int
    printed_at: datetime
    client_id: int
    case_id: int | None = None
    member_id: int | None = None
    language: str = "de"

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][1]


@dataclass(frozen=True)
class Sender:
    """The municipality or Kommunales Integrationszentrum in the letterhead."""

    name: str
    department: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""

    @property
    def return_line(self) -> str:
        place = " ".join(p for p in (self.postcode, self.city) if p)
        return " · ".join(p for p in (self.name, self.street, place) if p)


@dataclass(frozen=True)
class Contact:
    """The case manager and how to reach them."""

    name: str
    phone: str = ""
    email: str = ""
    hours: str = ""  # Sprechzeiten, e.g. "Di und Do 9–12 Uhr"


@dataclass(frozen=True)
class Recipient:
    name: str
    address_lines: tuple[str, ...] = ()
    birth_date: str = ""  # German, possibly partial ("03.1985")


@dataclass(frozen=True)
class Step:
    description: str
    responsible: str
    due_on: date | None
    status: str = "open"
    description_other: str = ""  # in the client's language, when it was written down


@dataclass(frozen=True)
class PlanGoal:
    title: str
    life_area: str = ""  # German label
    status: str = "open"
    steps: tuple[Step, ...] = ()
    title_other: str = ""  # in the client's language (printed when it is the 2nd language)


@dataclass(frozen=True)
class AppointmentInfo:
    starts_at: datetime
    duration_min: int = 30
    place: str = ""
    note: str = ""


@dataclass(frozen=True)
class PlanData:
    sender: Sender
    contact: Contact
    recipient: Recipient
    person: str  # whose plan: the client or a household member
    person_birth_date: str
    case_label: str
    case_opened_on: date | None
    goals: tuple[PlanGoal, ...]
    next_appointment: AppointmentInfo | None
    client_id: int = 0
    case_id: int | None = None
    member_id: int | None = None


@dataclass(frozen=True)
class ConsentItem:
    institution: str
    purpose: str = ""


@dataclass(frozen=True)
class ConsentData:
    sender: Sender
    contact: Contact
    recipient: Recipient
    institutions: tuple[ConsentItem, ...]
    client_id: int = 0


@dataclass(frozen=True)
class SlipData:
    sender: Sender
    contact: Contact
    recipient: Recipient
    appointment: AppointmentInfo
    client_id: int = 0
    case_id: int | None = None


@dataclass(frozen=True)
class ExportSection:
    title: str
    rows: tuple[tuple[str, str], ...] = ()  # label, value
    table_header: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ExportData:
    sender: Sender
    contact: Contact
    recipient: Recipient
    sections: tuple[ExportSection, ...] = field(default_factory=tuple)
    client_id: int = 0


def step_status_key(status: str) -> str:
    return f"status_{StepStatus(status).value}" if status in StepStatus._value2member_map_ \
        else "status_open"
