"""The unlocked profile: its store and the case-work services the views call, all typed.

Views reach the case file only through these services (never through the ORM); the store
itself is handed on to the printouts, sync and backups, which take it as their argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kimdesk import catalogues
from kimdesk.casework.appointments import AppointmentService
from kimdesk.casework.attachments import AttachmentService
from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.casework.corrections import CorrectionService
from kimdesk.casework.desk_settings import SettingsService
from kimdesk.casework.directory import DirectoryService
from kimdesk.casework.drafts import DraftService
from kimdesk.casework.duplicates import DuplicateService
from kimdesk.casework.history import HistoryService
from kimdesk.casework.my_figures import MyFiguresService
from kimdesk.casework.plans import PlanService
from kimdesk.casework.profiles import Profile, check_passphrase
from kimdesk.casework.referrals import ReferralService
from kimdesk.casework.today import AgendaActions, TodayService
from kimdesk.reconstruction.workflow import ReconstructionService

if TYPE_CHECKING:
    from kimdesk.store.case_store import CaseStore


@dataclass
class Desk:
    """One open case file and a service per area of case work (the desk's container)."""

    profile: Profile
    store: CaseStore
    case_manager: str
    district_id: str
    clients: ClientService
    cases: CaseService
    plans: PlanService
    referrals: ReferralService
    directory: DirectoryService
    drafts: DraftService
    history: HistoryService
    today: TodayService
    agenda_actions: AgendaActions
    appointments: AppointmentService
    corrections: CorrectionService
    duplicates: DuplicateService
    settings: SettingsService
    my_figures: MyFiguresService
    attachments: AttachmentService
    reconstructions: ReconstructionService

    @classmethod
    def open(cls, profile: Profile, store: CaseStore) -> Desk:
        settings = store.settings()
        actor = str(settings.get("case_manager", ""))
        return cls(
            profile=profile, store=store, case_manager=actor,
            district_id=str(settings.get("district_id", "")),
            clients=ClientService(store, actor), cases=CaseService(store, actor),
            plans=PlanService(store, actor), referrals=ReferralService(store, actor),
            directory=DirectoryService(store), drafts=DraftService(store),
            history=HistoryService(store), today=TodayService(store, actor),
            agenda_actions=AgendaActions(store, actor),
            appointments=AppointmentService(store, actor),
            corrections=CorrectionService(store, actor),
            duplicates=DuplicateService(store, actor),
            settings=SettingsService(store), my_figures=MyFiguresService(store),
            attachments=AttachmentService(store, actor),
            reconstructions=ReconstructionService(store, actor))

    @property
    def district(self) -> catalogues.District:
        return catalogues.district(self.district_id)

    def municipality_name(self, mid: str) -> str:
        try:
            return self.district.municipality(mid).name if mid else ""
        except KeyError:
            return mid

    def check_passphrase(self, passphrase: str) -> None:
        check_passphrase(self.store, passphrase)

    def close(self) -> None:
        self.store.close()
