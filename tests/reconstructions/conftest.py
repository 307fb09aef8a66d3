"""A demo case grown into a reconstruction-worthy one: five institutions, four life areas."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kimdesk.casework.clients import ClientService
from kimdesk.casework.referrals import ReferralService
from kimdesk.demo.generator import DemoGenerator
from kimdesk.reconstruction.workflow import ReconstructionService
from kimdesk.store.models import Case, Client
from tests.conftest import HANG_GUARD_S

TODAY = date(2025, 6, 1)


@pytest.fixture
def demo_case(store) -> int:
    """An open demo case (DemoGenerator) with household, five referrals and a gap."""
    DemoGenerator(store, seed=7, today=TODAY).generate(12)
    with store.session() as s:
        case = s.scalars(select(Case).where(Case.closed_on.is_(None))
                         .where(Case.opened_on <= date(2025, 1, 1))
                         .order_by(Case.id)).first()
        client = s.get(Client, case.client_id)
        case_id, client_id, opened = case.id, client.id, case.opened_on
        has_child = any(m.relation == "child" for m in client.household)
    clients = ClientService(store)
    clients.update(client_id, sex="f")
    if not has_child:
        clients.add_household_member(client_id, "child", given_names="Lina", birth_date="2022-02",
                                     sex="f")
    refs = ReferralService(store)
    plan = [("language_course_provider", "language", 20, "waiting_list"),
            ("jobcenter", "work", 45, "appointment_made"),
            ("kita", "childcare", 70, "declined_by_service"),
            ("jmd", "training", 100, "service_received"),
            ("health_service", "health", 120, "pending")]
    for itype, _area, _days, _outcome in plan:
        clients.give_consent(client_id, "sharing", opened, institution=f"Stelle {itype}")
    for itype, area, days, outcome in plan:
        rid = refs.refer(case_id, opened + timedelta(days=days),
                         institution_name=f"Stelle {itype}", institution_type=itype,
                         life_area=area)
        refs.record_outcome(rid, outcome)
    refs.report_gap("no_childcare_place", opened + timedelta(days=75),
                    "Kein Kita-Platz, dadurch keine Kursteilnahme.", institution_type="kita",
                    life_area="childcare", case_id=case_id)
    return case_id


@pytest.fixture
def service(store) -> ReconstructionService:
    return ReconstructionService(store, actor="Test CM", today=lambda: TODAY)


@pytest.fixture
def runner(qapp):
    """The desk's task runner: the editor's service calls run there, off the GUI thread."""
    from kimdesk.ui.tasks import TaskRunner

    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def settle(runner) -> None:  # noqa: ANN001 - TaskRunner
    """Every queued service call done and its result delivered on the GUI thread."""
    assert runner.wait_idle(HANG_GUARD_S), "background tasks did not finish"


def client_names(store, case_id: int) -> list[str]:
    with store.session() as s:
        client = s.get(Client, s.get(Case, case_id).client_id)
        return [client.given_names, client.family_name,
                *(m.given_names for m in client.household if m.given_names)]
