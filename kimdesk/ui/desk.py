"""The unlocked profile: its store and the case-work services the views call."""

from dataclasses import dataclass, field
from typing import Any

from kimdesk import catalogues
from kimdesk.casework.appointments import AppointmentService
from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.casework.directory import DirectoryService
from kimdesk.casework.drafts import DraftService
from kimdesk.casework.history import HistoryService
from kimdesk.casework.plans import PlanService
from kimdesk.casework.profiles import Profile, check_passphrase
from kimdesk.casework.referrals import ReferralService
from kimdesk.casework.today import TodayService
from kimdesk.reconstruction.workflow import ReconstructionService


@dataclass
class Desk:
    profile: Profile
    store: Any  # kimdesk.store.case_store.CaseStore (the ui does not import the store)
    case_manager: str = ""
    district_id: str = ""
    services: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, profile: Profile, store: Any) -> "Desk":
        settings = store.settings()
        actor = str(settings.get("case_manager", ""))
        desk = cls(profile, store, actor, str(settings.get("district_id", "")))
        desk.clients = ClientService(store, actor)
        desk.cases = CaseService(store, actor)
        desk.plans = PlanService(store, actor)
        desk.referrals = ReferralService(store, actor)
        desk.directory = DirectoryService(store)
        desk.drafts = DraftService(store)
        desk.history = HistoryService(store)
        desk.today = TodayService(store)
        desk.appointments = AppointmentService(store, actor)
        desk.reconstructions = ReconstructionService(store, actor)
        return desk

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
