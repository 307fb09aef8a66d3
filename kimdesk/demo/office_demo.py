"""``kimdesk-office demo``: an office on 127.0.0.1 filled from a demo district, so a
newcomer sees a populated workspace in one command.

Twelve demo laptops (real encrypted stores with synthetic caseloads, three per Kleve team,
``kimdesk.demo.district``) enroll with one-time codes and sync for real: their figures and a
few reviewed, anonymised reconstructions travel through the outbox and the signed
protocol. Each laptop syncs twice — once as it would have a year ago, once today — so the
office holds eight completed quarters and two years, as after two years of use. Then a
theme, a decision and the service directory are set up, and the office serves.
"""

import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

import uvicorn

from kimdesk import catalogues
from kimdesk.config import DEMO_PASSPHRASE
from kimdesk.demo.district import make_demo_district
from kimdesk.demo.reconstruction_payloads import reconstruction_payload
from kimdesk.office import db as office_db
from kimdesk.office import devices
from kimdesk.office.app import create_app
from kimdesk.office.models import Device
from kimdesk.office.web.accounts import Accounts
from kimdesk.office.web.decisions import Decisions
from kimdesk.office.web.directory import Directory
from kimdesk.office.web.district import save as save_district
from kimdesk.office.web.reconstructions import Reconstructions
from kimdesk.office.web.themes import Themes
from kimdesk.store.case_store import CaseStore
from kimdesk.sync import outbox
from kimdesk.sync.enrollment import enroll
from kimdesk.sync.rounds import Synchronizer

DISTRICT = "kleve"
DEMO_USER, DEMO_PASSWORD = "demo", "demo-passwort-kreisbuero"
ADMIN_USER = "demo-admin"
STEERING_USER = "demo-lenkung"


def _serve(engine, port: int) -> uvicorn.Server:  # noqa: ANN001 - sqlalchemy Engine
    config = uvicorn.Config(create_app(engine), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    import time

    import httpx

    for _ in range(600):  # until the office answers
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError("Das Demo-Kreisbüro startet nicht.")


LAPTOPS = 12
RECONSTRUCTIONS_PER_LAPTOP = 2


def fill(folder: Path, port: int, clients_per_laptop: int = 55, say=print,  # noqa: ANN001
         laptops: int = LAPTOPS, today: date | None = None,
         reconstructions_per_laptop: int = RECONSTRUCTIONS_PER_LAPTOP) -> tuple:
    """Build the demo office in ``folder``; returns (engine, running server)."""
    folder.mkdir(parents=True, exist_ok=True)
    today = today or date.today()
    engine = office_db.open_database(f"sqlite:///{folder}/office.db")
    # about one full-time position per laptop (some case managers work part-time)
    save_district(engine, DISTRICT, round(laptops * 0.95, 1), 50)
    accounts = Accounts(engine)
    accounts.add(DEMO_USER, DEMO_PASSWORD, "coordination", "Demo Koordination")
    accounts.add(ADMIN_USER, DEMO_PASSWORD, "admin", "Demo Administration")
    accounts.add(STEERING_USER, DEMO_PASSWORD, "steering", "Demo Lenkungsgruppe")
    server = _serve(engine, port)
    url = f"http://127.0.0.1:{port}"
    teams = dict((a.id, a.name) for a in catalogues.district(DISTRICT).planning_areas)
    say(f"{laptops} Demo-Laptops mit je {clients_per_laptop} Klient*innen werden angelegt …")
    made = make_demo_district(folder / "laptops", DISTRICT, laptops, clients_per_laptop,
                              today=today)
    a_year_ago = today - timedelta(days=365)
    for n, demo in enumerate(made):
        say(f"Laptop {n + 1} ({teams[demo.team_id]}, {demo.case_manager}): Anmeldung und "
            "Abgleich …")
        store = CaseStore.open(demo.folder, DEMO_PASSPHRASE)
        try:
            code = devices.new_code(engine, f"Laptop {n + 1:02d} {teams[demo.team_id]}")
            identity = enroll(store, url, code)
            with store.session() as s:
                first = n * reconstructions_per_laptop
                for k in range(first, first + reconstructions_per_laptop):
                    outbox.enqueue(s, "reconstruction", reconstruction_payload(k))
                s.commit()
            # as the laptop would have synced a year ago, and as it does today
            Synchronizer(store, today=lambda: a_year_ago).run_round()
            Synchronizer(store, today=lambda: today).run_round()
        finally:
            store.close()
        from sqlalchemy.orm import Session

        with Session(engine) as s, s.begin():
            device = s.get(Device, identity.device_id)
            if device is not None:
                device.team = demo.team_id
    recs = Reconstructions(engine).all()
    themes = Themes(engine)
    theme = themes.add("Kinderbetreuung und Sprachkurs", "Die Vereinbarkeit von Familie und "
                       "Qualifizierung wird durch angemessene Kinderbetreuung gewährleistet.")
    themes.add_goal(theme, "In jeder Kommune gibt es Kitaplätze für Kinder von Eltern im "
                           "Sprachkurs.")
    goal = themes.get(theme).goals[0].id  # type: ignore[union-attr]
    themes.add_goal(theme, "Sprachkursträger und Jugendamt planen Kurse mit Kinderbetreuung "
                           "gemeinsam.", goal)
    themes.add_institution(theme, "Jugendamt des Kreises")
    themes.add_institution(theme, "Sprachkursträger im Kreis")
    themes.add_meeting(theme, date(2026, 11, 12), "Erste Sitzung der Projektgruppe.")
    childcare = [r.key for r in recs if "childcare" in r.life_areas][:3]
    Reconstructions(engine).bundle(childcare, theme)
    decisions = Decisions(engine)
    decisions.publish(decisions.add(date(2026, 11, 20), "Sprachkurse mit Kinderbetreuung",
                                    "Ab 2027 werden Integrationskurse mit Kinderbetreuung "
                                    "bevorzugt gefördert. Bitte weisen Sie Eltern auf diese "
                                    "Kurse hin.", theme))
    directory = Directory(engine)
    directory.import_entries(catalogues.service_directory(DISTRICT))
    directory.publish()
    return engine, server


def run(folder: Path | None, port: int) -> int:
    base = folder or Path(tempfile.mkdtemp(prefix="kimdesk-office-demo-"))
    print(f"Demo-Kreisbüro in {base} wird gefüllt …")
    _engine, server = fill(base, port)
    print(f"\nArbeitsbereich: http://127.0.0.1:{port}/")
    print(f"Anmelden als „{DEMO_USER}“ (Koordination), „{STEERING_USER}“ (Lenkungsgruppe) "
          f"oder „{ADMIN_USER}“ (Administration), Passwort „{DEMO_PASSWORD}“. Beenden mit "
          "Strg+C.")
    try:
        import time

        while not server.should_exit:
            time.sleep(0.5)
    except KeyboardInterrupt:
        server.should_exit = True
    return 0
