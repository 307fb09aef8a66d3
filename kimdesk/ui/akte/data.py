"""Everything one Akte shows, loaded in one background call."""

from dataclasses import dataclass, field
from typing import Any

from kimdesk.ui.desk import Desk


@dataclass
class FileData:
    client: Any
    cases: list[Any] = field(default_factory=list)
    case: Any = None  # the selected case, with events
    contacts: list[Any] = field(default_factory=list)
    assessments: list[Any] = field(default_factory=list)
    goals: list[Any] = field(default_factory=list)
    referrals: list[Any] = field(default_factory=list)
    gaps: list[Any] = field(default_factory=list)
    history: list[Any] = field(default_factory=list)
    services: list[Any] = field(default_factory=list)
    appointments: list[Any] = field(default_factory=list)
    #: the second language of printouts when the client has none (Einstellungen)
    default_language: str = ""

    @property
    def case_id(self) -> int | None:
        return self.case.id if self.case is not None else None

    def member_name(self, member_id: int | None) -> str:
        if member_id is None:
            return self.client.display_name
        for m in self.client.household:
            if m.id == member_id:
                return m.display_name
        return "?"


def load_file(desk: Desk, client_id: int, case_id: int | None = None,
              with_services: bool = False) -> FileData:
    """Runs on the store worker. Picks the given case, else the newest open, else newest."""
    data = FileData(client=desk.clients.get(client_id))
    data.cases = desk.cases.cases_of(client_id)
    chosen = next((c for c in data.cases if c.id == case_id), None)
    if chosen is None and data.cases:
        chosen = next((c for c in data.cases if c.closed_on is None), data.cases[0])
    if chosen is not None:
        data.case = chosen
        data.contacts = desk.cases.contacts(chosen.id)
        data.assessments = desk.plans.assessments(chosen.id)
        data.goals = desk.plans.plan(chosen.id)
        data.referrals = desk.referrals.referrals(chosen.id)
        data.gaps = desk.referrals.gaps(chosen.id)
    data.history = desk.history.for_client(client_id)
    data.appointments = desk.appointments.upcoming(client_id)
    data.default_language = str(desk.store.setting("default_language") or "")
    if with_services:
        data.services = desk.directory.search()
    return data
