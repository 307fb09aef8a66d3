"""``kimdesk-office demo`` fills an office from demo laptops that really sync."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kimdesk.demo.office_demo import DEMO_PASSWORD, DEMO_USER, fill
from kimdesk.office.models import Device, ReceivedItem
from tests.office_web.conftest import login
from tests.sync.conftest import free_port


def test_demo_office_is_filled_by_synced_laptops(tmp_path):
    port = free_port()
    engine, server = fill(tmp_path / "demo", port, clients_per_laptop=8, say=lambda _m: None)
    try:
        with Session(engine) as s:
            assert s.scalar(select(func.count()).select_from(Device)) == 4
            kinds = dict(s.execute(select(ReceivedItem.kind, func.count())
                                   .group_by(ReceivedItem.kind)).all())
            teams = set(s.scalars(select(Device.team)))
        assert kinds["reconstruction"] == 16 and kinds["aggregates"] >= 4
        assert teams == {"kleve-nord", "kleve-ost", "kleve-mitte", "kleve-sued"} or \
            len(teams) == 4
        client = login(f"http://127.0.0.1:{port}", DEMO_USER, DEMO_PASSWORD)
        inbox = client.get("/fallrekonstruktionen").text
        assert "16 von 16 Fallrekonstruktionen" in inbox
        assert "Sprachkurse mit Kinderbetreuung" in client.get("/lenkungsgruppe").text
    finally:
        server.should_exit = True
        engine.dispose()
