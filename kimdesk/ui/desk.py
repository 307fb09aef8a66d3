"""The unlocked profile: its store and the case-work services the views call, all typed.

Views reach the case file only through these services (never through the ORM); the store
itself is handed on to the printouts, sync and backups, which take it as their argument.
Each service is built (and its module imported) when a screen first asks for it: the first
screen, Heute, needs only its own, so the start does not wait for the name matcher, the
reconstruction workflow or the scrubber behind the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from kimdesk import catalogues
from kimdesk.casework.profiles import Profile, check_passphrase

if TYPE_CHECKING:
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
    from kimdesk.casework.referrals import ReferralService
    from kimdesk.casework.today import AgendaActions, TodayService
    from kimdesk.reconstruction.workflow import ReconstructionService
    from kimdesk.store.case_store import CaseStore


@dataclass
class Desk:
    """One open case file and a service per area of case work (the desk's container)."""

    profile: Profile
    store: CaseStore
    case_manager: str
    district_id: str

    @classmethod
    def open(cls, profile: Profile, store: CaseStore) -> Desk:
        settings = store.settings()
        return cls(profile=profile, store=store,
                   case_manager=str(settings.get("case_manager", "")),
                   district_id=str(settings.get("district_id", "")))

    # -- the services, each built on first use ------------------------------------------
    @cached_property
    def clients(self) -> ClientService:
        from kimdesk.casework.clients import ClientService

        return ClientService(self.store, self.case_manager)

    @cached_property
    def cases(self) -> CaseService:
        from kimdesk.casework.cases import CaseService

        return CaseService(self.store, self.case_manager)

    @cached_property
    def plans(self) -> PlanService:
        from kimdesk.casework.plans import PlanService

        return PlanService(self.store, self.case_manager)

    @cached_property
    def referrals(self) -> ReferralService:
        from kimdesk.casework.referrals import ReferralService

        return ReferralService(self.store, self.case_manager)

    @cached_property
    def directory(self) -> DirectoryService:
        from kimdesk.casework.directory import DirectoryService

        return DirectoryService(self.store)

    @cached_property
    def drafts(self) -> DraftService:
        from kimdesk.casework.drafts import DraftService

        return DraftService(self.store)

    @cached_property
    def history(self) -> HistoryService:
        from kimdesk.casework.history import HistoryService

        return HistoryService(self.store)

    @cached_property
    def today(self) -> TodayService:
        from kimdesk.casework.today import TodayService

        return TodayService(self.store, self.case_manager)

    @cached_property
    def agenda_actions(self) -> AgendaActions:
        from kimdesk.casework.today import AgendaActions

        return AgendaActions(self.store, self.case_manager)

    @cached_property
    def appointments(self) -> AppointmentService:
        from kimdesk.casework.appointments import AppointmentService

        return AppointmentService(self.store, self.case_manager)

    @cached_property
    def corrections(self) -> CorrectionService:
        from kimdesk.casework.corrections import CorrectionService

        return CorrectionService(self.store, self.case_manager)

    @cached_property
    def duplicates(self) -> DuplicateService:
        from kimdesk.casework.duplicates import DuplicateService

        return DuplicateService(self.store, self.case_manager)

    @cached_property
    def settings(self) -> SettingsService:
        from kimdesk.casework.desk_settings import SettingsService

        return SettingsService(self.store)

    @cached_property
    def my_figures(self) -> MyFiguresService:
        from kimdesk.casework.my_figures import MyFiguresService

        return MyFiguresService(self.store)

    @cached_property
    def attachments(self) -> AttachmentService:
        from kimdesk.casework.attachments import AttachmentService

        return AttachmentService(self.store, self.case_manager)

    @cached_property
    def reconstructions(self) -> ReconstructionService:
        from kimdesk.reconstruction.workflow import ReconstructionService

        return ReconstructionService(self.store, self.case_manager)

    # -- the profile ----------------------------------------------------------------------
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
