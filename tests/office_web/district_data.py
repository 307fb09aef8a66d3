"""A demo district's figures for the workspace's tests and benchmark: real encrypted demo
stores (``kimdesk.demo.district``), their real perturbed releases for eight quarters and
two years (``kimdesk.privacy.payload``), sent to the office by enrolled devices over signed
HTTP — what twelve laptops would have sent over two years."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from kimdesk.core.periods import Period
from kimdesk.sync.protocol.ids import uuid7

#: the laptops' "today" when they built the demo data; 2026-Q3 is the last complete quarter
TODAY = date(2026, 10, 15)
LAST_QUARTER = "2026-Q3"
QUARTERS = 8


def periods(today: date = TODAY, quarters: int = QUARTERS) -> list[str]:
    """The last ``quarters`` completed quarters, newest first, and the last two years."""
    out, p = [], Period.containing(today).previous()
    for _ in range(quarters):
        out.append(p.label)
        p = p.previous()
    return out + [str(today.year - 1), str(today.year - 2)]


def build_releases(folder: Path, stores: int = 12, clients: int = 55,
                   today: date = TODAY) -> list[dict]:
    """``[{"team": …, "payloads": [...]}, …]``, one per store, cached as JSON in ``folder``
    (a session's tests build the district once)."""
    cache = folder / f"releases-{stores}-{clients}-{today.isoformat()}.json"
    if cache.exists():
        return json.loads(cache.read_text("utf-8"))
    from kimdesk.config import DEMO_PASSPHRASE
    from kimdesk.demo.district import make_demo_district
    from kimdesk.privacy.payload import build_payload
    from kimdesk.store.case_store import CaseStore

    made = make_demo_district(folder / "stores", stores=stores, clients=clients, today=today)
    out = []
    for demo in made:
        store = CaseStore.open(demo.folder, DEMO_PASSPHRASE)
        try:
            payloads = [build_payload(store, label, today=Period.parse(label).end)
                        for label in periods(today)]
        finally:
            store.close()
        out.append({"team": demo.team_id, "name": demo.folder.name, "payloads": payloads})
    cache.write_text(json.dumps(out), "utf-8")
    return out


def send_releases(office, releases: list[dict], skip: dict[int, set[str]] | None = None
                  ) -> list[str]:
    """Enroll one device per store, push its releases (but the periods ``skip[n]`` of the
    ``n``-th store) and give the device its team, as the administration does on the Geräte
    page. Returns the device ids."""
    from sqlalchemy.orm import Session

    from kimdesk.office.models import Device
    from tests.office_web.laptops import enrolled_client

    ids = []
    skip = skip or {}
    for n, release in enumerate(releases, start=1):
        client = enrolled_client(office, f"Laptop {n:02d} {release['name'].split('-', 2)[-1]}")
        items = [{"id": uuid7(), "kind": "aggregates", "payload": p}
                 for p in release["payloads"] if p["period"] not in skip.get(n, set())]
        results = client.push(items)
        assert all(status == "stored" for status, _ in results.values()), results
        client.changes(0)  # as a sync round does: app version and cursor
        device_id = client.credentials.device_id
        client.close()
        with Session(office.engine) as s, s.begin():
            device = s.get(Device, device_id)
            assert device is not None
            device.team = release["team"]
        ids.append(device_id)
    return ids


def silent_device(office, name: str = "Laptop ohne Meldung") -> None:
    """An enrolled device that has not reported yet (completeness below 100 %)."""
    from tests.office_web.laptops import enrolled_client

    enrolled_client(office, name).close()


#: nobody reported this quarter (the trend shows "keine Meldung", never 0)
UNREPORTED = "2025-Q1"


def fill_district(office, releases: list[dict], positions: float = 11.5) -> list[str]:
    """The tests' district: twelve laptops, four teams, eight quarters and two years —
    except that nobody sent ``UNREPORTED`` and the last laptop (team Süd) has not sent
    ``LAST_QUARTER`` yet (Süd then has two reporting devices: withheld), plus one enrolled
    laptop that never reported. The district has ``positions`` case-manager positions."""
    from kimdesk.office.web.district import save

    save(office.engine, "kleve", positions, 50)
    last = len(releases)
    skip = {n: {UNREPORTED} for n in range(1, last + 1)}
    skip[last] = {UNREPORTED, LAST_QUARTER}
    ids = send_releases(office, releases, skip)
    silent_device(office)
    return ids


def sample_theme(engine, meeting_on, decided_on) -> int:  # noqa: ANN001
    """The project group's theme with its goal scheme, an institution and a meeting, and
    the steering group's published decision on it; returns the theme's id."""
    from kimdesk.office.web.decisions import Decisions
    from kimdesk.office.web.themes import Themes

    themes = Themes(engine)
    theme = themes.add("Kinderbetreuung und Sprachkurs", "Die Vereinbarkeit von Familie und "
                       "Qualifizierung wird durch angemessene Kinderbetreuung gewährleistet.")
    themes.add_goal(theme, "Ausreichend Kitaplätze in allen Kommunen")
    goal = themes.get(theme).goals[0].id  # type: ignore[union-attr]
    themes.add_goal(theme, "Sprachkurse mit Kinderbetreuung anbieten", goal)
    themes.add_institution(theme, "Jugendamt des Kreises")
    themes.add_meeting(theme, meeting_on, "Erste Sitzung.\n\nBedarf erhoben.")
    decisions = Decisions(engine)
    decisions.publish(decisions.add(decided_on, "Sprachkurse mit Kinderbetreuung",
                                    "Ab 2027 werden Kurse mit Kinderbetreuung bevorzugt "
                                    "gefördert.", theme))
    return theme
