"""``kimdesk-office demo`` fills an office from demo laptops that really sync: a district
with laptops in every team, eight completed quarters, reconstructions, a theme and a
decision — so the Übersicht, Kennzahlen and Berichte are populated."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kimdesk.core.periods import Period
from kimdesk.demo.office_demo import DEMO_PASSWORD, DEMO_USER, STEERING_USER, fill
from kimdesk.office import figures
from kimdesk.office.models import Device, ReceivedItem
from tests.office_web.conftest import login
from tests.sync.conftest import free_port

TODAY = date(2026, 11, 20)


def test_demo_office_is_filled_by_synced_laptops_over_eight_quarters(tmp_path):
    port = free_port()
    engine, server = fill(tmp_path / "demo", port, clients_per_laptop=12, laptops=4,
                          say=lambda _m: None, today=TODAY)
    try:
        with Session(engine) as s:
            assert s.scalar(select(func.count()).select_from(Device)) == 4
            kinds = dict(s.execute(select(ReceivedItem.kind, func.count())
                                   .group_by(ReceivedItem.kind)).all())
            teams = set(s.scalars(select(Device.team)))
        assert kinds["reconstruction"] == 8
        assert teams == {"kleve-nord", "kleve-ost", "kleve-mitte", "kleve-sued"}
        quarters = [p.label for p in figures.periods(engine) if not p.is_year]
        last, expected = Period.containing(TODAY).previous(), []
        while len(expected) < 8:
            expected.append(last.label)
            last = last.previous()
        assert quarters == expected  # two rounds a year apart: eight completed quarters
        assert figures.completeness(engine, expected[0]).complete
        client = login(f"http://127.0.0.1:{port}", DEMO_USER, DEMO_PASSWORD)
        inbox = client.get("/fallrekonstruktionen").text
        assert "8 von 8 Fallrekonstruktionen" in inbox
        assert "Sprachkurse mit Kinderbetreuung" in client.get("/lenkungsgruppe").text
        steering = login(f"http://127.0.0.1:{port}", STEERING_USER, DEMO_PASSWORD)
        overview = steering.get("/uebersicht").text
        assert "4 von 4 Geräten haben 3. Quartal 2026 gemeldet." in overview
        assert "keine Meldung" not in overview.split('id="verlauf"', 1)[1].split(
            "</section>", 1)[0]
    finally:
        server.should_exit = True
        engine.dispose()
