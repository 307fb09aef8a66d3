"""A client with something in every table that can hold their data, written through the
real services; and helpers that read what the store's files hold."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from kimdesk.casework.appointments import AppointmentService
from kimdesk.casework.cases import CaseService, ContactInput
from kimdesk.casework.clients import ClientService
from kimdesk.casework.documents import DocumentService
from kimdesk.casework.drafts import DraftService
from kimdesk.casework.plans import PlanService
from kimdesk.casework.referrals import ReferralService
from kimdesk.reconstruction.workflow import ReconstructionService
from tests.sync.conftest import office_url, postgres_server  # noqa: F401 - fixtures

NOW = datetime(2026, 3, 2, 9, 0)


@dataclass(frozen=True)
class RichClient:
    client_id: int
    case_id: int
    secrets: tuple[str, ...]  # strings only this client's rows hold
    reconstruction_id: int


def make_rich_client(store, family: str = "Zyxwarowska", given: str = "Quintilla",
                     note: str = "Geheimnotiz Blauwalbucht", queue: bool = True) -> RichClient:
    """Every kind of record a case file can hold about one person."""
    clients, cases = ClientService(store, "Test CM"), CaseService(store, "Test CM")
    cid = clients.create(family, given_names=given, birth_date="03.1988",
                         address="Quallenweg 7, Goch", phone="0151 9988776",
                         name_variants="Sywarowska")
    clients.give_consent(cid, "documentation", "01.02.2026")
    clients.give_consent(cid, "sharing", "01.02.2026", institution="Jobcenter Kreis Kleve")
    clients.add_household_member(cid, "child", given_names="Ottilinde", birth_date="2019")
    case_id = cases.open_case(cid, "case_management", "02.02.2026")
    cases.log_contact(case_id, ContactInput(date="03.02.2026", form="phone", note=note,
                                            life_areas=("work",)))
    plans = PlanService(store, "Test CM")
    plans.assess(case_id, "work", "04.02.2026", resources="Schreinerlehre Flussdorf",
                 problems="keine Anerkennung")
    goal = plans.add_goal(case_id, "Anerkennung der Schreinerlehre", life_area="work")
    plans.add_step(goal, "Unterlagen Flussdorf übersetzen", "Klientin")
    refs = ReferralService(store, "Test CM")
    refs.refer(case_id, "05.02.2026", institution_name="Jobcenter Kreis Kleve",
               institution_type="jobcenter", purpose="Beratung Anerkennung Flussdorf",
               life_area="work")
    refs.remind(date(2026, 3, 20), "Quintilla anrufen wegen Flussdorf", client_id=cid)
    refs.report_gap("waiting_list", "06.02.2026", "Wartezeit Anerkennungsstelle Lindenhof",
                    institution_type="recognition_counselling", life_area="work",
                    case_id=case_id)
    AppointmentService(store, "Test CM").schedule(cid, NOW.date() + timedelta(days=3), "10:00",
                                                  "Rathaus Goch", note="Flussdorf-Termin",
                                                  now=NOW)
    docs = DocumentService(store, "Test CM")
    docs.record(docs.stamp(cid, "plan", case_id=case_id, now=NOW))
    DraftService(store).save(f"contact:case:{case_id}", {"note": "Entwurf Quintilla Blauwal"})
    DraftService(store).save(f"client:client:{cid}", {"phone": "0151 9988776"})
    recon = ReconstructionService(store, "Test CM", today=lambda: NOW.date())
    rid = recon.start(case_id)
    if queue:
        content = recon.get(rid).content
        content.generative_theme = "Anerkennung gelingt zügig."
        recon.save(rid, content)
        review = recon.start_review(rid)
        for i in review.open_findings:
            review.accept(i)
        recon.save_review(rid, review)
        recon.queue(rid, now=NOW)
    return RichClient(cid, case_id, (family, given, "Ottilinde", "Blauwalbucht", "Quallenweg",
                                     "9988776", "Flussdorf", "Sywarowska"), rid)


@pytest.fixture
def rich(store) -> RichClient:
    return make_rich_client(store)


@pytest.fixture
def neighbour(store) -> int:
    """Another client whose data must survive every erasure of the rich one."""
    clients = ClientService(store, "Test CM")
    cid = clients.create("Nachbarin", given_names="Bleibt", address="Bleibeweg 1")
    case_id = CaseService(store, "Test CM").open_case(cid, "short_intervention", "01.02.2026")
    CaseService(store, "Test CM").log_contact(case_id, ContactInput(
        date="02.02.2026", form="phone", note="Notiz der Nachbarin"))
    return cid
