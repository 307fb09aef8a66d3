"""The demo store looks like real work: spouses of the other sex, next appointments agreed
for open Case-Management cases (so Heute and the Terminzettel have something to show)."""

from datetime import datetime

from sqlalchemy import select

from kimdesk.demo.generator import DemoGenerator
from kimdesk.store.models import Appointment, Client, HouseholdMember


def test_demo_spouses_and_next_appointments(store):
    DemoGenerator(store, seed=3).generate(200)
    with store.session() as s:
        pairs = s.execute(select(Client.sex, HouseholdMember.sex).join(
            HouseholdMember, HouseholdMember.client_id == Client.id).where(
            HouseholdMember.relation == "spouse", Client.sex.in_(("f", "m")))).all()
        upcoming = s.scalars(select(Appointment).where(
            Appointment.starts_at > datetime.now())).all()
    assert pairs and all(a != b for a, b in pairs)
    assert len(upcoming) >= 10
