"""A whole demo district: one store per case manager, spread over the district's teams.

For tests, benchmarks and the coordinators' demo (``kimdesk demo-district``; the office's
``kimdesk-office demo`` builds on :func:`make_demo_district`).  Every store is a real
encrypted store with a realistic caseload (55 clients by default, the seeds'
Fallzahlschlüssel of 1:50–1:60) inside its team's municipalities, and deterministic: the
same seed gives the same district, record keys included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kimdesk import catalogues
from kimdesk.casework.profiles import create_store
from kimdesk.config import DEMO_PASSPHRASE
from kimdesk.demo.generator import DemoGenerator
from kimdesk.store.key_slots import KdfParams

CLIENTS = 55
#: Synthetic case managers' names (no real person).
NAMES = ("Anna Becker", "Jonas Wagner", "Leyla Demir", "Tobias Schulte", "Maria Kowalski",
         "Sven Hoffmann", "Fatma Yilmaz", "Jan Peters", "Olga Schneider", "Paul Janssen",
         "Miriam Krüger", "David Neumann", "Hanna Vogel", "Elias Brandt", "Nora Hartmann",
         "Felix Lange")


@dataclass(frozen=True)
class DemoStore:
    folder: Path
    team_id: str
    case_manager: str


def make_demo_district(folder: Path, district_id: str = "kleve", stores: int = 12,
                       clients: int = CLIENTS, seed: int = 1, today: date | None = None,
                       passphrase: str = DEMO_PASSPHRASE, kdf: KdfParams | None = None
                       ) -> list[DemoStore]:
    """Create ``stores`` demo stores below ``folder`` (``cm-01-<team>`` …), team by team in
    turn, each with ``clients`` synthetic clients; returns where they are.  ``kdf`` defaults
    to fast parameters: these are demo stores with a published passphrase."""
    district = catalogues.district(district_id)
    teams = [area.id for area in district.planning_areas]
    if stores < 1:
        raise ValueError("at least one store")
    folder = Path(folder)
    made = []
    for i in range(stores):
        team = teams[i % len(teams)]
        target = folder / f"cm-{i + 1:02d}-{team.removeprefix(district.id + '-')}"
        name = NAMES[i % len(NAMES)]
        store, _ = create_store(target, district.id, passphrase, name, team,
                                kdf=kdf or KdfParams.fast())
        try:
            DemoGenerator(store, seed=seed * 1000 + i, today=today).generate(clients)
        finally:
            store.close()
        made.append(DemoStore(target, team, name))
    return made
