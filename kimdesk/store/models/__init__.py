"""ORM models of the case file. Import from here; the modules split them by topic."""

from kimdesk.store.models.base import Base
from kimdesk.store.models.cases import Assessment, Case, CaseEvent, Contact, ContactLifeArea
from kimdesk.store.models.clients import (
    Appointment,
    Client,
    Consent,
    ConsentException,
    HouseholdMember,
)
from kimdesk.store.models.directory import AuditEntry, Service, Setting
from kimdesk.store.models.documents import Attachment, PrintedDocument
from kimdesk.store.models.drafts import Draft
from kimdesk.store.models.handover import Handover, HandoverKey
from kimdesk.store.models.planning import GapReport, Goal, PlanStep, Referral, Reminder
from kimdesk.store.models.reconstructions import Reconstruction, ReconstructionReview
from kimdesk.store.models.retention import RetentionHold
from kimdesk.store.models.sync import (
    OfficeCatalogue,
    OfficeMessage,
    OutboxItem,
    SyncIdentity,
    SyncState,
)

__all__ = [
    "Appointment", "Assessment", "Attachment", "AuditEntry", "Base", "Case", "CaseEvent",
    "Client", "Consent",
    "ConsentException", "RetentionHold",
    "Contact", "ContactLifeArea", "Draft", "Handover", "HandoverKey", "GapReport", "Goal",
    "HouseholdMember", "PlanStep",
    "PrintedDocument", "Reconstruction", "ReconstructionReview", "Referral", "Reminder",
    "Service", "Setting",
    "OfficeCatalogue", "OfficeMessage", "OutboxItem", "SyncIdentity", "SyncState",
]
