"""Fixtures for the aggregates tests: small demo stores per district, hand-made records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kimdesk.demo.generator import DemoGenerator
from kimdesk.privacy.aggregates import AggregateRecords
from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import KdfParams

PASSPHRASE = "richtig-geheim-42"
TODAY = date(2026, 10, 15)
DISTRICTS = ("kleve", "minden-luebbecke", "hoexter")
CLIENTS = {"kleve": 240, "minden-luebbecke": 200, "hoexter": 160}


@pytest.fixture(scope="session")
def demo_stores(tmp_path_factory: pytest.TempPathFactory):
    """One small demo store per district, made once per test session."""
    made: dict[str, CaseStore] = {}

    def get(district: str) -> CaseStore:
        if district not in made:
            folder: Path = tmp_path_factory.mktemp(f"agg-{district}") / "store"
            store, _ = CaseStore.create(folder, PASSPHRASE, district,
                                        case_manager="Erika Mustermann", kdf=KdfParams.fast())
            DemoGenerator(store, seed=11, today=TODAY).generate(CLIENTS[district])
            made[district] = store
        return made[district]

    yield get
    for store in made.values():
        store.close()


def case(cid: int, opened: str, *, closed: str | None = None, reason: str = "",
         case_type: str = "case_management", access: int = 1, referrer: str = "",
         municipality: str = "kleve-kleve", sex: str = "f", birth: str | None = "1990-05-01",
         status: str = "ae_25", key: int | None = None) -> tuple:
    """A case row in ``CASE_FIELDS`` order (record key: a fixed scramble of the id)."""
    return (cid, case_type, access, referrer, date.fromisoformat(opened),
            date.fromisoformat(closed) if closed else None, reason, municipality, sex, birth,
            status, (cid * 2654435761) % 2**32 if key is None else key)


def records(cases: list[tuple], events: list[tuple] = (), areas: list[tuple] = (),
            district: str = "kleve", **extra) -> AggregateRecords:
    return AggregateRecords(district_id=district, cases=cases, events=list(events),
                            case_life_areas=list(areas), as_of=extra.pop("as_of", TODAY),
                            **extra)
