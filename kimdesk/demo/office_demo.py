"""``kimdesk-office demo``: an office on 127.0.0.1 filled from a demo district, so a
newcomer sees a populated workspace in one command.

Four demo laptops (real encrypted stores with synthetic cases, one per Kleve team) enroll
with one-time codes and sync for real: their figures for the completed periods and a few
reviewed, anonymised reconstructions travel through the outbox and the signed protocol.
Then a theme, a decision and the service directory are set up, and the office serves.
"""

import secrets
import tempfile
import threading
from datetime import date
from pathlib import Path

import uvicorn

from kimdesk import catalogues
from kimdesk.demo.generator import DemoGenerator
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
from kimdesk.store.key_slots import KdfParams
from kimdesk.sync import outbox
from kimdesk.sync.enrollment import enroll
from kimdesk.sync.rounds import Synchronizer

DISTRICT = "kleve"
DEMO_USER, DEMO_PASSWORD = "demo", "demo-passwort-kreisbuero"
ADMIN_USER = "demo-admin"


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


def fill(folder: Path, port: int, clients_per_laptop: int = 120, say=print) -> tuple:  # noqa: ANN001
    """Build the demo office in ``folder``; returns (engine, running server)."""
    folder.mkdir(parents=True, exist_ok=True)
    engine = office_db.open_database(f"sqlite:///{folder}/office.db")
    save_district(engine, DISTRICT, 11.5, 50)
    accounts = Accounts(engine)
    accounts.add(DEMO_USER, DEMO_PASSWORD, "coordination", "Demo Koordination")
    accounts.add(ADMIN_USER, DEMO_PASSWORD, "admin", "Demo Administration")
    server = _serve(engine, port)
    url = f"http://127.0.0.1:{port}"
    district = catalogues.district(DISTRICT)
    passphrase = secrets.token_urlsafe(16)  # the demo laptops are never opened by hand
    for n, team in enumerate(district.planning_areas):
        say(f"Demo-Laptop {team.name}: {clients_per_laptop} Klient*innen, Abgleich …")
        store, _ = CaseStore.create(folder / f"laptop-{n + 1}", passphrase, DISTRICT,
                                    case_manager=f"Demo CM {team.name}", kdf=KdfParams.fast())
        try:
            DemoGenerator(store, seed=n + 1).generate(clients_per_laptop)
            code = devices.new_code(engine, f"Laptop {team.name}")
            identity = enroll(store, url, code)
            with store.session() as s:
                for k in range(n * 4, n * 4 + 4):
                    outbox.enqueue(s, "reconstruction", reconstruction_payload(k))
                s.commit()
            Synchronizer(store).run_round()
        finally:
            store.close()
        from sqlalchemy.orm import Session

        with Session(engine) as s, s.begin():
            device = s.get(Device, identity.device_id)
            if device is not None:
                device.team = team.id
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
    print(f"Anmelden als „{DEMO_USER}“ (Koordination) oder „{ADMIN_USER}“ (Administration), "
          f"Passwort „{DEMO_PASSWORD}“. Beenden mit Strg+C.")
    try:
        import time

        while not server.should_exit:
            time.sleep(0.5)
    except KeyboardInterrupt:
        server.should_exit = True
    return 0
